# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KomunigiFundingRoundParticipant(models.Model):
    """A co-op taking part in a funding round, with what it can spend this period.

    The co-ops and budgets are set while the round is a draft: once it opens, its
    ballots and outcome rest on them.
    """

    _name = "komunigi.funding.round.participant"
    _inherit = ["komunigi.funding.round.part", "komunigi.coop.line"]
    _description = "Funding round participant"
    _order = "round_id, id"

    budget = fields.Monetary(required=True)

    _sql_constraints = [
        ("coop_unique", "unique(round_id, partner_id)", "A co-op takes part once.")
    ]

    @api.constrains("budget")
    def _check_budget(self):
        for participant in self:
            if participant.budget < 0:
                raise ValidationError(
                    _("The budget of %s cannot be negative.")
                    % participant.partner_id.name
                )

    @api.model
    def create(self, vals):
        participant = super().create(vals)
        participant._check_round_allows_change()
        return participant

    def _check_round_allows_change(self):
        started = self.mapped("round_id").filtered(lambda r: r.state != "draft")
        if started:
            raise UserError(
                _("The co-ops and budgets of the round %s are fixed since it opened.")
                % started[0].name
            )
