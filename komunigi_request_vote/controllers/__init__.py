from . import portal
from . import portal_request_form
from . import portal_sessions
from . import roadmap
from . import public
from . import chatter
