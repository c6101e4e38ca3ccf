# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .shared_fields import part_of


class KomunigiMembershipDues(models.Model):
    """The dues of one period of a membership, invoiced once.

    The uniqueness of (membership, period start) is the last guard against invoicing a
    period twice; deleting the record (its invoice is cancelled) frees the period.
    """

    _name = "komunigi.membership.dues"
    _inherit = "komunigi.membership.record"
    _description = "Invoiced dues period"
    _order = "period_start desc, id desc"
    _rec_name = "period_start"

    tier_id = fields.Many2one("komunigi.membership.tier", required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    currency_id = fields.Many2one(related="membership_id.currency_id", readonly=True)
    amount = fields.Monetary(required=True, help="Excluding VAT.")
    monthly_rate = fields.Monetary(
        help="The tier's monthly rate when the period was invoiced: its credits use it."
    )
    months = fields.Integer(
        required=True, default=1, help="Months of the calendar period (1, 3 or 12)."
    )
    credit_ids = fields.One2many("komunigi.membership.dues.credit", "dues_id")
    amount_credited = fields.Monetary(
        compute="_compute_amount_credited", help="By credit notes not cancelled."
    )
    invoice_line_id = part_of("account.invoice.line")
    # Set at creation, not related: a dues run creates thousands of invoice lines, and a
    # stored related field makes each of them search the dues that depend on it.
    invoice_id = fields.Many2one(
        "account.invoice", required=True, readonly=True, ondelete="cascade", index=True
    )
    invoice_state = fields.Selection(related="invoice_id.state", readonly=True)

    _sql_constraints = [
        (
            "period_unique",
            "unique(membership_id, period_start)",
            "This dues period is already invoiced.",
        )
    ]

    @api.depends("credit_ids.amount", "credit_ids.invoice_state")
    def _compute_amount_credited(self):
        for dues in self:
            dues.amount_credited = sum(
                dues.credit_ids.filtered(lambda c: c.invoice_state != "cancel").mapped(
                    "amount"
                )
            )
