from . import test_audience_sync
from . import test_newsletter_digest
from . import test_meetings
from . import test_delivery_smtp
from . import test_demo_newsletters
