from . import test_request_category
