# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import dues_reminders


class ResCompany(models.Model):
    """Dues that arrive: the dues invoices sent by e-mail, the unpaid ones reminded."""

    _inherit = "res.company"

    komunigi_dues_send = fields.Boolean(
        string="Validate and e-mail the dues invoices",
        help="The dues run validates each new dues invoice; the invoice is then "
        "e-mailed, with its PDF, to the co-op's invoicing address (its contact of "
        "type Invoice address, else the co-op).",
    )
    komunigi_dues_reminder_days = fields.Integer(
        string="First reminder after (days)",
        default=15,
        help="Days after the due date of an unpaid dues invoice when the co-op is "
        "reminded of it. 0: no reminders.",
    )
    komunigi_dues_reminder_days_2 = fields.Integer(
        string="Second reminder after (days)",
        default=45,
        help="Days after the due date when a second reminder is sent. 0: none.",
    )

    def _komunigi_reminder_delays(self):
        """The delays of the reminder levels, in days after the due date."""
        self.ensure_one()
        return dues_reminders.check_delays(
            (self.komunigi_dues_reminder_days, self.komunigi_dues_reminder_days_2)
        )

    @api.constrains("komunigi_dues_reminder_days", "komunigi_dues_reminder_days_2")
    def _check_komunigi_reminder_delays(self):
        for company in self:
            try:
                company._komunigi_reminder_delays()
            except dues_reminders.ReminderError as error:
                raise ValidationError(_(error.msgid) % error.params) from error
