from . import komunigi_cofinancing_join_wizard
