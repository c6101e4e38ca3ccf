from . import komunigi_newsletter_wizard
from . import komunigi_meeting_wizard
