# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.komunigi_membership.controllers.log import KomunigiLog


class KomunigiNewsletterLog(KomunigiLog):
    """The log pages with the minutes of the meetings, and the newsletter's page."""

    @http.route()
    def log_entry(self, entry_id, **kw):
        """A published entry links to the minutes of its meeting, when attached."""
        response = super().log_entry(entry_id, **kw)
        entry = response.qcontext["entry"]
        response.qcontext["has_minutes"] = bool(
            entry.sudo().meeting_id.komunigi_minutes
        )
        return response

    @http.route(
        ["/komunigi/log/<int:entry_id>/minutes"],
        type="http",
        auth="public",
        website=True,
    )
    def log_minutes(self, entry_id, **kw):
        """The minutes of a published entry's meeting: published with the entry, the
        meeting itself stays private."""
        meeting = self._entry(entry_id).sudo().meeting_id
        if not meeting.komunigi_minutes:
            raise NotFound()
        status, headers, content = request.env["ir.http"].binary_content(
            env=request.env(user=SUPERUSER_ID),
            model="calendar.event",
            id=meeting.id,
            field="komunigi_minutes",
            filename_field="komunigi_minutes_filename",
            download=True,
        )
        if status != 200:
            raise NotFound()
        return request.make_response(base64.b64decode(content), headers)

    @http.route(["/komunigi/newsletter"], type="http", auth="public", website=True)
    def newsletter_page(self, **kw):
        """The newsletter's "your subscription" link: whoever is logged in gets their
        co-op's page (the subscription form), every other reader the newsletter's page.
        """
        if not request.website.is_public_user():
            return request.redirect("/my/komunigi")
        return request.render("komunigi_newsletter.newsletter_page", {})
