# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import dues_reminders


class ResCompany(models.Model):
    """The coordination budget and dues settings of the intercooperation, and the
    dues that arrive: the dues invoices sent by e-mail, the unpaid ones reminded."""

    _inherit = "res.company"

    komunigi_hourly_rate = fields.Monetary(
        string="Hourly rate",
        default=55.0,
        help="Price of one hour of the provider's work (coordination, development).",
    )
    komunigi_coordination_hours = fields.Float(
        string="Monthly coordination hours",
        default=3.0,
        help="Hours of community work per month that the dues must cover.",
    )
    komunigi_provider_hours = fields.Float(
        string="Provider hours contributed",
        default=1.0,
        help="Hours per month the provider adds to the coordination for free.",
    )
    komunigi_provider_id = fields.Many2one(
        "res.partner",
        string="Provider",
        domain=[("is_company", "=", True)],
        help="The organisation of the provider's core-group members (e.g. Coop IT Easy).",
    )
    komunigi_dues_journal_id = fields.Many2one(
        "account.journal",
        string="Dues journal",
        domain=[("type", "=", "sale")],
        help="Sale journal of the dues invoices; the first sale journal when empty.",
    )
    komunigi_dues_invoice_state = fields.Selection(
        [("draft", "Draft"), ("open", "Validated")],
        string="Dues invoices after generation",
        default="draft",
        required=True,
    )

    def _komunigi_default_sale_taxes(self):
        """The company's default sale tax (Odoo 11 keeps it as a default value of
        the products' customer taxes, set by the chart of accounts or the settings)."""
        self.ensure_one()
        tax_ids = self.env["ir.default"].get(
            "product.template", "taxes_id", company_id=self.id
        )
        return self.env["account.tax"].browse(tax_ids or []).exists()

    @api.model
    def _komunigi_configure_all_accounting(self):
        """At install (data function): every company's chart as Komunigi needs it."""
        self.search([])._komunigi_configure_accounting()

    def _komunigi_configure_accounting(self):
        """What the dues and co-financing invoices need from each company's chart:
        their products carry its default sale tax, and its fiscal positions are
        found by country and VAT number."""
        self.env["product.template"]._komunigi_apply_company_sale_taxes(self)
        for company in self:
            self.env["account.fiscal.position"]._komunigi_complete_chart_rules(company)

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
