# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

MEETING_HOUR = 18  # sessions are held in the evening, local time
MEETING_HOURS = 1.5


class CalendarEvent(models.Model):
    """The meeting of a decision session, where its voting co-ops' representatives meet.

    The session owns its meeting: the addons that remind and report meetings see an
    event with komunigi attendees, and never the session.
    """

    _inherit = "calendar.event"

    komunigi_session_id = fields.Many2one(
        "komunigi.session",
        string="Decision session",
        ondelete="set null",
        index=True,
        copy=False,
        help="The session this meeting is held for.",
    )

    @api.model
    def _komunigi_plan_session_meeting(self, session):
        """Create the session's meeting on its day and invite one representative of
        each voting co-op; those who cannot be invited are reported on the meeting."""
        if not self.env.user.has_group("komunigi_membership.group_coordinator"):
            raise AccessError(_("Only a coordinator plans the meetings."))
        start = self._komunigi_session_start(session)
        coops = session._eligible_coops()
        memberships = coops.mapped(lambda coop: coop._komunigi_active_membership())
        representatives = memberships._representatives_to_invite()
        invited = representatives.filtered("email")
        if not invited:
            raise UserError(
                _(
                    "No representative of a voting co-op has an e-mail address: nobody "
                    "can be invited."
                )
            )
        event = self.create(self._komunigi_session_values(session, start, invited))
        without = coops - representatives.mapped("commercial_partner_id")
        report = representatives._komunigi_invitation_report(without)
        if report:
            event.message_post(body=html_escape(report).replace("\n", "<br/>"))
        return event

    @api.model
    def _komunigi_session_start(self, session):
        """The session's day at 18:00 in the user's time zone, as naive UTC; refused
        once that moment has passed."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        day = fields.Date.from_string(session.date)
        local = tz.localize(datetime.combine(day, time(MEETING_HOUR)))
        start = local.astimezone(pytz.utc).replace(tzinfo=None)
        if start <= fields.Datetime.from_string(fields.Datetime.now()):
            raise UserError(
                _("%s: the session's day has passed, its meeting cannot be planned.")
                % session.name
            )
        return start

    @api.model
    def _komunigi_session_values(self, session, start, invited):
        return {
            "name": session.name,
            "komunigi_session_id": session.id,
            "res_model_id": self.env["ir.model"]._get(session._name).id,
            "res_id": session.id,
            "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(start + timedelta(hours=MEETING_HOURS)),
            "duration": MEETING_HOURS,
            "allday": False,
            "partner_ids": [(6, 0, invited.ids)],
        }
