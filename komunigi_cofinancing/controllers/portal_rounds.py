# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import _
from odoo.exceptions import UserError
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.form_values import as_record_id
from odoo.addons.komunigi_membership.controllers.komunigi_portal import (
    KomunigiPortal,
    portal_post,
)

# The rounds a representative sees: drafts are still being prepared.
VISIBLE_ROUND_STATES = ("open", "closed")
ROUND_MODELS = ("komunigi.funding.round", "komunigi.funding.round.ballot")


class FundingRoundPortal(KomunigiPortal):
    """/my/rounds: the rounds a co-op takes part in, its approvals and the results.

    Rounds and ballots are searched as the logged-in user, so that the record rules
    (the non-draft rounds the co-op takes part in, its own ballot) decide what the page
    shows. A round shows its offer as frozen when it opened (its lines), whatever
    happened to the requests since. Portal users may write nothing: approvals go
    through the ballot model's `cast`, which checks who votes for which co-op. Sudo is
    used only on rounds and ballots found as the user, and the other co-ops' figures
    leave as plain values.
    """

    def _rounds_can_read(self):
        return self._komunigi_can_read(*ROUND_MODELS)

    def _rounds_domain(self):
        return [
            ("state", "in", VISIBLE_ROUND_STATES),
            ("participant_ids.partner_id", "=", self._komunigi_coop().id),
        ]

    def _prepare_portal_layout_values(self):
        """The counter of the Funding rounds entry of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._rounds_can_read():
            values["komunigi_round_count"] = request.env[
                "komunigi.funding.round"
            ].search_count(self._rounds_domain())
        return values

    # --- what a round shows ------------------------------------------------------------
    @staticmethod
    def _round_results(funding_round, coop):
        """What each co-op pays for each selected request of a closed round.

        The shares of other co-ops are hidden from portal users by the record rules:
        they are read with sudo, for a round the user's co-op takes part in (found as
        the user), and only names and amounts leave here.
        """
        results = []
        for cofinancing in funding_round.sudo().cofinancing_ids.sorted("id"):
            payments = [
                {
                    "coop": share.partner_id.name,
                    "amount": share.amount,
                    "own": share.partner_id == coop,
                }
                for share in cofinancing.share_ids.sorted(lambda s: -s.amount)
            ]
            results.append(
                {
                    "reference": cofinancing.request_id.name,
                    "title": cofinancing.request_id.title or cofinancing.name,
                    "cost": cofinancing.amount_total,
                    "payments": payments,
                    "own_amount": sum(p["amount"] for p in payments if p["own"]),
                }
            )
        return results

    def _round_entry(self, funding_round, coop, ballots):
        """One round as the page shows it: the co-op's budget, the offer with its
        approvals, and the results once closed.

        The offer is read with sudo from the round's lines (a round found as the user
        offers them to its co-ops): only reference, title, cost and link are shown.
        """
        ballot = ballots.filtered(lambda b: b.round_id == funding_round).sudo()
        approved = ballot.approved_request_ids
        participant = funding_round.participant_ids.filtered(
            lambda p: p.partner_id.id == coop.id
        )
        results = []
        if funding_round.state == "closed":
            results = self._round_results(funding_round, coop)
        return {
            "round": funding_round,
            "budget": sum(participant.mapped("budget")),
            "has_ballot": bool(ballot),
            "offers": [
                {
                    "id": line.request_id.id,
                    "reference": line.reference,
                    "title": line.title,
                    "cost": line.cost,
                    "url": line.request_id.portal_url,
                    "approved": line.request_id in approved,
                    "selected": line.selected,
                }
                for line in funding_round.sudo().line_ids
            ],
            "results": results,
            "own_total": sum(row["own_amount"] for row in results),
        }

    def _rounds_values(self, message=None, error=None):
        """The rounds page; none for internal users outside the Komunigi groups."""
        coop = self._komunigi_coop()
        rounds = request.env["komunigi.funding.round"]
        ballots = request.env["komunigi.funding.round.ballot"]
        if self._rounds_can_read():
            rounds = rounds.search(self._rounds_domain())
            ballots = ballots.search(
                [("round_id", "in", rounds.ids), ("partner_id", "=", coop.id)]
            )
        entries = [self._round_entry(r, coop, ballots) for r in rounds]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "komunigi_rounds",
                "komunigi_coop": coop,
                "komunigi_open_rounds": [
                    entry for entry in entries if entry["round"].state == "open"
                ],
                "komunigi_closed_rounds": [
                    entry for entry in entries if entry["round"].state == "closed"
                ],
                "komunigi_message": message,
                "komunigi_error": error,
            }
        )
        return values

    # --- /my/rounds --------------------------------------------------------------------
    @route(["/my/rounds"], type="http", auth="user", website=True)
    def portal_my_rounds(self, voted=None, **kw):
        """The rounds the co-op takes part in. `voted` (a round id) confirms the
        approvals just cast: the message shows only if the co-op's ballot exists."""
        Ballot = request.env["komunigi.funding.round.ballot"]
        ballot = Ballot
        if as_record_id(voted) and self._rounds_can_read():
            ballot = Ballot.search(
                [
                    ("round_id", "=", as_record_id(voted)),
                    ("partner_id", "=", self._komunigi_coop().id),
                ]
            )
        message = ballot and _('Your co-op\'s approvals in "%s" are recorded.') % (
            ballot.round_id.name
        )
        return self._rounds_render(message=message)

    def _rounds_render(self, message=None, error=None):
        return request.render(
            "komunigi_cofinancing.portal_my_rounds",
            self._rounds_values(message=message, error=error),
        )

    def _round_get(self, round_id):
        """The round if the co-op may see it; else not found, without telling why."""
        return self._komunigi_find(
            "komunigi.funding.round", self._rounds_domain() + [("id", "=", round_id)]
        )

    @route(["/my/rounds/<int:round_id>/result"], type="http", auth="user", website=True)
    def portal_round_result(self, round_id, **kw):
        """The result (PDF) of a closed round the co-op took part in; else not
        found, as the rounds page shows no other round's result."""
        funding_round = self._round_get(round_id)
        if funding_round.state != "closed":
            raise NotFound()
        return self._komunigi_pdf(
            "komunigi_cofinancing.action_report_funding_round_result", funding_round
        )

    @staticmethod
    def _approved_requests():
        """The requests ticked in the form; a UserError if one is no id at all."""
        ids = [
            as_record_id(value) for value in request.httprequest.form.getlist("approve")
        ]
        if None in ids:
            raise UserError(_("Approve only the requests on offer in this round."))
        return request.env["komunigi.request"].browse(ids)

    @portal_post("/my/rounds/<int:round_id>/vote")
    def portal_round_vote(self, round_id, **kw):
        """Cast or change the co-op's approvals; `cast` checks the rest (round open,
        the user represents the co-op, the co-op takes part, requests on offer). Two
        posts racing (a double click) are retried: one ballot, two normal answers."""
        funding_round = self._round_get(round_id)

        def vote():
            request.env["komunigi.funding.round.ballot"].cast(
                funding_round, self._komunigi_coop(), self._approved_requests()
            )
            return request.redirect(
                "/my/rounds?voted=%d#round-%d" % (round_id, round_id)
            )

        return self._komunigi_attempt(
            vote,
            lambda message: self._rounds_render(
                error="%s: %s" % (funding_round.name, message)
            ),
        )
