from . import komunigi_portal
from . import portal
from . import log
from . import portal_chart
from . import login
