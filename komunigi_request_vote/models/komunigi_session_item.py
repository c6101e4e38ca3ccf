# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import tallies

METHODS = [
    ("yes_no", "Yes / no / abstain"),
    ("approval", "Approval"),
    ("score", "Score (0-5)"),
    ("ranking", "Ranking (Schulze)"),
]


class KomunigiSessionItem(models.Model):
    """An agenda item: a question put to the co-ops with its voting method."""

    _name = "komunigi.session.item"
    _description = "Agenda item"
    _order = "session_id, sequence, id"

    session_id = fields.Many2one(
        "komunigi.session", required=True, ondelete="cascade", index=True
    )
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
    ballot_ids = fields.One2many("komunigi.ballot", "item_id", string="Ballots")
    ballot_count = fields.Integer(compute="_compute_ballot_count")
    # Results, stored on close.
    eligible_count = fields.Integer(readonly=True)
    voted_count = fields.Integer(readonly=True)
    quorum_reached = fields.Boolean(readonly=True)
    outcome = fields.Selection(
        [("adopted", "Adopted"), ("rejected", "Rejected"), ("ranked", "Ranked")],
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
            if not 0 <= item.quorum <= 1 or not 0 <= item.majority <= 1:
                raise ValidationError(_("Quorum and majority are shares from 0 to 1."))
            if item.method == "yes_no":
                if len(item.request_ids) + len(item.proposal_id) != 1:
                    raise ValidationError(
                        _("A yes/no item decides one request or one proposal.")
                    )
            elif len(item.request_ids) < 2 or item.proposal_id:
                raise ValidationError(
                    _("Approval, score and ranking items compare two requests or more.")
                )

    def _check_candidates_ready(self):
        self.mapped("request_ids")._check_free_for_decision()
        for request in self.mapped("request_ids"):
            if request.state not in ("estimated", "vote"):
                raise UserError(
                    _("%s is not estimated: it cannot be put to the vote.")
                    % request.display_title
                )

    def _candidates(self):
        return self.request_ids.ids

    # --- ballots ----------------------------------------------------------------------------
    def _check_value(self, value):
        """A ballot's value fits the method: errors name what is wrong."""
        self.ensure_one()
        candidates = self._candidates()
        try:
            if self.method == "yes_no":
                tallies.tally_yes_no([value], 1, 0, 0)
            elif self.method == "approval":
                tallies.tally_approval([set(value)], candidates)
            elif self.method == "score":
                tallies.tally_score([_int_keys(value)], candidates)
            else:
                tallies.schulze([list(value)], candidates)
        except tallies.TallyError as error:
            raise ValidationError(_(error.msgid) % error.params) from error
        except (TypeError, ValueError, AttributeError) as error:
            raise ValidationError(
                _("This ballot does not fit the voting method.")
            ) from error

    def _store_results(self, eligible_count):
        for item in self:
            values = [ballot._value() for ballot in item.ballot_ids]
            voted = len(values)
            quorum_reached = voted >= item.quorum * eligible_count and voted > 0
            tally = getattr(item, "_tally_" + item.method)(values, eligible_count)
            item.write(
                {
                    "eligible_count": eligible_count,
                    "voted_count": voted,
                    "quorum_reached": tally.get("quorum_reached", quorum_reached),
                    "outcome": tally["outcome"],
                    "result_data": json.dumps(tally["data"], default=str),
                    "result_summary": "%s: %s" % (item.name, tally["summary"]),
                }
            )
            item._apply_outcome(tally.get("approved"))

    def _tally_yes_no(self, values, eligible_count):
        result = tallies.tally_yes_no(
            values, eligible_count, self.quorum, self.majority
        )
        return {
            "outcome": result["outcome"],
            "quorum_reached": result["quorum_reached"],
            "approved": self.request_ids if result["outcome"] == "adopted" else None,
            "data": result,
            "summary": _("%s yes, %s no, %s abstain: %s")
            % (result["yes"], result["no"], result["abstain"], result["outcome"]),
        }

    def _approved_where(self, values, eligible_count, scores, threshold):
        reached = len(values) > 0 and len(values) >= self.quorum * eligible_count
        approved = self.request_ids.filtered(
            lambda r: (
                reached and scores.get(r.id) is not None and scores[r.id] >= threshold
            )
        )
        return reached, approved

    def _tally_approval(self, values, eligible_count):
        result = tallies.tally_approval([set(v) for v in values], self._candidates())
        shares = {
            r: (t / len(values) if values else 0) for r, t in result["totals"].items()
        }
        reached, approved = self._approved_where(
            values, eligible_count, shares, self.majority
        )
        return {
            "outcome": "adopted" if approved else "rejected",
            "quorum_reached": reached,
            "approved": approved,
            "data": result,
            "summary": ", ".join(
                "%s %s"
                % (self.env["komunigi.request"].browse(r).name, result["totals"][r])
                for r in result["order"]
            ),
        }

    def _tally_score(self, values, eligible_count):
        result = tallies.tally_score([_int_keys(v) for v in values], self._candidates())
        reached, approved = self._approved_where(
            values, eligible_count, result["means"], self.majority * 5
        )
        return {
            "outcome": "adopted" if approved else "rejected",
            "quorum_reached": reached,
            "approved": approved,
            "data": result,
            "summary": ", ".join(
                "%s %s"
                % (
                    self.env["komunigi.request"].browse(r).name,
                    result["display_means"][r],
                )
                for r in result["order"]
            ),
        }

    def _tally_ranking(self, values, eligible_count):
        result = tallies.schulze([list(v) for v in values], self._candidates())
        return {
            "outcome": "ranked",
            "data": {"order": result["order"], "winners": result["winners"]},
            "summary": " > ".join(
                self.env["komunigi.request"].browse(r).name for r in result["order"]
            ),
        }

    def _apply_outcome(self, approved):
        """Approved requests move on; the others go back to estimated."""
        self.ensure_one()
        if self.proposal_id:
            self.proposal_id.state = self.outcome
            return
        if approved is None:
            approved = self.env["komunigi.request"]
        in_vote = self.request_ids.filtered(lambda r: r.state == "vote")
        (in_vote & approved).action_approve()
        (in_vote - approved)._move_to("estimated")


def _int_keys(scores):
    return {int(key): value for key, value in dict(scores).items()}
