# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.komunigi_membership.controllers.public_pages import (
    public_record,
    public_route,
    render_public_values,
    search_as_user,
)


class RequestVotePublic(http.Controller):
    """/komunigi/requests/<id> and /komunigi/sessions/<id>: the pages the newsletter
    links to (the records' `website_url`), for every reader.

    A logged-in reader who may open the request's portal page is sent there; every
    other reader gets the public page. A public page shows only the plain values the
    model publishes (`_public_values`, `_public_results`) of a record its
    `_public_domain` publishes, read with sudo; anything else is not found, whoever
    asks, so that an unpublished record is not even known to exist.
    """

    @public_route("/komunigi/requests/<int:request_id>")
    def komunigi_public_request(self, request_id, **kw):
        own = search_as_user("komunigi.request", [("id", "=", request_id)])
        if own:
            return request.redirect(own.portal_url)
        return render_public_values(
            "komunigi.request",
            request_id,
            "komunigi_request_vote.public_request",
            "komunigi_request",
        )

    @public_route("/komunigi/sessions/<int:session_id>")
    def komunigi_public_session(self, session_id, **kw):
        """The results of a closed session; the same for everyone (they are counts),
        with the way to the co-op's ballots for a logged-in representative."""
        Session = request.env["komunigi.session"]
        session = public_record(Session._name, Session._public_domain(), session_id)
        return request.render(
            "komunigi_request_vote.public_session",
            {
                "komunigi_session": {
                    "name": session.name,
                    "date": session.date,
                    "items": session._public_results(),
                },
                "komunigi_portal_reader": bool(
                    search_as_user(Session._name, [("id", "=", session_id)])
                ),
            },
        )
