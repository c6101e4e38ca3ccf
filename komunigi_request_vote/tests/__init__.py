from . import test_request_category
from . import test_request
from . import test_session
from . import test_notifications
from . import test_session_close
from . import test_request_text_limits
from . import test_log_entries
from . import test_member_rules
