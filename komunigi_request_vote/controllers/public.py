# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request, route


class RequestVotePublic(http.Controller):
    """/komunigi/requests/<id> and /komunigi/sessions/<id>: the pages the newsletter
    links to (the records' `website_url`), for every reader.

    A logged-in reader who may open the request's portal page is sent there; every
    other reader gets the public page. A public page shows only the plain values the
    model publishes (`_public_values`, `_public_results`) of a record its
    `_public_domain` publishes, read with sudo; anything else is not found, whoever
    asks, so that an unpublished record is not even known to exist.
    """

    @staticmethod
    def _public_record(model, domain, record_id):
        record = request.env[model].sudo().search(domain + [("id", "=", record_id)])
        if not record:
            raise NotFound()
        return record

    @staticmethod
    def _readable_as_user(model, record_id):
        """The record as the logged-in user may read it (the record rules decide),
        else an empty recordset; the public user reads none."""
        Model = request.env[model]
        if request.website.is_public_user():
            return Model.browse()
        if not Model.check_access_rights("read", raise_exception=False):
            return Model.browse()
        try:
            return Model.search([("id", "=", record_id)])
        except AccessError:
            return Model.browse()

    @route(
        ["/komunigi/requests/<int:request_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def komunigi_public_request(self, request_id, **kw):
        own = self._readable_as_user("komunigi.request", request_id)
        if own:
            return request.redirect(own.portal_url)
        Request = request.env["komunigi.request"]
        record = self._public_record(
            Request._name,
            Request._public_domain(request.website.company_id),
            request_id,
        )
        return request.render(
            "komunigi_request_vote.public_request",
            {"komunigi_request": record._public_values()},
        )

    @route(
        ["/komunigi/sessions/<int:session_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def komunigi_public_session(self, session_id, **kw):
        """The results of a closed session; the same for everyone (they are counts),
        with the way to the co-op's ballots for a logged-in representative."""
        Session = request.env["komunigi.session"]
        session = self._public_record(
            Session._name, Session._public_domain(), session_id
        )
        return request.render(
            "komunigi_request_vote.public_session",
            {
                "komunigi_session": {
                    "name": session.name,
                    "date": session.date,
                    "items": session._public_results(),
                },
                "komunigi_portal_reader": bool(
                    self._readable_as_user(Session._name, session_id)
                ),
            },
        )
