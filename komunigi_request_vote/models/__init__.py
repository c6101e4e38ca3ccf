from . import komunigi_request_category
