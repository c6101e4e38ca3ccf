# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..lib import reminders

MEETING_KINDS = [
    ("session", "Meeting of the co-ops"),
    ("core_group", "Core-group meeting"),
]
START_FIELDS = ("start", "start_datetime")


class CalendarEvent(models.Model):
    """A meeting of the intercooperation: invitations, reminders, presence, minutes."""

    _inherit = "calendar.event"

    komunigi_kind = fields.Selection(
        MEETING_KINDS,
        string="Komunigi meeting",
        index=True,
        copy=False,
        help="Meetings of the intercooperation get reminders before they start.",
    )
    komunigi_invitation_report = fields.Text(
        string="Not invited",
        readonly=True,
        copy=False,
        help="Who could not be invited when the meeting was planned, and why.",
    )
    komunigi_minutes = fields.Binary(string="Minutes", attachment=True, copy=False)
    komunigi_minutes_filename = fields.Char(string="Minutes file name", copy=False)
    komunigi_log_entry_ids = fields.One2many(
        "komunigi.log.entry", "meeting_id", string="Log entries"
    )
    komunigi_reminder_ids = fields.One2many(
        "komunigi.meeting.reminder", "event_id", string="Reminders", readonly=True
    )
    komunigi_is_meeting = fields.Boolean(
        string="Komunigi meeting?",
        compute="_compute_komunigi_is_meeting",
        search="_search_komunigi_is_meeting",
        help="Planned here, or held with komunigi people (representatives of the "
        "member co-ops, the core group): such meetings get reminders, attendance "
        "and minutes.",
    )
    komunigi_attended_count = fields.Integer(
        string="Present", compute="_compute_komunigi_attended_count"
    )

    @api.depends("attendee_ids.komunigi_attended")
    def _compute_komunigi_attended_count(self):
        for event in self:
            event.komunigi_attended_count = len(
                event.attendee_ids.filtered("komunigi_attended")
            )

    @api.depends("komunigi_kind", "partner_ids")
    def _compute_komunigi_is_meeting(self):
        people = self.env["komunigi.audience"]._meeting_people()
        for event in self:
            event.komunigi_is_meeting = bool(
                event.komunigi_kind or event.partner_ids & people
            )

    def _search_komunigi_is_meeting(self, operator, value):
        """Any event with komunigi attendees is one: the addons that plan meetings
        (a decision session's) invite them, and name no field of this addon."""
        people = self.env["komunigi.audience"]._meeting_people()
        domain = [
            "|",
            ("komunigi_kind", "!=", False),
            ("partner_ids", "in", people.ids),
        ]
        if (operator == "=") == bool(value):
            return domain
        return ["!"] + domain

    # --- a meeting is planned in the future ------------------------------------------
    @api.model
    def _komunigi_check_start(self, vals):
        start = next((vals[f] for f in START_FIELDS if vals.get(f)), None)
        try:
            reminders.check_meeting_start(
                fields.Datetime.from_string(start) if start else None,
                fields.Datetime.from_string(fields.Datetime.now()),
            )
        except reminders.ReminderError as error:
            raise ValidationError(_(error.msgid) % error.params) from error

    @api.model
    def create(self, vals):
        if vals.get("komunigi_kind"):
            self._komunigi_check_start(vals)
        return super().create(vals)

    def write(self, vals):
        moves = any(vals.get(f) for f in START_FIELDS)
        if moves and (vals.get("komunigi_kind") or any(self.mapped("komunigi_kind"))):
            self._komunigi_check_start(vals)
        return super().write(vals)

    # --- minutes ---------------------------------------------------------------------
    def action_komunigi_log_minutes(self):
        """Draft the log entry that links to the minutes (once; it is updated after)."""
        self.ensure_one()
        if not self.komunigi_minutes:
            raise UserError(_("Attach the minutes of the meeting first."))
        now = fields.Datetime.now()
        if self.start > now:
            raise UserError(_("The meeting has not taken place yet."))
        Entry = self.env["komunigi.log.entry"]
        day = Entry.env["komunigi.newsletter.digest"]._local_date(self.start)
        body = "<p>%s</p>" % html_escape(
            _('The minutes of the meeting "%s" are attached.') % self.name
        )
        entry = Entry._draft_event(
            self,
            "minutes",
            fields.Date.to_string(day),
            _("Minutes: %s") % self.name,
            body,
            values={"meeting_id": self.id},
        )
        return entry.get_formview_action()
