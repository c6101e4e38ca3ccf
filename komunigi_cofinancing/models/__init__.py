from . import komunigi_cofinancing
from . import komunigi_cofinancing_share
from . import komunigi_cofinancing_milestone
from . import komunigi_cofinancing_invoice
from . import komunigi_funding_round
from . import komunigi_funding_round_participant
from . import komunigi_funding_round_ballot
from . import komunigi_request
