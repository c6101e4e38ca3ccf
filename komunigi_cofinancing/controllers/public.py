# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.komunigi_membership.controllers.public_pages import (
    public_route,
    render_public_values,
    search_as_user,
)

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

    @public_route("/komunigi/cofinancings/<int:cofinancing_id>")
    def komunigi_public_cofinancing(self, cofinancing_id, **kw):
        coop = request.env.user.partner_id.commercial_partner_id
        own_share = search_as_user(
            "komunigi.cofinancing.share",
            [("cofinancing_id", "=", cofinancing_id), ("partner_id", "=", coop.id)],
        )
        if own_share:
            return request.redirect(PORTAL_PATH % cofinancing_id)
        return render_public_values(
            "komunigi.cofinancing",
            cofinancing_id,
            "komunigi_cofinancing.public_cofinancing",
            "komunigi_cofinancing",
        )
