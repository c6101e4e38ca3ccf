from . import test_cofinancing
from . import test_funding_round
from . import test_funding_round_pabulib
from . import test_cofinancing_commitments
from . import test_cofinancing_lifecycle
from . import test_funding_round_offer
from . import test_coordinator_actions
from . import test_pledge_rules
