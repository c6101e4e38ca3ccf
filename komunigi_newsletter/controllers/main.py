# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, http
from odoo.http import request

PER_PAGE = 10


class KomunigiLog(http.Controller):
    """/komunigi/log: the published project log, for everyone.

    Entries are read as the visitor: the record rules let the public, portal users and
    employees read the published entries only, and each route also asks for them.
    """

    @staticmethod
    def _published(domain=None):
        return [("is_published", "=", True)] + (domain or [])

    @http.route(
        ["/komunigi/log", "/komunigi/log/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
    )
    def log_index(self, page=1, tag=None, **kw):
        Entry = request.env["komunigi.log.entry"]
        Tag = request.env["komunigi.log.tag"]
        current_tag = Tag.browse()
        domain = self._published()
        if tag and str(tag).isdigit():
            current_tag = Tag.search([("id", "=", int(tag))])
            domain += [("tag_ids", "in", current_tag.ids)]
        total = Entry.search_count(domain)
        pager = request.website.pager(
            url="/komunigi/log",
            total=total,
            page=page,
            step=PER_PAGE,
            url_args={"tag": tag} if current_tag else None,
        )
        entries = Entry.search(domain, limit=PER_PAGE, offset=pager["offset"])
        return request.render(
            "komunigi_newsletter.log_index",
            {
                "entries": entries,
                "tags": Tag.search([]),
                "current_tag": current_tag,
                "pager": pager,
            },
        )

    def _entry(self, entry_id):
        entry = request.env["komunigi.log.entry"].search(
            self._published([("id", "=", entry_id)])
        )
        if not entry:
            raise NotFound()
        return entry

    @http.route(
        ["/komunigi/log/<int:entry_id>"], type="http", auth="public", website=True
    )
    def log_entry(self, entry_id, **kw):
        entry = self._entry(entry_id)
        return request.render(
            "komunigi_newsletter.log_entry_page",
            {
                "entry": entry,
                "has_minutes": bool(entry.sudo().meeting_id.komunigi_minutes),
            },
        )

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
