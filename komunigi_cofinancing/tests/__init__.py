from . import test_cofinancing
