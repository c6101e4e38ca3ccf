# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal, InvalidOperation

from werkzeug.exceptions import NotFound

from odoo import _
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.concurrency import retrying
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Invoices a representative can open at /my/invoices/<id>: drafts are not issued yet.
VISIBLE_INVOICE_STATES = ("open", "paid")
# The rounds a representative sees: drafts are still being prepared.
VISIBLE_ROUND_STATES = ("open", "closed")
# Errors of the models that a page shows as a message instead of an error page.
MODEL_ERRORS = (AccessError, UserError, ValidationError)


def _parse_amount(text):
    """The typed amount as a Decimal, None when it is no finite number.

    A lone comma is read as the decimal separator ("75,50"), as co-ops type it;
    Decimal rather than float so that "nan" or "inf" are refused, not stored.
    """
    text = (text or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_ids(values):
    """Record ids typed in a form; None if one of them is no id at all."""
    if not all(value.isdigit() for value in values):
        return None
    return [int(value) for value in values]


class CofinancingPortal(CustomerPortal):
    """/my/cofinancings and /my/rounds: what a co-op pays, pledges and approves.

    Records are searched as the logged-in user, so that the record rules of the addon
    (the co-financings the co-op takes part in and only its own shares, the non-draft
    rounds it takes part in and its own ballots) decide what a page may show. Portal
    users may write nothing and read no other co-op: sudo is used only on records
    found that way (the co-op's own share, the rounds it takes part in), never on an
    id taken from a form, and the other co-ops' figures leave as plain values.
    """

    # --- who is asking ---------------------------------------------------------------
    @staticmethod
    def _cofinancing_coop():
        """The co-op the user acts for: the company of their contact."""
        return request.env.user.partner_id.commercial_partner_id

    @staticmethod
    def _cofinancing_can_read(model):
        """Internal users outside the Komunigi groups may not read these models."""
        return request.env[model].check_access_rights("read", raise_exception=False)

    def _cofinancing_shares_domain(self):
        return [("partner_id", "=", self._cofinancing_coop().id)]

    def _rounds_domain(self):
        return [
            ("state", "in", VISIBLE_ROUND_STATES),
            ("participant_ids.partner_id", "=", self._cofinancing_coop().id),
        ]

    def _prepare_portal_layout_values(self):
        """Counters of the Co-financings and Funding rounds entries of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._cofinancing_can_read("komunigi.cofinancing.share"):
            values["komunigi_cofinancing_count"] = request.env[
                "komunigi.cofinancing.share"
            ].search_count(self._cofinancing_shares_domain())
        if self._cofinancing_can_read("komunigi.funding.round"):
            values["komunigi_round_count"] = request.env[
                "komunigi.funding.round"
            ].search_count(self._rounds_domain())
        return values

    # --- invoices of the shares ------------------------------------------------------
    @staticmethod
    def _cofinancing_invoice_rows(share):
        """The issued invoices of one share, each with what it is for.

        Portal users may not read the links between shares and invoices: they are
        read with sudo, for a share found as the user. The invoices are searched as
        the user: Odoo's portal rule (the co-op follows the invoice, which validation
        ensures) also guards /my/invoices/<id>, so every invoice listed opens there.
        """
        links = share.sudo().invoice_link_ids
        invoices = request.env["account.invoice"].search(
            [
                ("id", "in", links.mapped("invoice_id").ids),
                ("state", "in", VISIBLE_INVOICE_STATES),
            ],
            order="date_invoice, id",
        )
        kinds = dict(links._fields["kind"]._description_selection(request.env))
        rows = []
        for invoice in invoices:
            link = links.filtered(lambda k, i=invoice: k.invoice_id.id == i.id)[:1]
            label = link.milestone_id.name or kinds[link.kind]
            rows.append({"invoice": invoice, "label": label})
        return rows

    def _cofinancing_row(self, share):
        """What the list and the detail page show of the co-op's share.

        The invoiced and paid amounts are computed from the links, which portal
        users may not read: the share, found as the user, is read with sudo.
        """
        return {
            "cofinancing": share.cofinancing_id,
            "share": share.sudo(),
            "invoices": self._cofinancing_invoice_rows(share),
        }

    # --- /my/cofinancings ------------------------------------------------------------
    @route(
        ["/my/cofinancings", "/my/cofinancings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cofinancings(self, page=1, **kw):
        """The co-op's shares, newest first, with milestones and invoices.

        Internal users outside the Komunigi groups may not read shares: they get the
        page with no co-financing instead of an access error.
        """
        values = self._prepare_portal_layout_values()
        Share = request.env["komunigi.cofinancing.share"]
        domain = self._cofinancing_shares_domain()
        can_read = self._cofinancing_can_read(Share._name)
        pager = portal_pager(
            url="/my/cofinancings",
            total=Share.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        shares = Share
        if can_read:
            shares = Share.search(
                domain,
                order="id desc",
                limit=self._items_per_page,
                offset=pager["offset"],
            )
        values.update(
            {
                "page_name": "komunigi_cofinancings",
                "default_url": "/my/cofinancings",
                "pager": pager,
                "komunigi_coop": self._cofinancing_coop(),
                "komunigi_rows": [self._cofinancing_row(share) for share in shares],
            }
        )
        return request.render("komunigi_cofinancing.portal_my_cofinancings", values)

    # --- one co-financing ------------------------------------------------------------
    def _cofinancing_get(self, cofinancing_id):
        """The co-op's share in the co-financing; else not found, without telling
        why (a co-financing the co-op is not part of must not be known to exist)."""
        Share = request.env["komunigi.cofinancing.share"]
        try:
            share = Share.search(
                self._cofinancing_shares_domain()
                + [("cofinancing_id", "=", cofinancing_id)]
            )
        except AccessError:
            share = Share
        if not share:
            raise NotFound()
        return share

    def _cofinancing_page_values(self, share, pledge=None, error=None, message=None):
        """`pledge`: what the form shows, the typed value when it comes back."""
        values = self._prepare_portal_layout_values()
        values.update(self._cofinancing_row(share))
        currency = share.cofinancing_id.currency_id
        if pledge is None:
            pledge = "%.*f" % (currency.decimal_places, share.sudo().pledge)
        values.update(
            {
                "page_name": "komunigi_cofinancing",
                "komunigi_coop": self._cofinancing_coop(),
                # Only its reference, title and link are shown: any co-op that
                # takes part may know which request it funds.
                "komunigi_request": share.cofinancing_id.sudo().request_id,
                "komunigi_pledge": pledge,
                "komunigi_error": error,
                "komunigi_message": message,
            }
        )
        return values

    def _cofinancing_render(self, share, **kw):
        values = self._cofinancing_page_values(share, **kw)
        return request.render("komunigi_cofinancing.portal_my_cofinancing", values)

    @route(
        ["/my/cofinancings/<int:cofinancing_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cofinancing(self, cofinancing_id, pledged=None, accepted=None, **kw):
        """The detail of a co-financing; `pledged` and `accepted` confirm the
        commitment just made."""
        share = self._cofinancing_get(cofinancing_id)
        message = (pledged and _("Your co-op's pledge is recorded.")) or (
            accepted and _("Your co-op accepted its share: it is committed.")
        )
        return self._cofinancing_render(share, message=message or None)

    def _cofinancing_commit(self, share, commit, typed):
        """Run `commit` (a model method: the rules live there) in a savepoint; the
        page with the model's message when it refuses, with what was typed."""
        try:
            with request.env.cr.savepoint():
                commit()
        except MODEL_ERRORS as error:
            return self._cofinancing_render(share, pledge=typed, error=error.name)
        return None

    @route(
        ["/my/cofinancings/<int:cofinancing_id>/pledge"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_cofinancing_pledge(self, cofinancing_id, pledge=None, **kw):
        """Record the co-op's pledge (0 withdraws it); on bad input the page comes
        back with the message and what was typed, and nothing is written."""
        share = self._cofinancing_get(cofinancing_id)
        amount = _parse_amount(pledge)
        if amount is None:
            error = _("Type the pledge as a number, for example 1250.50.")
            return self._cofinancing_render(share, pledge=pledge or "", error=error)
        refused = self._cofinancing_commit(
            share, lambda: share.action_pledge(float(amount)), pledge
        )
        return refused or request.redirect(
            "/my/cofinancings/%d?pledged=1" % cofinancing_id
        )

    @route(
        ["/my/cofinancings/<int:cofinancing_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_cofinancing_accept(self, cofinancing_id, offered=None, **kw):
        """Commit the co-op to the share offered, as the page showed it (`offered`):
        if the offer changed in the meantime, the page says so and commits nothing."""
        share = self._cofinancing_get(cofinancing_id)
        expected = _parse_amount(offered)
        refused = self._cofinancing_commit(
            share,
            lambda: share.action_accept(
                expected=None if expected is None else float(expected)
            ),
            None,
        )
        return refused or request.redirect(
            "/my/cofinancings/%d?accepted=1" % cofinancing_id
        )

    # --- /my/rounds ------------------------------------------------------------------
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
        """One round as the page shows it: the co-op's budget, the requests on offer
        with its approvals, and the results once closed.

        The requests on offer are read with sudo (a round found as the user offers
        them to its co-ops); only their reference, title, cost and link are shown.
        The field of the requests on offer only reads estimated requests (its
        domain): the selected ones, approved when the round closed, are added back.
        """
        ballot = ballots.filtered(lambda b: b.round_id == funding_round)
        approved = ballot.approved_request_ids.ids
        participant = funding_round.participant_ids.filtered(
            lambda p: p.partner_id.id == coop.id
        )
        shown = funding_round.sudo()
        offers = (shown.request_ids | shown.selected_request_ids).sorted("name")
        results = []
        if funding_round.state == "closed":
            results = self._round_results(funding_round, coop)
        return {
            "round": funding_round,
            "budget": sum(participant.mapped("budget")),
            "has_ballot": bool(ballot),
            "selected": shown.selected_request_ids.ids,
            "offers": [
                {
                    "id": offer.id,
                    "reference": offer.name,
                    "title": offer.title,
                    "cost": offer.estimate_total,
                    "url": offer.portal_url,
                    "approved": offer.id in approved,
                }
                for offer in offers
            ],
            "results": results,
            "own_total": sum(row["own_amount"] for row in results),
        }

    def _rounds_can_read(self):
        models = ("komunigi.funding.round", "komunigi.funding.round.ballot")
        return all(self._cofinancing_can_read(model) for model in models)

    def _rounds_values(self, message=None, error=None):
        """The rounds page; none for internal users outside the Komunigi groups."""
        coop = self._cofinancing_coop()
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

    @route(["/my/rounds"], type="http", auth="user", website=True)
    def portal_my_rounds(self, voted=None, **kw):
        """The rounds the co-op takes part in. `voted` (a round id) confirms the
        approvals just cast: the message shows only if the co-op's ballot exists."""
        Ballot = request.env["komunigi.funding.round.ballot"]
        ballot = Ballot
        if voted and voted.isdigit() and self._rounds_can_read():
            ballot = Ballot.search(
                [
                    ("round_id", "=", int(voted)),
                    ("partner_id", "=", self._cofinancing_coop().id),
                ]
            )
        message = ballot and _('Your co-op\'s approvals in "%s" are recorded.') % (
            ballot.round_id.name
        )
        return request.render(
            "komunigi_cofinancing.portal_my_rounds",
            self._rounds_values(message=message),
        )

    def _round_get(self, round_id):
        """The round if the co-op may see it; else not found, without telling why."""
        Round = request.env["komunigi.funding.round"]
        try:
            funding_round = Round.search(
                self._rounds_domain() + [("id", "=", round_id)]
            )
        except AccessError:
            funding_round = Round
        if not funding_round:
            raise NotFound()
        return funding_round

    @route(
        ["/my/rounds/<int:round_id>/vote"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_round_vote(self, round_id, **kw):
        """Cast or change the co-op's approvals; `cast` checks the rest (round open,
        the user represents the co-op, the co-op takes part, requests on offer)."""
        funding_round = self._round_get(round_id)
        ids = _parse_ids(request.httprequest.form.getlist("approve"))
        try:
            if ids is None:
                raise UserError(_("Approve only the requests on offer in this round."))
            with request.env.cr.savepoint():
                request.env["komunigi.funding.round.ballot"].cast(
                    funding_round,
                    self._cofinancing_coop(),
                    request.env["komunigi.request"].browse(ids),
                )
        except MODEL_ERRORS as error:
            values = self._rounds_values(
                error="%s: %s" % (funding_round.name, error.name)
            )
            return request.render("komunigi_cofinancing.portal_my_rounds", values)
        return request.redirect("/my/rounds?voted=%d#round-%d" % (round_id, round_id))
