from . import komunigi_cofinancing_agreement
from . import komunigi_coop_statement
from . import komunigi_funding_round_result
