# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
