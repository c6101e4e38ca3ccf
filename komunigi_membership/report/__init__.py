from . import komunigi_coop_statement
