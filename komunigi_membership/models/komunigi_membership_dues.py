# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiMembershipDues(models.Model):
    """The dues of one period of a membership, invoiced once.

    The uniqueness of (membership, period start) is the last guard against invoicing a
    period twice; deleting the record (its invoice is cancelled) frees the period.
    """

    _name = "komunigi.membership.dues"
    _description = "Invoiced dues period"
    _order = "period_start desc, id desc"
    _rec_name = "period_start"

    membership_id = fields.Many2one(
        "komunigi.membership", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="membership_id.partner_id", store=True, string="Co-op", readonly=True
    )
    tier_id = fields.Many2one("komunigi.membership.tier", required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    currency_id = fields.Many2one(related="membership_id.currency_id", readonly=True)
    amount = fields.Monetary(required=True, help="Excluding VAT.")
    invoice_line_id = fields.Many2one(
        "account.invoice.line", required=True, ondelete="cascade", index=True
    )
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
