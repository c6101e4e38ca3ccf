from . import komunigi_cofinancing_join_wizard
from . import komunigi_cofinancing_commit_wizard
from . import komunigi_funding_round_pabulib
