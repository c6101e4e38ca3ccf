A decision session's meeting is planned from the session (``komunigi_request_vote``): the
*Plan a meeting* wizard names no model of the addons above membership. Reminders,
attendance and minutes work on every event with komunigi attendees. The library takes
its error class and translation marker from komunigi_membership's ``lib/rules.py``.
