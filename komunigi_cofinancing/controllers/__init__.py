from . import portal
from . import portal_rounds
from . import public
