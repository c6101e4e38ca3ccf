from . import portal_cofinancings
from . import portal_rounds
from . import public
