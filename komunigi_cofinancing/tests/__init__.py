from . import test_cofinancing
from . import test_funding_round
from . import test_funding_round_pabulib
