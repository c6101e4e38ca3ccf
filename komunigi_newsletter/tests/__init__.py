from . import test_log_entry
