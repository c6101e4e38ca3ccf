from . import komunigi_request_close_wizard
