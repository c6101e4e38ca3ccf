# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.3.0: a decision session owns its meeting.

komunigi_newsletter's meeting wizard linked a session's meeting as the event's
document (res_model, res_id); the session's own field now says it. The document link
stays as it was.
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE calendar_event event SET komunigi_session_id = event.res_id
        FROM komunigi_session session
        WHERE event.res_model = 'komunigi.session' AND session.id = event.res_id
            AND event.komunigi_session_id IS NULL
        """,
    )
