# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CalendarAttendee(models.Model):
    """Attendance of a meeting, recorded once it has started."""

    _inherit = "calendar.attendee"

    komunigi_attended = fields.Boolean(string="Attended")
    komunigi_coop_id = fields.Many2one(
        "res.partner",
        string="Co-op",
        related="partner_id.commercial_partner_id",
        readonly=True,
    )

    @api.constrains("komunigi_attended")
    def _check_komunigi_attended(self):
        now = fields.Datetime.now()
        for attendee in self.filtered("komunigi_attended"):
            if attendee.event_id.start > now:
                raise ValidationError(
                    _("Attendance is recorded once the meeting has started.")
                )
