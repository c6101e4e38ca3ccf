# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class KomunigiFundingRoundBallot(models.Model):
    """The requests a co-op approves in a funding round; it can change until closing."""

    _name = "komunigi.funding.round.ballot"
    _description = "Funding round ballot"
    _order = "round_id, id"
    _rec_name = "partner_id"

    round_id = fields.Many2one(
        "komunigi.funding.round", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Co-op", required=True)
    user_id = fields.Many2one("res.users", string="Cast by")
    approved_request_ids = fields.Many2many("komunigi.request", string="Approved")

    _sql_constraints = [
        ("coop_unique", "unique(round_id, partner_id)", "One ballot per co-op.")
    ]

    @api.model
    def cast(self, funding_round, coop, requests):
        """Create or change `coop`'s approvals (portal and backend entry point)."""
        funding_round = funding_round.sudo()
        if funding_round.state != "open":
            raise UserError(_("The round %s is not open.") % funding_round.name)
        user = self.env.user
        if (
            not user.has_group("komunigi_membership.group_coordinator")
            and user.partner_id.commercial_partner_id != coop
        ):
            raise AccessError(_("You can only vote for your own co-op."))
        if coop not in funding_round.participant_ids.mapped("partner_id"):
            raise UserError(_("%s does not take part in this round.") % coop.name)
        if requests - funding_round.request_ids:
            raise UserError(_("Approve only the requests on offer in this round."))
        vals = {"approved_request_ids": [(6, 0, requests.ids)], "user_id": user.id}
        ballot = self.sudo().search(
            [("round_id", "=", funding_round.id), ("partner_id", "=", coop.id)]
        )
        if ballot:
            ballot.write(vals)
            return ballot
        return self.sudo().create(
            dict(vals, round_id=funding_round.id, partner_id=coop.id)
        )
