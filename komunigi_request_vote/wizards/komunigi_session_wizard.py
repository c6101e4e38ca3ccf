# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.osv import expression

from ..models.komunigi_session_item import METHODS

# The window proposed: the meeting a week ahead, the co-ops voting from the next
# morning (the scheduled action leaves the draft alone until then, while the
# coordinator reads it) until the evening of the meeting (UTC, as the session's).
MEETING_IN_DAYS = 7
VOTING_OPENS_AT = time(8)
VOTING_CLOSES_AT = time(20)


def _at(day, hour):
    """An Odoo datetime string: `day` (a date) at `hour` (a time)."""
    return fields.Datetime.to_string(datetime.combine(day, hour))


class KomunigiSessionWizard(models.TransientModel):
    """Put requests to a vote: a draft session with an item for them, from the
    requests' kanban or list ("Put to a vote", the Action menu).

    The session is made by its model's public path (`create_putting_to_vote`),
    which refuses what its opening would refuse; the wizard keeps the session it
    made, so a second click opens the same one.
    """

    _name = "komunigi.session.wizard"
    _description = "Put requests to a vote"

    name = fields.Char(required=True)
    date = fields.Date(
        string="Meeting date",
        required=True,
        default=lambda self: fields.Date.to_string(self._in_days(MEETING_IN_DAYS)),
    )
    voting_opens = fields.Datetime(
        required=True,
        default=lambda self: _at(self._in_days(1), VOTING_OPENS_AT),
    )
    voting_closes = fields.Datetime(
        required=True,
        default=lambda self: _at(self._in_days(MEETING_IN_DAYS), VOTING_CLOSES_AT),
    )
    method = fields.Selection(
        METHODS,
        string="Voting method",
        required=True,
        default="yes_no",
        help="Yes/no: one item for each request. Approval, score and ranking: one "
        "item comparing the requests.",
    )
    request_ids = fields.Many2many(
        "komunigi.request",
        string="Requests",
        required=True,
        default=lambda self: self._default_requests(),
    )
    session_id = fields.Many2one("komunigi.session", readonly=True)

    @api.model
    def _in_days(self, days):
        """The user's today moved by `days`, as a date."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        return today + timedelta(days=days)

    @api.model
    def _default_requests(self):
        """The requests selected in the list (`active_ids`); else the estimated
        requests of the company that the kanban or list shows (`active_domain`),
        or all of them."""
        context = self.env.context
        requests = self.env["komunigi.request"]
        shown = []
        if context.get("active_model") == requests._name:
            if context.get("active_ids"):
                return requests.browse(context["active_ids"])
            shown = context.get("active_domain") or []
        return requests.search(
            expression.AND(
                [
                    shown,
                    [
                        ("state", "=", "estimated"),
                        ("company_id", "=", self.env.user.company_id.id),
                    ],
                ]
            )
        )

    @api.onchange("date")
    def _onchange_date(self):
        """Voting closes on the evening of the meeting it prepares."""
        if self.date:
            day = fields.Date.from_string(self.date)
            self.voting_closes = _at(day, VOTING_CLOSES_AT)

    def action_create_session(self):
        """Create the draft session once, and open its form."""
        self.ensure_one()
        self._lock_for_session()
        if not self.session_id:
            self.session_id = self.env["komunigi.session"].create_putting_to_vote(
                {
                    "name": self.name,
                    "date": self.date,
                    "voting_opens": self.voting_opens,
                    "voting_closes": self.voting_closes,
                },
                self.request_ids.ids,
                self.method,
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "komunigi.session",
            "res_id": self.session_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _lock_for_session(self):
        """A double click: the second call waits for the first, then (run again by
        Odoo once the first has committed) finds its session."""
        self.env.cr.execute(
            "SELECT id FROM %s WHERE id = %%s FOR UPDATE" % self._table, [self.id]
        )
        self.invalidate_cache(["session_id"], self.ids)
