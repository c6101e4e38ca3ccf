A session owns its meeting: *Plan the meeting* on the session form creates the calendar
event (``komunigi_session_id``) and invites one representative of each voting co-op. The
migration to 11.0.1.3.0 links the meetings planned for a session by the newsletter.
