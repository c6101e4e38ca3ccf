# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import OrderedDict

from odoo import _
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.komunigi_portal import (
    KomunigiPortal,
    portal_post,
)
from odoo.addons.komunigi_membership.models.text_limits import COMMENT_LIMIT

from .chatter import COMMENT_FORBIDDEN, COMMENT_REFUSED


class RequestVotePortal(KomunigiPortal):
    """/my/requests and one request's page; the submit form (portal_request_form.py),
    the sessions (portal_sessions.py) and the roadmap (roadmap.py) build on its
    helpers (the co-op of the user, the states of a request).

    Records are searched and read as the logged-in user, so that the record rules of
    the addon (the network's submitted requests and the co-op's own drafts, the
    co-op's own ballots) decide what a page may show. Portal users may read no
    partner of another co-op and write no request: sudo is used to display the
    names of the co-ops of a request the user may read, and to write on behalf of
    the user's own co-op only, which comes from the user, never from the form.
    """

    # --- who is asking ---------------------------------------------------------------
    def _requests_member_coop(self):
        """The user's co-op if it is a member today: the pages offer only members to
        ask and support (the request model refuses the others, whatever the door)."""
        coop = self._komunigi_coop()
        return coop if coop.sudo()._komunigi_active_membership() else coop.browse()

    def _prepare_portal_layout_values(self):
        """Counters of the Requests and Sessions entries of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._komunigi_can_read("komunigi.request"):
            values["komunigi_request_count"] = request.env[
                "komunigi.request"
            ].search_count(self._requests_filters()["mine"]["domain"])
        if self._komunigi_can_read("komunigi.session"):
            values["komunigi_open_session_count"] = request.env[
                "komunigi.session"
            ].search_count([("state", "=", "open")])
        return values

    # --- /my/requests ----------------------------------------------------------------
    @staticmethod
    def _requests_sortings():
        return OrderedDict(
            [
                ("date", {"label": _("Newest"), "order": "id desc"}),
                ("name", {"label": _("Reference"), "order": "name"}),
                ("title", {"label": _("Title"), "order": "title"}),
                (
                    "interest",
                    {"label": _("Most needed"), "order": "interest_count desc, id"},
                ),
                ("state", {"label": _("State"), "order": "state, id desc"}),
            ]
        )

    def _requests_filters(self):
        """By default the co-op's own requests and those it needs too; the network's
        submitted requests on demand (the record rules hide the others' drafts)."""
        coop = self._komunigi_coop()
        return OrderedDict(
            [
                (
                    "mine",
                    {
                        "label": _("My co-op's requests"),
                        "domain": [
                            "|",
                            ("partner_id", "=", coop.id),
                            ("interested_partner_ids", "in", coop.ids),
                        ],
                    },
                ),
                (
                    "network",
                    {
                        "label": _("All requests of the network"),
                        "domain": [("state", "!=", "draft")],
                    },
                ),
            ]
        )

    @staticmethod
    def _requests_states():
        """(key, label) of the request states, in the user's language."""
        field = request.env["komunigi.request"]._fields["state"]
        return field._description_selection(request.env)

    def _requests_list_domain(self, filterby, category, state, search):
        """The list's domain and the filters that apply, unknown values ignored."""
        domain = list(self._requests_filters()[filterby]["domain"])
        categories = request.env["komunigi.request.category"].search([])
        category = categories.filtered(lambda c: str(c.id) == category)
        if category:
            domain.append(("category_id", "=", category.id))
        state = state if state in dict(self._requests_states()) else None
        if state:
            domain.append(("state", "=", state))
        if search:
            domain += ["|", ("name", "ilike", search), ("title", "ilike", search)]
        return domain, categories, category, state

    @route(
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_requests(
        self, page=1, sortby=None, filterby=None, category=None, state=None, **kw
    ):
        values = self._prepare_portal_layout_values()
        Request = request.env["komunigi.request"]
        sortings = self._requests_sortings()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in self._requests_filters() else "mine"
        search = (kw.get("search") or "").strip()
        domain, categories, category, state = self._requests_list_domain(
            filterby, category, state, search
        )
        url_args = {
            "sortby": sortby,
            "filterby": filterby,
            "category": category.id or "",
            "state": state or "",
            "search_in": "content",
            "search": search,
        }
        pager, requests = self._komunigi_page_of(
            Request._name,
            domain,
            "/my/requests",
            page,
            sortings[sortby]["order"],
            url_args=url_args,
        )
        values.update(
            {
                "page_name": "komunigi_requests",
                "default_url": "/my/requests",
                "pager": pager,
                "komunigi_requests": requests.sudo(),
                "komunigi_coop": self._komunigi_coop(),
                "komunigi_member_coop": self._requests_member_coop(),
                "komunigi_categories": categories,
                "komunigi_category": category,
                "komunigi_states": self._requests_states(),
                "komunigi_state": state,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": self._requests_filters(),
                "filterby": filterby,
                "searchbar_inputs": {
                    "content": {
                        "input": "content",
                        "label": _("Search in reference and title"),
                    }
                },
                "search_in": "content",
                "search": search,
                "url_args": url_args,
            }
        )
        return request.render("komunigi_request_vote.portal_my_requests", values)

    # --- one request -----------------------------------------------------------------
    def _requests_get(self, request_id):
        """The request if the user may read it (another co-op's draft is not found)."""
        return self._komunigi_find("komunigi.request", [("id", "=", request_id)])

    @staticmethod
    def _requests_history(record):
        """The state changes kept by the chatter's tracking, oldest first.

        Portal users may not read tracking values: they are read with sudo, for a
        request the user may read, and only the dates and state labels leave here.
        """
        trackings = (
            record.sudo()
            .message_ids.mapped("tracking_value_ids")
            .filtered(lambda t: t.field == "state")
        )
        return [
            {
                "date": tracking.mail_message_id.date,
                "old": tracking.old_value_char,
                "new": tracking.new_value_char,
            }
            for tracking in trackings.sorted("id")
        ]

    @staticmethod
    def _requests_attachments(record):
        """The files of the request itself, not those of the (internal) messages."""
        in_messages = record.sudo().message_ids.mapped("attachment_ids")
        attachments = (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("res_field", "=", False),
                ]
            )
        )
        return attachments - in_messages

    def _requests_page_values(self, record, error=None):
        coop = self._requests_member_coop()
        shown = record.sudo()
        user_partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "komunigi_request",
                "komunigi_request": shown,
                "komunigi_history": self._requests_history(record),
                "komunigi_attachments": self._requests_attachments(record),
                "komunigi_interested": shown.interested_partner_ids.sorted("name"),
                "komunigi_is_requester": coop and coop == shown.partner_id,
                "komunigi_is_interested": coop and coop in shown.interested_partner_ids,
                "komunigi_member_coop": coop,
                "komunigi_can_comment": user_partner in shown.message_partner_ids,
                "komunigi_error": error,
            }
        )
        return values

    def _requests_render(self, record, error=None):
        values = self._requests_page_values(record, error)
        return request.render("komunigi_request_vote.portal_my_request", values)

    @route(["/my/requests/<int:request_id>"], type="http", auth="user", website=True)
    def portal_my_request(self, request_id, comment=None, **kw):
        """`comment`: the code the discussion sends back when it refused a comment."""
        error = None
        if comment == COMMENT_REFUSED:
            error = (
                _(
                    "Your comment is not posted: keep it under %d characters, without NUL "
                    "characters."
                )
                % COMMENT_LIMIT
            )
        elif comment == COMMENT_FORBIDDEN:
            error = _(
                "Your comment is not posted: only the co-ops that follow this request "
                "take part in its discussion."
            )
        return self._requests_render(self._requests_get(request_id), error)

    @portal_post("/my/requests/<int:request_id>/interest")
    def portal_request_interest(self, request_id, interested="1", **kw):
        """Say "we need this too" (interested=1) or "no longer" (interested=0).

        Portal users may not write requests: the change is made with sudo, for the
        user's own co-op, on a request the user may read; the model refuses a co-op
        that is no member. Repeating it changes nothing: a co-op is counted once.
        """
        record = self._requests_get(request_id)
        coop = self._komunigi_coop()

        def change():
            if interested == "1":
                record.sudo().action_add_interest(coop)
            else:
                record.sudo().action_remove_interest(coop)
            return request.redirect(record.portal_url)

        return self._komunigi_attempt(
            change, lambda message: self._requests_render(record, message)
        )
