# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
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
            "komunigi_membership.log_index",
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
        return request.render("komunigi_membership.log_entry_page", {"entry": entry})
