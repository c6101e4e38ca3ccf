# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request, route

# The co-funders' own page of a co-financing (controllers/portal_cofinancings.py).
PORTAL_PATH = "/my/cofinancings/%d"


class CofinancingPublic(http.Controller):
    """/komunigi/cofinancings/<id>: the page the newsletter links to (the record's
    `website_url`), for every reader.

    A logged-in representative of a co-op that takes part is sent to the co-op's
    portal page of the co-financing; every other reader, logged in or not, gets the
    public summary: the plain values the model publishes (`_public_values`) of a
    co-financing its `_public_domain` publishes, read with sudo. Anything else is
    not found.
    """

    @staticmethod
    def _own_share(cofinancing_id):
        """The share of the logged-in user's co-op in the co-financing, searched as
        the user (the record rules decide); none for the public user."""
        Share = request.env["komunigi.cofinancing.share"]
        if request.website.is_public_user():
            return Share.browse()
        if not Share.check_access_rights("read", raise_exception=False):
            return Share.browse()
        coop = request.env.user.partner_id.commercial_partner_id
        try:
            return Share.search(
                [("cofinancing_id", "=", cofinancing_id), ("partner_id", "=", coop.id)]
            )
        except AccessError:
            return Share.browse()

    @route(
        ["/komunigi/cofinancings/<int:cofinancing_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def komunigi_public_cofinancing(self, cofinancing_id, **kw):
        if self._own_share(cofinancing_id):
            return request.redirect(PORTAL_PATH % cofinancing_id)
        Cofinancing = request.env["komunigi.cofinancing"].sudo()
        cofinancing = Cofinancing.search(
            Cofinancing._public_domain(request.website.company_id)
            + [("id", "=", cofinancing_id)]
        )
        if not cofinancing:
            raise NotFound()
        return request.render(
            "komunigi_cofinancing.public_cofinancing",
            {"komunigi_cofinancing": cofinancing._public_values()},
        )
