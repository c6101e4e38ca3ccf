# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KomunigiCofinancing(models.Model):
    """A development paid by the co-ops that want it, who split its cost."""

    _name = "komunigi.cofinancing"
    _description = "Co-financing"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.user.company_id.currency_id,
    )
    amount_total = fields.Monetary(
        string="Total", required=True, track_visibility="onchange"
    )
    note = fields.Html()

    @api.constrains("amount_total")
    def _check_amount_total(self):
        for cofinancing in self:
            if (
                cofinancing.currency_id.compare_amounts(cofinancing.amount_total, 0)
                <= 0
            ):
                raise ValidationError(
                    _("The total of the co-financing %s must be positive.")
                    % cofinancing.name
                )
