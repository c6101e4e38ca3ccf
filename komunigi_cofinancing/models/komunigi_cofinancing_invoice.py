# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.komunigi_membership.models.shared_fields import part_of


class KomunigiCofinancingInvoice(models.Model):
    """The invoice (or credit note) of one share for one milestone, issued once.

    A cancelled milestone invoice is issued again once: the new link has the next
    `attempt`, and the uniqueness of (share, milestone, attempt) makes a double click
    or two parallel clicks issue it once.
    """

    _name = "komunigi.cofinancing.invoice"
    _description = "Co-financing invoice"
    _order = "id"

    share_id = part_of("komunigi.cofinancing.share")
    milestone_id = fields.Many2one(
        "komunigi.cofinancing.milestone", ondelete="restrict", index=True
    )
    attempt = fields.Integer(
        default=0,
        readonly=True,
        help="0 for the first issue; n for the n-th re-issue of a cancelled invoice.",
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
            "unique(share_id, milestone_id, attempt)",
            "This share is already invoiced for this milestone.",
        )
    ]

    @api.depends("amount", "kind")
    def _compute_signed_amount(self):
        for link in self:
            link.signed_amount = -link.amount if link.kind == "refund" else link.amount

    @api.model
    def _issue(self, share, amount, label, kind, milestone=None, attempt=0):
        """Invoice (credit note for `refund`) `amount` to the share's co-op, linked."""
        cofinancing = share.cofinancing_id
        Invoice = self.env["account.invoice"]
        type_ = "out_refund" if kind == "refund" else "out_invoice"
        vals = Invoice._komunigi_prepare(
            share.partner_id,
            cofinancing.company_id,
            fields.Date.context_today(self),
            cofinancing.name,
            type_=type_,
        )
        line = Invoice._komunigi_line(
            vals,
            self.env.ref("komunigi_cofinancing.product_cofinancing"),
            "%s: %s" % (cofinancing.name, label),
            amount,
        )
        invoice = Invoice._komunigi_create(vals, [line])
        self.create(
            {
                "share_id": share.id,
                "milestone_id": milestone.id if milestone else False,
                "attempt": attempt,
                "kind": kind,
                "invoice_id": invoice.id,
                "amount": amount,
            }
        )
        return invoice
