# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KomunigiCofinancingShare(models.Model):
    """What one co-op pays of a co-financing, and what it was invoiced and paid."""

    _name = "komunigi.cofinancing.share"
    _description = "Co-funder share"
    _order = "cofinancing_id, id"
    _rec_name = "partner_id"

    cofinancing_id = fields.Many2one(
        "komunigi.cofinancing", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Co-op", required=True, domain=[("is_company", "=", True)]
    )
    currency_id = fields.Many2one(related="cofinancing_id.currency_id", readonly=True)
    weight = fields.Float(default=1.0, help="Weighted split: tier, members, turnover.")
    pledge = fields.Monetary(help="What the co-op commits to pay.")
    cap = fields.Monetary(help="Capped split: the most the co-op can pay.")
    amount = fields.Monetary(readonly=True, help="Its part of the total.")
    invoice_link_ids = fields.One2many("komunigi.cofinancing.invoice", "share_id")
    amount_invoiced = fields.Monetary(compute="_compute_invoiced")
    amount_paid = fields.Monetary(compute="_compute_invoiced")

    _sql_constraints = [
        (
            "coop_unique",
            "unique(cofinancing_id, partner_id)",
            "A co-op takes part once in a co-financing.",
        )
    ]

    @api.depends("invoice_link_ids.amount", "invoice_link_ids.invoice_id.state")
    def _compute_invoiced(self):
        for share in self:
            links = share.invoice_link_ids.filtered(
                lambda link: link.invoice_id.state != "cancel"
            )
            share.amount_invoiced = sum(links.mapped("signed_amount"))
            share.amount_paid = sum(
                links.filtered(lambda link: link.invoice_id.state == "paid").mapped(
                    "signed_amount"
                )
            )

    @api.constrains("weight", "pledge", "cap")
    def _check_positive(self):
        for share in self:
            if min(share.weight, share.pledge, share.cap) < 0:
                raise ValidationError(
                    _("Weights, pledges and caps cannot be negative (%s).")
                    % share.partner_id.name
                )
