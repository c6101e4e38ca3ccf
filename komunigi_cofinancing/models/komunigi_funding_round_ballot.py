# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class KomunigiFundingRoundBallot(models.Model):
    """The requests a co-op approves in a funding round; it can change until closing.

    The rules hold whichever door the ballot comes through (portal, backend, RPC,
    pabulib import): a co-op taking part, requests on offer, nothing changed once the
    round has closed. `cast` adds who may vote: a representative for their own co-op.
    """

    _name = "komunigi.funding.round.ballot"
    _inherit = ["komunigi.funding.round.part", "komunigi.coop.line"]
    _description = "Funding round ballot"
    _order = "round_id, id"

    user_id = fields.Many2one("res.users", string="Cast by")
    approved_request_ids = fields.Many2many("komunigi.request", string="Approved")

    _sql_constraints = [
        ("coop_unique", "unique(round_id, partner_id)", "One ballot per co-op.")
    ]

    @api.constrains("round_id", "partner_id", "approved_request_ids")
    def _check_offer(self):
        Participant = self.env["komunigi.funding.round.participant"].sudo()
        for ballot in self:
            funding_round = ballot.round_id
            if not Participant.search_count(
                [
                    ("round_id", "=", funding_round.id),
                    ("partner_id", "=", ballot.partner_id.id),
                ]
            ):
                raise ValidationError(
                    _("%(coop)s does not take part in the round %(round)s.")
                    % {"coop": ballot.partner_id.name, "round": funding_round.name}
                )
            outside = ballot.approved_request_ids - funding_round._offer_requests()
            if outside:
                raise ValidationError(
                    _(
                        "%(request)s is not on offer in the round %(round)s: a ballot "
                        "approves requests on offer only."
                    )
                    % {"request": outside[0].display_title, "round": funding_round.name}
                )

    def _check_round_allows_change(self):
        closed = self.mapped("round_id").filtered(lambda r: r.state == "closed")
        if closed:
            raise UserError(
                _("The round %s is closed: its ballots no longer change.")
                % closed[0].name
            )

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
        if requests - funding_round._offer_requests():
            raise UserError(_("Approve only the requests on offer in this round."))
        vals = {"approved_request_ids": [(6, 0, requests.ids)], "user_id": user.id}
        ballot = self.sudo().search(
            [("round_id", "=", funding_round.id), ("partner_id", "=", coop.id)]
        )
        if ballot:
            if ballot.approved_request_ids != requests or ballot.user_id != user:
                ballot.write(vals)  # cast again unchanged (a double click): no write
            return ballot
        return self.sudo().create(
            dict(vals, round_id=funding_round.id, partner_id=coop.id)
        )
