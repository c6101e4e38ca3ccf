# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models

from ..lib import reminders

_logger = logging.getLogger(__name__)


class KomunigiMeetingReminder(models.Model):
    """A reminder handled for one attendee of a meeting, at one offset.

    The uniqueness of (meeting, attendee, offset) is the last guard against reminding
    twice: a second run of the cron, or two runs at the same time, find the row taken.
    """

    _name = "komunigi.meeting.reminder"
    _description = "Meeting reminder"
    _order = "date desc, id desc"
    _rec_name = "event_id"

    event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        required=True,
        ondelete="cascade",
        index=True,
    )
    attendee_id = fields.Many2one(
        "calendar.attendee", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="attendee_id.partner_id", store=True, readonly=True
    )
    offset_days = fields.Integer(string="Days before", required=True)
    state = fields.Selection(
        [("sent", "Sent"), ("skipped", "Skipped (a nearer one was due)")],
        required=True,
        default="sent",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")

    _sql_constraints = [
        (
            "reminder_unique",
            "unique(event_id, attendee_id, offset_days)",
            "This reminder was already handled.",
        )
    ]

    @api.model
    def _cron_send(self):
        """Queue the reminders due now, each (meeting, attendee, offset) once."""
        company = self.env.user.company_id
        offsets = company._komunigi_reminder_offsets()
        now = fields.Datetime.from_string(fields.Datetime.now())
        horizon = now + timedelta(days=max(offsets))
        events = self.env["calendar.event"].search(
            [
                ("komunigi_is_meeting", "=", True),
                ("start", ">", fields.Datetime.to_string(now)),
                ("start", "<=", fields.Datetime.to_string(horizon)),
            ]
        )
        handled = self.browse()
        for event in events:
            start = fields.Datetime.from_string(event.start)
            for attendee in event.attendee_ids:
                if not (attendee.email or attendee.partner_id.email):
                    continue
                if attendee.state == "declined":
                    continue
                done = set(
                    self.search([("attendee_id", "=", attendee.id)]).mapped(
                        "offset_days"
                    )
                )
                for offset, action in reminders.plan(now, start, offsets, done):
                    handled |= self._handle(attendee, offset, action)
        return handled

    @api.model
    def _handle(self, attendee, offset, action):
        """Record the reminder first, then queue its e-mail: a concurrent twin run
        that recorded it already makes this one skip it."""
        try:
            with self.env.cr.savepoint():
                reminder = self.create(
                    {
                        "event_id": attendee.event_id.id,
                        "attendee_id": attendee.id,
                        "offset_days": offset,
                        "state": "sent" if action == reminders.SEND else "skipped",
                    }
                )
        except psycopg2.IntegrityError:
            _logger.info("Reminder %s/%s already handled", attendee, offset)
            return self.browse()
        if action == reminders.SEND:
            reminder.mail_id = reminder._queue_mail()
        return reminder

    def _queue_mail(self):
        """The reminder e-mail, in the attendee's language and time zone."""
        self.ensure_one()
        template = self.env.ref("komunigi_newsletter.mail_template_meeting_reminder")
        mail_id = template.with_context(
            days=self.offset_days, when=self._start_text(), komunigi_from=self._sender()
        ).send_mail(self.attendee_id.id, force_send=False)
        return self.env["mail.mail"].browse(mail_id)

    def _start_text(self):
        """When the meeting starts, where the attendee lives (31/03/2026 18:00)."""
        tz = self.partner_id.tz or self.env.user.tz or "UTC"
        start = fields.Datetime.context_timestamp(
            self.with_context(tz=tz), fields.Datetime.from_string(self.event_id.start)
        )
        return start.strftime("%d/%m/%Y %H:%M")

    def _sender(self):
        """The organiser, else the company: whoever the attendee can answer to."""
        organiser = self.event_id.user_id.partner_id
        if organiser.email:
            return organiser.email_formatted
        company = self.env.user.company_id
        return company.email and '"%s" <%s>' % (company.name, company.email) or ""
