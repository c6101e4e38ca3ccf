from . import komunigi_portal
from . import portal
from . import log
from . import login
