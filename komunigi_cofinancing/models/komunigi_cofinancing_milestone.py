# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiCofinancingMilestone(models.Model):
    """A step at which the co-funders are invoiced a percentage of their share."""

    _name = "komunigi.cofinancing.milestone"
    _description = "Co-financing milestone"
    _order = "cofinancing_id, sequence, id"

    cofinancing_id = fields.Many2one(
        "komunigi.cofinancing", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, help="e.g. At approval, At delivery.")
    percent = fields.Float(required=True, help="Percentage of each share invoiced.")
    invoiced = fields.Boolean(readonly=True, copy=False)

    def action_invoice(self):
        """Button of a milestone line: invoice the co-funders for it."""
        self.ensure_one()
        self.cofinancing_id.action_invoice_milestone(self)
