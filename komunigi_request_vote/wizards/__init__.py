from . import komunigi_request_close_wizard
from . import komunigi_session_wizard
