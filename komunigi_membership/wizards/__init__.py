from . import komunigi_membership_change_wizard
