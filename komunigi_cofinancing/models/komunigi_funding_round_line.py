# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class KomunigiFundingRoundLine(models.Model):
    """A request on offer in a funding round, as it stood when the round opened.

    Opening copies the reference, title and cost here: whatever happens to the request
    afterwards (a vote elsewhere once the round has closed, a new estimate, delivery),
    the round's ballots, outcome, portal page and export keep reading the same offer.
    """

    _name = "komunigi.funding.round.line"
    _inherit = "komunigi.funding.round.part"
    _description = "Request on offer in a funding round"
    _order = "round_id, reference, id"
    _rec_name = "reference"

    request_id = fields.Many2one(
        "komunigi.request", required=True, ondelete="restrict", index=True
    )
    reference = fields.Char(required=True, readonly=True)
    title = fields.Char(readonly=True)
    cost = fields.Monetary(
        required=True, readonly=True, help="The estimate at opening."
    )
    selected = fields.Boolean(readonly=True, help="Funded by the round's outcome.")
    approval_count = fields.Integer(
        compute="_compute_approval_count", string="Approvals"
    )

    _sql_constraints = [
        (
            "request_unique",
            "unique(round_id, request_id)",
            "A request is on offer once per round.",
        )
    ]

    def _compute_approval_count(self):
        for line in self:
            line.approval_count = len(
                line.round_id.ballot_ids.filtered(
                    lambda b, r=line.request_id: r in b.approved_request_ids
                )
            )

    @api.model
    def _offer_values(self, request):
        """The values of the line that offers `request` at its current estimate."""
        return {
            "request_id": request.id,
            "reference": request.name,
            "title": request.title,
            "cost": request.estimate_total,
        }
