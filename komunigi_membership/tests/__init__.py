from . import test_security
from . import test_membership
from . import test_mandate
from . import test_dues_invoicing
from . import test_dues_concurrency
from . import test_chart_taxes
