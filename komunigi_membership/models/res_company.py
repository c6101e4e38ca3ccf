# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    """The coordination budget and dues settings of the intercooperation."""

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
