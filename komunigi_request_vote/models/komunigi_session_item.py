# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.komunigi_membership.models.shared_fields import part_of

from ..lib import schulze, tallies

METHODS = [
    ("yes_no", "Yes / no / abstain"),
    ("approval", "Approval"),
    ("score", "Score (0-5)"),
    ("ranking", "Ranking (Schulze)"),
]
# What the co-ops vote on: it cannot change once the session has opened.
QUESTION_FIELDS = (
    "session_id",
    "method",
    "request_ids",
    "proposal_id",
    "quorum",
    "majority",
    "seats",
    "budget",
)


class KomunigiSessionItem(models.Model):
    """An agenda item: a question put to the co-ops with its voting method."""

    _name = "komunigi.session.item"
    _description = "Agenda item"
    _order = "session_id, sequence, id"

    session_id = part_of("komunigi.session")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    method = fields.Selection(METHODS, required=True, default="yes_no")
    request_ids = fields.Many2many(
        "komunigi.request",
        string="Requests",
        help="The request decided (yes/no) or the candidates (approval, score, ranking).",
    )
    proposal_id = fields.Many2one("komunigi.proposal", string="Governance proposal")
    quorum = fields.Float(
        default=0.5, help="Share of the eligible co-ops that must vote (0 to 1)."
    )
    majority = fields.Float(
        default=0.5,
        help="Yes/no: share of yes among yes and no. Approval: share of the voters "
        "approving a request. Score: share of the maximum mean score.",
    )
    seats = fields.Integer(
        default=1,
        help="Ranking: how many requests the ranking approves, from the top "
        "(0: no limit by number; then set a budget).",
    )
    budget = fields.Monetary(
        help="Ranking: approve, from the top, the requests whose estimates fit in "
        "this budget; one that does not fit is passed over (0: no budget).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.user.company_id.currency_id,
    )
    ballot_ids = fields.One2many("komunigi.ballot", "item_id", string="Ballots")
    ballot_count = fields.Integer(compute="_compute_ballot_count")
    # Results, stored on close.
    eligible_count = fields.Integer(readonly=True)
    voted_count = fields.Integer(readonly=True, help="The ballots counted.")
    uncounted_count = fields.Integer(
        string="Ballots not counted",
        readonly=True,
        help="Ballots kept but not counted: their co-op had lost its voting right "
        "when the session closed, or the ballot no longer fitted the item.",
    )
    quorum_reached = fields.Boolean(readonly=True)
    outcome = fields.Selection(
        [("adopted", "Adopted"), ("rejected", "Rejected"), ("ranked", "Ranked")],
        readonly=True,
    )
    approved_request_ids = fields.Many2many(
        "komunigi.request",
        "komunigi_session_item_approved_rel",
        "item_id",
        "request_id",
        string="Approved requests",
        readonly=True,
    )
    result_data = fields.Text(readonly=True, help="The tally, as JSON.")
    result_summary = fields.Char(readonly=True)

    def _compute_ballot_count(self):
        for item in self:
            item.ballot_count = len(item.ballot_ids)

    @api.constrains("method", "request_ids", "proposal_id", "quorum", "majority")
    def _check_question(self):
        for item in self:
            try:
                tallies.check_shares(item.quorum, item.majority)
            except tallies.TallyError as error:
                raise ValidationError(item._tally_message(error)) from error
            if item.method == "yes_no":
                if len(item.request_ids) + len(item.proposal_id) != 1:
                    raise ValidationError(
                        _("%s: a yes/no item decides one request or one proposal.")
                        % item.name
                    )
            elif len(item.request_ids) < 2 or item.proposal_id:
                raise ValidationError(
                    _(
                        "%s: approval, score and ranking items compare two "
                        "requests or more."
                    )
                    % item.name
                )

    @api.constrains("method", "seats", "budget")
    def _check_seats_and_budget(self):
        for item in self:
            if item.seats < 0 or item.budget < 0:
                raise ValidationError(
                    _("%s: the seats and the budget cannot be negative.") % item.name
                )
            if item.method == "ranking" and not item.seats and not item.budget:
                raise ValidationError(
                    _(
                        "%s: a ranking approves its top requests or as many as fit "
                        "a budget: set a number of seats or a budget."
                    )
                    % item.name
                )

    @api.model
    def create(self, vals):
        item = super().create(vals)
        if item.session_id.state != "draft":
            raise UserError(
                _("%s has opened: its agenda cannot take new items.")
                % item.session_id.name
            )
        return item

    def write(self, vals):
        changed = [name for name in QUESTION_FIELDS if name in vals]
        started = self.filtered(lambda i: i.session_id.state != "draft")
        if changed and started:
            raise UserError(
                _(
                    "%s: the session has opened, so what the co-ops vote on "
                    "cannot change any more."
                )
                % ", ".join(started.mapped("name"))
            )
        return super().write(vals)

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):  # the addon goes, its data too
            return super().unlink()
        started = self.filtered(lambda i: i.session_id.state != "draft")
        if started:
            raise UserError(
                _(
                    "%s: the session has opened; its agenda items, their ballots "
                    "and results are kept."
                )
                % ", ".join(started.mapped("name"))
            )
        return super().unlink()

    def _check_candidates_ready(self):
        self.mapped("request_ids")._check_votable()

    def _candidates(self):
        """The requests' ids, oldest first: the tie-break of every ranking and
        selection (the first request submitted comes first among equals)."""
        return self.request_ids.sorted("id").ids

    # --- ballots ----------------------------------------------------------------------------
    def _check_value(self, value):
        """A ballot's value fits the method: errors name the item and what is wrong."""
        self.ensure_one()
        try:
            tallies.check_ballot(
                self.method, self._tally_value(value), self._candidates()
            )
        except tallies.TallyError as error:
            raise ValidationError(self._tally_message(error)) from error

    def _tally_message(self, error):
        """A TallyError in the user's language, naming the item."""
        return _("%s: %s") % (self.name, _(error.msgid) % error.params)

    def _tally_value(self, value):
        """A stored ballot in the shape of lib/tallies: score keys back to ids
        (JSON object keys are strings)."""
        if self.method == "score" and isinstance(value, dict):
            return {_as_id(key): score for key, score in value.items()}
        return value

    def _split_ballots(self, eligible):
        """The ballots that count, and the others by reason: a co-op without the
        voting right at closing, a ballot that no longer fits the item."""
        self.ensure_one()
        counted, no_right, unfit = [], self.env["komunigi.ballot"], []
        for ballot in self.ballot_ids:
            if ballot.partner_id not in eligible:
                no_right |= ballot
                continue
            try:
                value = self._tally_value(json.loads(ballot.value))
                tallies.check_ballot(self.method, value, self._candidates())
            except (ValueError, TypeError):  # TallyError is a ValueError
                unfit.append(ballot)
                continue
            counted.append(value)
        return counted, no_right, unfit

    # --- results ------------------------------------------------------------------------------
    def _store_results(self, eligible):
        """Tally each item over the ballots that count (`eligible`: the co-ops with
        the voting right at closing) and store the result; the other ballots are
        kept, and the result says how many were not counted and why."""
        for item in self:
            values, no_right, unfit = item._split_ballots(eligible)
            tally = item._tally(values, len(eligible))
            notes = item._uncounted_notes(no_right, unfit)
            tally["data"]["not_counted"] = {
                "no_voting_right": no_right.mapped("partner_id.name"),
                "unfit": [ballot.partner_id.name for ballot in unfit],
            }
            item.write(
                {
                    "eligible_count": len(eligible),
                    "voted_count": len(values),
                    "uncounted_count": len(no_right) + len(unfit),
                    "quorum_reached": tally["quorum_reached"],
                    "outcome": tally["outcome"],
                    "approved_request_ids": [(6, 0, tally["approved"].ids)],
                    "result_data": json.dumps(tally["data"], default=str),
                    "result_summary": " ".join(
                        ["%s: %s." % (item.name, tally["summary"])] + notes
                    ),
                }
            )

    def _tally(self, values, eligible_count):
        """The item's method applied to the counted ballots; a setting the tally
        refuses becomes an error that names the item."""
        try:
            return getattr(self, "_tally_" + self.method)(values, eligible_count)
        except tallies.TallyError as error:
            raise UserError(self._tally_message(error)) from error

    @staticmethod
    def _uncounted_notes(no_right, unfit):
        notes = []
        if no_right:
            notes.append(
                _("%s ballot(s) not counted: %s lost the voting right before closing.")
                % (len(no_right), ", ".join(no_right.mapped("partner_id.name")))
            )
        if unfit:
            notes.append(
                _("%s ballot(s) not counted: they no longer fit the item.") % len(unfit)
            )
        return notes

    def _requests(self, ids):
        """The requests of `ids`, in that order."""
        return self.env["komunigi.request"].browse(ids)

    def _tally_yes_no(self, values, eligible_count):
        result = tallies.tally_yes_no(
            values, eligible_count, self.quorum, self.majority
        )
        adopted = result["outcome"] == "adopted"
        return {
            "outcome": result["outcome"],
            "quorum_reached": result["quorum_reached"],
            "approved": self.request_ids if adopted else self._requests([]),
            "data": result,
            "summary": _("%s yes, %s no, %s abstain: %s")
            % (result["yes"], result["no"], result["abstain"], result["outcome"]),
        }

    def _tally_approval(self, values, eligible_count):
        result = tallies.decide_approval(
            values, self._candidates(), eligible_count, self.quorum, self.majority
        )
        return self._decided(result, result["totals"])

    def _tally_score(self, values, eligible_count):
        result = tallies.decide_score(
            values, self._candidates(), eligible_count, self.quorum, self.majority
        )
        return self._decided(result, result["display_means"])

    def _decided(self, result, shown):
        """An approval or score result: the requests reaching the threshold."""
        approved = self._requests(result["approved"])
        return {
            "outcome": "adopted" if approved else "rejected",
            "quorum_reached": result["quorum_reached"],
            "approved": approved,
            "data": result,
            "summary": ", ".join(
                "%s %s" % (self._requests([r]).name, shown[r]) for r in result["order"]
            ),
        }

    def _tally_ranking(self, values, eligible_count):
        """The Schulze ranking; once the quorum is reached, the top seats or as
        many requests as fit the budget are approved."""
        result = schulze.schulze(values, self._candidates())
        reached = tallies.quorum_reached(len(values), eligible_count, self.quorum)
        selection = schulze.select_ranked(
            result["levels"],
            seats=self.seats,
            budget=self._exact(self.budget) if self.budget else None,
            costs={r.id: self._exact(r.estimate_total) for r in self.request_ids},
        )
        approved = self._requests(selection["selected"] if reached else [])
        summary = " > ".join(self._requests(result["order"]).mapped("name"))
        if approved:
            summary += _("; approved: %s") % ", ".join(approved.mapped("name"))
        if approved and selection["tied_at_cut"]:
            summary += _(" (a tie at the cut went to the oldest request)")
        return {
            "outcome": "ranked",
            "quorum_reached": reached,
            "approved": approved,
            "data": {
                "levels": result["levels"],
                "order": result["order"],
                "winners": result["winners"],
                "selected": selection["selected"] if reached else [],
                "spent": selection["spent"] if reached else 0,
            },
            "summary": summary,
        }

    def _exact(self, amount):
        """A monetary amount as an exact Decimal, rounded to the currency."""
        digits = self.currency_id.decimal_places
        return Decimal("%.*f" % (digits, amount))


def _as_id(key):
    """A JSON object key back to a record id when it is one."""
    return int(key) if isinstance(key, str) and key.isdigit() else key
