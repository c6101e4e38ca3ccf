from . import komunigi_request_category
from . import komunigi_request
from . import komunigi_proposal
from . import komunigi_session
from . import komunigi_session_item
from . import komunigi_ballot
from . import res_company
from . import res_config_settings
