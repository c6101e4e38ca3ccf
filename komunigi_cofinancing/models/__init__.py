from . import komunigi_cofinancing
from . import komunigi_cofinancing_share
from . import komunigi_cofinancing_milestone
from . import komunigi_cofinancing_invoice
