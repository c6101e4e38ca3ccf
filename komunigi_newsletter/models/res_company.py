# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import reminders


class ResCompany(models.Model):
    """Settings of the meetings' reminders and of the newsletter."""

    _inherit = "res.company"

    komunigi_reminder_early_days = fields.Integer(
        string="First reminder (days before)",
        default=7,
        help="Invited representatives are reminded this many days before a meeting.",
    )
    komunigi_reminder_late_days = fields.Integer(
        string="Last reminder (days before)",
        default=1,
        help="A second reminder, this many days before the meeting.",
    )
    komunigi_newsletter_user_id = fields.Many2one(
        "res.users",
        string="Newsletter coordinator",
        help="Told when the quarterly newsletter draft is ready; the user who runs "
        "the scheduled action when empty.",
    )

    def _komunigi_reminder_offsets(self):
        self.ensure_one()
        return (self.komunigi_reminder_early_days, self.komunigi_reminder_late_days)

    @api.constrains("komunigi_reminder_early_days", "komunigi_reminder_late_days")
    def _check_komunigi_reminder_offsets(self):
        for company in self:
            try:
                reminders.check_offsets(company._komunigi_reminder_offsets())
            except reminders.ReminderError as error:
                raise ValidationError(_(error.msgid) % error.params) from error
