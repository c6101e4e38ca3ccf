# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KomunigiMembershipTier(models.Model):
    """A level of membership: its monthly dues (excl. VAT) and its rights."""

    _name = "komunigi.membership.tier"
    _inherit = ["komunigi.choice", "komunigi.company.owned"]
    _description = "Membership tier"
    _order = "sequence, monthly_rate, id"

    monthly_rate = fields.Monetary(required=True, help="Dues per month, excluding VAT.")
    product_id = fields.Many2one(
        "product.product",
        string="Dues product",
        required=True,
        domain=[("type", "=", "service")],
        help="Product of the dues invoice lines: it gives the income account and taxes.",
    )
    has_voting_right = fields.Boolean(
        string="Voting right", help="Co-ops of this tier vote in decision sessions."
    )
    prorate = fields.Boolean(
        default=True,
        help="Invoice partial periods by days: the first and last periods, periods "
        "partly suspended, and credit the unused days of an ended membership. "
        "Without it, a period with any billable day is invoiced whole.",
    )

    @api.constrains("monthly_rate")
    def _check_monthly_rate(self):
        for tier in self:
            if tier.currency_id.compare_amounts(tier.monthly_rate, 0) < 0:
                raise ValidationError(
                    _("The monthly rate of the tier %s cannot be negative.") % tier.name
                )
