from . import portal
from . import log
