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
    _description = "Funding round participant"
    _order = "round_id, id"
    _rec_name = "partner_id"

    round_id = fields.Many2one(
        "komunigi.funding.round", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Co-op", required=True, domain=[("is_company", "=", True)]
    )
    currency_id = fields.Many2one(related="round_id.currency_id", readonly=True)
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
        participant._check_round_draft()
        return participant

    def write(self, vals):
        self.check_access_rights("write")  # before the rule reads the round
        self._check_round_draft()
        return super().write(vals)

    def unlink(self):
        self.check_access_rights("unlink")
        self._check_round_draft()
        return super().unlink()

    def _check_round_draft(self):
        started = self.mapped("round_id").filtered(lambda r: r.state != "draft")
        if started:
            raise UserError(
                _("The co-ops and budgets of the round %s are fixed since it opened.")
                % started[0].name
            )
