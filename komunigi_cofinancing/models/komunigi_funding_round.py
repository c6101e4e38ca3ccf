# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from fractions import Fraction

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..lib import mes, splits

_logger = logging.getLogger(__name__)

# Lock not available, serialization failure, deadlock: another transaction is closing
# the round (a coordinator's click).
CONCURRENCY_PGCODES = ("55P03", "40001", "40P01")

RULES = [
    ("mes-add1u", "Equal Shares, completed (add1, then greedy)"),
    ("mes-add1", "Equal Shares, completed by add1"),
    ("mes", "Equal Shares"),
    ("greedy", "Greedy by approvals"),
]


class KomunigiFundingRound(models.Model):
    """Participatory budgeting among co-ops: each brings a budget and approves requests.

    Opening freezes the offer into lines (``komunigi.funding.round.line``: each request
    with its cost at that moment) and holds its requests until the round closes: they
    enter no session or other round, keep their state and their estimate (see
    ``komunigi.request._check_held_by_round``). Ballots, the outcome, the portal and
    the export read the lines, never the live requests. Closing computes the outcome
    by the Method of Equal Shares (``lib/mes.py``); each selected request becomes a
    co-financing whose shares are what the co-ops pay.
    """

    _name = "komunigi.funding.round"
    _description = "Funding round"
    _inherit = ["mail.thread", "komunigi.voting.period", "komunigi.company.owned"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True)
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date(required=True)
    rule = fields.Selection(RULES, required=True, default="mes-add1u")
    tie_breaking = fields.Selection(
        [
            ("default", "Lowest cost, most approvals, reference"),
            ("pabutools", "As pabutools (reference order)"),
        ],
        required=True,
        default="default",
    )
    participant_ids = fields.One2many(
        "komunigi.funding.round.participant", "round_id", string="Co-ops", copy=True
    )
    # No domain: an x2many domain also filters on read, and requests change state.
    request_ids = fields.Many2many(
        "komunigi.request",
        string="Requests to offer",
        help="Estimated requests, chosen while the round is a draft; opening freezes "
        "them, with their costs, into the offer.",
    )
    line_ids = fields.One2many(
        "komunigi.funding.round.line",
        "round_id",
        string="Offer",
        readonly=True,
        copy=False,
    )
    ballot_ids = fields.One2many("komunigi.funding.round.ballot", "round_id")
    budget_total = fields.Monetary(compute="_compute_budget_total")
    selected_request_ids = fields.Many2many(
        "komunigi.request",
        compute="_compute_selected_request_ids",
        string="Selected requests",
    )
    cofinancing_ids = fields.One2many(
        "komunigi.cofinancing", "funding_round_id", readonly=True
    )

    @api.depends("participant_ids.budget")
    def _compute_budget_total(self):
        for funding_round in self:
            funding_round.budget_total = sum(
                funding_round.participant_ids.mapped("budget")
            )

    @api.depends("line_ids.selected")
    def _compute_selected_request_ids(self):
        for funding_round in self:
            funding_round.selected_request_ids = funding_round.line_ids.filtered(
                "selected"
            ).mapped("request_id")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for funding_round in self:
            if funding_round.date_to < funding_round.date_from:
                raise ValidationError(
                    _("The round %s cannot end before it starts.") % funding_round.name
                )

    def write(self, vals):
        if "request_ids" in vals:
            frozen = self.filtered(lambda r: r.state != "draft")
            if frozen:
                raise UserError(
                    _("The offer of the round %s is frozen since it opened.")
                    % frozen[0].name
                )
        return super().write(vals)

    def _offer_requests(self):
        """The requests on offer: the frozen lines once open, the draft's choice before."""
        self.ensure_one()
        if self.state == "draft":
            return self.request_ids
        return self.line_ids.mapped("request_id")

    # --- opening -----------------------------------------------------------------------
    def action_open(self):
        """Freeze the offer and hold its requests; an open round is left as it is."""
        self.check_access_rights("write")
        self._lock()
        for funding_round in self:
            if funding_round.state == "open":
                continue
            funding_round._check_no_votes_importing()
            funding_round._check_openable()
            funding_round.request_ids._check_free_for_decision()
            funding_round._check_off_agenda()
            Line = self.env["komunigi.funding.round.line"]
            funding_round.write(
                {
                    "state": "open",
                    "line_ids": [
                        (0, 0, Line._offer_values(request))
                        for request in funding_round.request_ids
                    ],
                }
            )

    def _check_openable(self):
        if self.state != "draft":
            raise UserError(
                _("The round %s is closed: it cannot open again.") % self.name
            )
        if not self.participant_ids or not self.request_ids:
            raise UserError(
                _("The round %s needs co-ops with a budget and requests to offer.")
                % self.name
            )
        for request in self.request_ids:
            if request.state != "estimated":
                raise UserError(
                    _(
                        "%(request)s is %(state)s: the round %(round)s can offer "
                        "estimated requests only."
                    )
                    % {
                        "request": request.display_title,
                        "state": request._state_label(request.state),
                        "round": self.name,
                    }
                )
            if request.currency_id.is_zero(request.estimate_total):
                raise UserError(
                    _(
                        "%(request)s has no estimate: the round %(round)s cannot offer it."
                    )
                    % {"request": request.display_title, "round": self.name}
                )

    def _check_off_agenda(self):
        """A request on the agenda of a session still to come is decided there."""
        item = (
            self.env["komunigi.session.item"]
            .sudo()
            .search(
                [
                    ("request_ids", "in", self.request_ids.ids),
                    ("session_id.state", "!=", "closed"),
                ],
                limit=1,
            )
        )
        if item:
            request = (item.request_ids & self.request_ids)[0]
            raise UserError(
                _(
                    "%(request)s is on the agenda of the session %(session)s: the "
                    "round %(round)s cannot offer it too. Take it off the agenda or "
                    "out of the round."
                )
                % {
                    "request": request.display_title,
                    "session": item.session_id.name,
                    "round": self.name,
                }
            )

    def _check_no_votes_importing(self):
        """The votes of a big .pb file arrive by a job: the round waits for all."""
        if self.env["komunigi.job"]._pending_pb_votes(self):
            raise UserError(
                _(
                    "The votes of the round %s are still being imported: wait for "
                    "the import to end."
                )
                % self.name
            )

    # --- pabulib votes -----------------------------------------------------------------
    def _import_pb_votes(self, votes, endowment):
        """Per vote ([voter, [request ids]]), a voter co-op with `endowment` and its
        ballot; the ballots made."""
        self.ensure_one()
        ballots = self.env["komunigi.funding.round.ballot"]
        for voter, request_ids in votes:
            partner = self.env["res.partner"].create(
                {
                    "name": _("Voter %s") % voter,
                    "is_company": True,
                    "ref": "pb:" + voter,
                }
            )
            self.env["komunigi.funding.round.participant"].create(
                {
                    "round_id": self.id,
                    "partner_id": partner.id,
                    "budget": float(endowment),
                }
            )
            ballots |= ballots.create(
                {
                    "round_id": self.id,
                    "partner_id": partner.id,
                    "approved_request_ids": [(6, 0, request_ids)],
                }
            )
        return ballots

    # --- outcome -----------------------------------------------------------------------
    def _election(self):
        """The round as the pure rule sees it: the offer by reference, co-ops by id.

        A ballot approving a request off the offer (the model refuses it) reaches the
        rule under the request's own reference, and the rule refuses it.
        """
        self.ensure_one()
        costs = [(line.reference, Fraction(str(line.cost))) for line in self.line_ids]
        references = {line.request_id: line.reference for line in self.line_ids}
        approvals = {p.partner_id.id: [] for p in self.participant_ids}
        for ballot in self.ballot_ids:
            approvals[ballot.partner_id.id] = [
                references.get(request, request.name)
                for request in ballot.approved_request_ids
            ]
        endowments = {
            p.partner_id.id: Fraction(str(p.budget)) for p in self.participant_ids
        }
        return mes.approval_election(costs, approvals, endowments)

    def _funded_amounts(self):
        """The selected lines in selection order, each with what each co-op pays, to
        the cent: the engine's payments, rounded once. A request the outcome picks
        but nobody pays for (a greedy completion of requests nobody approved) is not
        funded. The pure rules' errors become a UserError naming the round.
        """
        lines = {line.reference: line for line in self.line_ids}
        digits = self.currency_id.decimal_places
        try:
            outcome = mes.compute(self._election(), self.rule, self.tie_breaking)
            return [
                (
                    lines[reference],
                    splits.weighted(
                        lines[reference].cost,
                        list(outcome.payments[reference].items()),
                        digits=digits,
                    ),
                )
                for reference in outcome.selected
                if outcome.payments.get(reference)
            ]
        except (mes.RuleError, splits.SplitError) as error:
            raise UserError(
                _("The round %(round)s cannot close: %(reason)s")
                % {"round": self.name, "reason": _(error.msgid) % error.params}
            ) from error

    # --- closing -----------------------------------------------------------------------
    def action_close(self):
        """Store the outcome and fund the selected requests, once: a closed round is
        left as it is (a double click, a second cron run)."""
        self.check_access_rights("write")
        self._lock()
        for funding_round in self:
            if funding_round.state == "draft":
                raise UserError(
                    _("The round %s is a draft: open it before closing it.")
                    % funding_round.name
                )
            if funding_round.state == "open":
                funding_round._close()

    def _close(self):
        """Everything that can fail on data is computed before anything is written;
        the round is closed before the selection is funded, which frees its requests."""
        funded = self._funded_amounts()
        self.write({"state": "closed"})
        selected = self.env["komunigi.funding.round.line"]
        for line, _amounts in funded:
            selected |= line
        selected.write({"selected": True})
        for line, amounts in funded:
            self._create_cofinancing(line, amounts)
        self.message_post(
            body=_("Round closed: %s selected.")
            % html_escape(", ".join(selected.mapped("reference")) or _("no request"))
        )

    def _create_cofinancing(self, line, amounts):
        """The co-financing of a selected request: its frozen cost, pledged by the
        co-ops as the outcome has them pay (each pledge a commitment). Approving the
        request funds it; `action_check_funding` says so if the pledges fell short."""
        request = line.request_id
        cofinancing = self.env["komunigi.cofinancing"].create(
            {
                "name": line.title or line.reference,
                "request_id": request.id,
                "funding_round_id": self.id,
                "amount_total": line.cost,
                "split_method": "pledges",
                "share_ids": [
                    (0, 0, {"partner_id": coop, "pledge": float(amount)})
                    for coop, amount in amounts.items()
                ],
            }
        )
        if request.state in ("estimated", "vote"):
            request.action_approve()
        cofinancing.action_check_funding()
        return cofinancing

    @api.model
    def _cron_close_rounds(self):
        """Close the open rounds whose period ended, each on its own: one that cannot
        close says why in its chatter and the others still close. A second run finds
        none to close.

        A round a coordinator closed since this run began fails to serialize at its
        lock: the scheduled action, which Odoo does not retry, leaves it to the click
        and goes on with the other rounds.
        """
        today = fields.Date.context_today(self)
        for funding_round in self.search(
            [("state", "=", "open"), ("date_to", "<", today)]
        ):
            try:
                with self.env.cr.savepoint():
                    funding_round.action_close()
            except UserError as error:
                _logger.warning("Funding round %s: %s", funding_round.id, error.name)
                funding_round.message_post(body=html_escape(error.name))
            except psycopg2.OperationalError as error:
                if error.pgcode not in CONCURRENCY_PGCODES:
                    raise
                _logger.info(
                    "Funding round %s: closed by another transaction", funding_round.id
                )
                self.env.clear()
