from . import komunigi_log_entry
