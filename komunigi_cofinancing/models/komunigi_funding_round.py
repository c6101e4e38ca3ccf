# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import mes, splits

RULES = [
    ("mes-add1u", "Equal Shares, completed (add1, then greedy)"),
    ("mes-add1", "Equal Shares, completed by add1"),
    ("mes", "Equal Shares"),
    ("greedy", "Greedy by approvals"),
]


class KomunigiFundingRound(models.Model):
    """Participatory budgeting among co-ops: each brings a budget and approves requests.

    The outcome is computed by the Method of Equal Shares (``lib/mes.py``); each selected
    request becomes a co-financing whose shares are what the co-ops pay in it.
    """

    _name = "komunigi.funding.round"
    _description = "Funding round"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True)
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        track_visibility="onchange",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
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
    request_ids = fields.Many2many(
        "komunigi.request",
        string="Requests on offer",
        domain=[("state", "=", "estimated")],
    )
    ballot_ids = fields.One2many("komunigi.funding.round.ballot", "round_id")
    budget_total = fields.Monetary(compute="_compute_budget_total")
    selected_request_ids = fields.Many2many(
        "komunigi.request",
        "komunigi_funding_round_selected_rel",
        string="Selected requests",
        readonly=True,
        copy=False,
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

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for funding_round in self:
            if funding_round.date_to < funding_round.date_from:
                raise ValidationError(_("The round cannot end before it starts."))

    def action_open(self):
        for funding_round in self:
            if funding_round.state != "draft":
                raise UserError(_("Only a draft round can be opened."))
            if not funding_round.participant_ids or not funding_round.request_ids:
                raise UserError(_("A round needs co-ops with a budget and requests."))
            unestimated = funding_round.request_ids.filtered(
                lambda r: r.currency_id.is_zero(r.estimate_total)
            )
            if unestimated:
                raise UserError(_("%s has no estimate.") % unestimated[0].display_title)
        self.write({"state": "open"})

    # --- outcome -------------------------------------------------------------------------
    def _election(self):
        """The round as the pure rule sees it: requests by reference, co-ops by id."""
        self.ensure_one()
        costs = [(r.name, Fraction(str(r.estimate_total))) for r in self.request_ids]
        approvals = {p.partner_id.id: [] for p in self.participant_ids}
        for ballot in self.ballot_ids:
            approvals[ballot.partner_id.id] = ballot.approved_request_ids.mapped("name")
        endowments = {
            p.partner_id.id: Fraction(str(p.budget)) for p in self.participant_ids
        }
        return mes.approval_election(costs, approvals, endowments), approvals

    def _outcome(self):
        election, approvals = self._election()
        try:
            outcome = mes.compute(election, self.rule, self.tie_breaking)
        except mes.RuleError as error:
            raise UserError(_(error.msgid) % error.params) from error
        payments = {}
        for reference in outcome.selected:
            paid = outcome.payments.get(reference)
            if not paid:  # added by the greedy completion: its approvers split it
                paid = {
                    voter: 1 for voter, refs in approvals.items() if reference in refs
                }
            if (
                paid
            ):  # the completion may pick a request nobody approved: nobody funds it
                payments[reference] = paid
        return [ref for ref in outcome.selected if ref in payments], payments

    def action_close(self):
        """Store the outcome and turn each selected request into a co-financing."""
        for funding_round in self:
            if funding_round.state != "open":
                raise UserError(_("Only an open round can be closed."))
            selected, payments = funding_round._outcome()
            requests = {r.name: r for r in funding_round.request_ids}
            for reference in selected:
                funding_round._create_cofinancing(
                    requests[reference], payments[reference]
                )
            funding_round.write(
                {
                    "state": "closed",
                    "selected_request_ids": [
                        (6, 0, [requests[ref].id for ref in selected])
                    ],
                }
            )
            funding_round.message_post(
                body=_("Round closed: %s selected.")
                % (", ".join(selected) or _("no request"))
            )

    def _create_cofinancing(self, request, paid):
        """Shares to the cent: the request's cost split in proportion to the payments."""
        amounts = splits.weighted(
            request.estimate_total,
            list(paid.items()),
            digits=self.currency_id.decimal_places,
        )
        cofinancing = self.env["komunigi.cofinancing"].create(
            {
                "name": request.title,
                "request_id": request.id,
                "funding_round_id": self.id,
                "amount_total": request.estimate_total,
                "split_method": "pledges",
                "share_ids": [
                    (0, 0, {"partner_id": coop, "pledge": float(amount)})
                    for coop, amount in amounts.items()
                ],
            }
        )
        cofinancing.action_compute_split()
        if request.state in ("estimated", "vote"):
            request.action_approve()
        cofinancing.action_check_funding()
        return cofinancing

    @api.model
    def _cron_close_rounds(self):
        """Close the open rounds whose period ended; a second run finds none."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "open"), ("date_to", "<", today)]).action_close()
