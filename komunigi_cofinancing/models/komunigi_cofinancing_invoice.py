# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class KomunigiCofinancingInvoice(models.Model):
    """The invoice (or credit note) of one share for one milestone, issued once."""

    _name = "komunigi.cofinancing.invoice"
    _description = "Co-financing invoice"
    _order = "id"

    share_id = fields.Many2one(
        "komunigi.cofinancing.share", required=True, ondelete="cascade", index=True
    )
    milestone_id = fields.Many2one(
        "komunigi.cofinancing.milestone", ondelete="restrict", index=True
    )
    kind = fields.Selection(
        [
            ("milestone", "Milestone"),
            ("join", "Late joiner"),
            ("refund", "Credit note"),
        ],
        required=True,
        default="milestone",
    )
    invoice_id = fields.Many2one("account.invoice", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="share_id.currency_id", readonly=True)
    amount = fields.Monetary(help="Excluding taxes; positive for credit notes too.")
    signed_amount = fields.Monetary(compute="_compute_signed_amount")

    _sql_constraints = [
        (
            "milestone_once",
            "unique(share_id, milestone_id)",
            "This share is already invoiced for this milestone.",
        )
    ]

    @api.depends("amount", "kind")
    def _compute_signed_amount(self):
        for link in self:
            link.signed_amount = -link.amount if link.kind == "refund" else link.amount
