# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.form_values import as_record_id
from odoo.addons.komunigi_membership.controllers.komunigi_portal import portal_post

from .portal import RequestVotePortal


def _as_int(value):
    """A form value as an integer when it is one: `cast` names what else is wrong
    (a score or a candidate id has a few digits: a longer number is refused as text,
    never converted)."""
    text = (value or "").strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isdigit() and len(digits) <= 10 else text[:40]


class SessionPortal(RequestVotePortal):
    """/my/sessions: the agenda of the open sessions, the co-op's ballots, the results
    of the closed ones. `komunigi.ballot.cast` holds the voting rules."""

    @staticmethod
    def _sessions_ballots(sessions, coop):
        """The co-op's current ballot per agenda item: {item id: value}."""
        ballots = request.env["komunigi.ballot"].search(
            [("session_id", "in", sessions.ids), ("partner_id", "=", coop.id)]
        )
        return {ballot.item_id.id: json.loads(ballot.value) for ballot in ballots}

    def _sessions_values(self, message=None, error=None):
        Session = request.env["komunigi.session"]
        coop = self._komunigi_coop()
        now = fields.Datetime.now()
        open_sessions = Session.search([("state", "=", "open")], order="voting_closes")
        closed_sessions = Session.search(
            [("state", "=", "closed")], limit=self._items_per_page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "komunigi_sessions",
                "komunigi_open_sessions": open_sessions,
                "komunigi_closed_sessions": closed_sessions,
                "komunigi_ballots": self._sessions_ballots(open_sessions, coop),
                "komunigi_can_vote": coop in Session._eligible_coops(),
                "komunigi_voting_now": open_sessions.filtered(
                    lambda s: s.voting_opens <= now <= s.voting_closes
                ),
                "komunigi_message": message,
                "komunigi_error": error,
            }
        )
        return values

    @route(["/my/sessions"], type="http", auth="user", website=True)
    def portal_my_sessions(self, voted=None, **kw):
        """The agenda of the open sessions with the co-op's ballots, and the results
        of the closed ones. `voted` (an item id) confirms a ballot just cast: the
        message shows only if the co-op's ballot on that item exists."""
        Ballot = request.env["komunigi.ballot"]
        if as_record_id(voted):
            ballot = Ballot.search([("item_id", "=", as_record_id(voted))])
        else:
            ballot = Ballot
        message = ballot and _('Your co-op\'s ballot on "%s" is recorded.') % (
            ballot.item_id.name
        )
        return self._sessions_render(message=message)

    def _sessions_render(self, message=None, error=None):
        return request.render(
            "komunigi_request_vote.portal_my_sessions",
            self._sessions_values(message=message, error=error),
        )

    @staticmethod
    def _sessions_ballot_value(item, form):
        """The ballot typed in the item's form, in the shape `cast` expects."""
        candidates = item.sudo().request_ids
        if item.method == "yes_no":
            return form.get("value", "")
        if item.method == "approval":
            return [_as_int(value) for value in form.getlist("approve")]
        if item.method == "score":
            scores = {str(c.id): form.get("score_%d" % c.id, "") for c in candidates}
            return {key: _as_int(score) for key, score in scores.items() if score}
        ranks = (form.get("rank_%d" % pos, "") for pos in range(1, len(candidates) + 1))
        return [_as_int(choice) for choice in ranks if choice]

    @portal_post("/my/sessions/<int:session_id>/vote")
    def portal_session_vote(self, session_id, item_id=None, **kw):
        """Cast or change the co-op's ballot on one item; `cast` checks the rest
        (session open, the user represents the co-op, voting right, the value)."""
        session = self._komunigi_find("komunigi.session", [("id", "=", session_id)])
        item = session.item_ids.filtered(lambda i: str(i.id) == item_id)
        if not item:
            raise NotFound()
        value = self._sessions_ballot_value(item, request.httprequest.form)

        def vote():
            request.env["komunigi.ballot"].cast(item, self._komunigi_coop(), value)
            return request.redirect(
                "/my/sessions?voted=%d#item-%d" % (item.id, item.id)
            )

        return self._komunigi_attempt(
            vote,
            lambda message: self._sessions_render(
                error="%s: %s" % (item.name, message)
            ),
        )
