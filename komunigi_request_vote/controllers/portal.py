# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
import re
import uuid
from collections import OrderedDict

from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request, route
from odoo.tools import plaintext2html

from odoo.addons.komunigi_membership.controllers.concurrency import retrying
from odoo.addons.komunigi_membership.controllers.form_values import as_record_id
from odoo.addons.komunigi_membership.models.text_limits import COMMENT_LIMIT
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .chatter import COMMENT_REFUSED

# The requests the public roadmap lists: decided, paid for or being built.
ROADMAP_STATES = ("approved", "funded", "development", "delivered")
# The longest description the submit form takes (the textarea's maxlength too).
DESCRIPTION_LIMIT = 20000
# Errors of the models that a page shows as a message instead of an error page.
MODEL_ERRORS = (AccessError, UserError, ValidationError)


def _as_int(value):
    """A form value as an integer when it is one: `cast` names what else is wrong
    (a score or a candidate id has a few digits: a longer number is refused as text,
    never converted)."""
    text = (value or "").strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isdigit() and len(digits) <= 10 else text[:40]


def _submission_token(post):
    """The form's one-time token, when it has the shape the form gives it."""
    token = post.get("submission_token") or ""
    return token if re.fullmatch("[0-9a-f]{32}", token) else None


class RequestVotePortal(CustomerPortal):
    """/my/requests, /my/sessions and the public roadmap.

    Records are searched and read as the logged-in user, so that the record rules of
    the addon (the network's submitted requests and the co-op's own drafts, the
    co-op's own ballots) decide what a page may show. Portal users may read no
    partner of another co-op and write no request: sudo is used to display the
    names of the co-ops of a request the user may read, and to write on behalf of
    the user's own co-op only, which comes from the user, never from the form.
    """

    # --- who is asking ---------------------------------------------------------------
    @staticmethod
    def _requests_coop():
        """The co-op the user acts for: the company of their contact."""
        return request.env.user.partner_id.commercial_partner_id

    def _requests_member_coop(self):
        """The user's co-op if it is a member today: only members ask and support."""
        coop = self._requests_coop()
        return coop if coop.sudo()._komunigi_active_membership() else coop.browse()

    @staticmethod
    def _requests_can_read(model):
        """Internal users outside the Komunigi groups may not read these models."""
        return request.env[model].check_access_rights("read", raise_exception=False)

    def _prepare_portal_layout_values(self):
        """Counters of the Requests and Sessions entries of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._requests_can_read("komunigi.request"):
            values["komunigi_request_count"] = request.env[
                "komunigi.request"
            ].search_count(self._requests_filters()["mine"]["domain"])
        if self._requests_can_read("komunigi.session"):
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
        coop = self._requests_coop()
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
        pager = portal_pager(
            url="/my/requests",
            url_args=url_args,
            total=Request.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        requests = Request.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values.update(
            {
                "page_name": "komunigi_requests",
                "default_url": "/my/requests",
                "pager": pager,
                "komunigi_requests": requests.sudo(),
                "komunigi_coop": self._requests_coop(),
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
    @staticmethod
    def _requests_get(request_id):
        """The request if the user may read it; else not found, without telling why
        (another co-op's draft must not even be known to exist)."""
        Request = request.env["komunigi.request"]
        try:
            record = Request.search([("id", "=", request_id)])
        except AccessError:
            record = Request
        if not record:
            raise NotFound()
        return record

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
        values = self._requests_page_values(self._requests_get(request_id), error)
        return request.render("komunigi_request_vote.portal_my_request", values)

    @route(
        ["/my/requests/<int:request_id>/interest"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_request_interest(self, request_id, interested="1", **kw):
        """Say "we need this too" (interested=1) or "no longer" (interested=0).

        Portal users may not write requests: the change is made with sudo, for the
        user's own co-op, on a request the user may read. Repeating it changes
        nothing: a co-op is counted once.
        """
        record = self._requests_get(request_id)
        coop = self._requests_member_coop()
        try:
            if not coop:
                raise UserError(
                    _("Only the representatives of a member co-op can do this.")
                )
            with request.env.cr.savepoint():
                if interested == "1":
                    record.sudo().action_add_interest(coop)
                else:
                    record.sudo().action_remove_interest(coop)
        except MODEL_ERRORS as error:
            values = self._requests_page_values(record, error=error.name)
            return request.render("komunigi_request_vote.portal_my_request", values)
        return request.redirect(record.portal_url)

    # --- submit form -----------------------------------------------------------------
    def _requests_form_errors(self, post, coop, categories):
        """Messages per form field (and "form" for the whole), empty when valid."""
        errors = {}
        if not coop:
            errors["form"] = _(
                "Only the representatives of a member co-op can submit requests."
            )
        if not (post.get("title") or "").strip():
            errors["title"] = _("Give your request a title.")
        elif len(post["title"].strip()) > 200:
            errors["title"] = _("Keep the title under 200 characters.")
        if not (post.get("description") or "").strip():
            errors["description"] = _("Describe what your co-op needs, and why.")
        elif len(post["description"].strip()) > DESCRIPTION_LIMIT:
            errors["description"] = (
                _("Keep the description under %d characters.") % DESCRIPTION_LIMIT
            )
        if not categories.filtered(lambda c: str(c.id) == post.get("category_id")):
            errors["category_id"] = _("Choose a category.")
        return errors

    @staticmethod
    def _requests_uploads():
        """The files sent with the form (the empty file input sends a nameless one)."""
        files = request.httprequest.files.getlist("attachments")
        return [upload for upload in files if upload.filename]

    def _requests_create(self, post, coop):
        """Create and submit the request of the user's co-op.

        Portal users may not create requests: sudo, with the co-op and the
        representative taken from the logged-in user. The superuser who creates it
        does not become a follower; the co-op and its representatives do.
        """
        user_partner = request.env.user.partner_id
        record = (
            request.env["komunigi.request"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "title": post["title"].strip(),
                    "description": plaintext2html(post["description"].strip()),
                    "category_id": int(post["category_id"]),
                    "partner_id": coop.id,
                    "representative_id": user_partner != coop and user_partner.id,
                    "portal_submission_token": _submission_token(post),
                }
            )
        )
        for upload in self._requests_uploads():
            upload.seek(0)  # a retried request reads the file again
            request.env["ir.attachment"].sudo().create(
                {
                    "name": upload.filename,
                    "datas_fname": upload.filename,
                    "datas": base64.b64encode(upload.read()),
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        record.action_submit()
        return record

    @staticmethod
    def _requests_already_sent(token, coop):
        """The request a repeated post of the same form created: the form carries a
        token, so a double click or a resent form submits one request."""
        if not (token and coop):
            return request.env["komunigi.request"]
        return (
            request.env["komunigi.request"]
            .sudo()
            .search(
                [("portal_submission_token", "=", token), ("partner_id", "=", coop.id)],
                limit=1,
            )
        )

    @route(
        ["/my/requests/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    @retrying
    def portal_request_new(self, **post):
        """The submit form; a valid POST creates the request, else the form comes
        back with the messages and what was typed, and nothing is written."""
        coop = self._requests_member_coop()
        categories = request.env["komunigi.request.category"].search([])
        errors = {}
        if request.httprequest.method == "POST":
            sent = self._requests_already_sent(_submission_token(post), coop)
            if sent:
                return request.redirect(sent.portal_url)
            errors = self._requests_form_errors(post, coop, categories)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        record = self._requests_create(post, coop)
                    return request.redirect(record.portal_url)
                except MODEL_ERRORS as error:
                    errors["form"] = error.name
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "komunigi_request_new",
                "komunigi_member_coop": coop,
                "komunigi_categories": categories,
                "komunigi_post": post,
                "komunigi_errors": errors,
                "komunigi_submission_token": _submission_token(post)
                or uuid.uuid4().hex,
            }
        )
        return request.render("komunigi_request_vote.portal_request_new", values)

    # --- /my/sessions ----------------------------------------------------------------
    @staticmethod
    def _sessions_ballots(sessions, coop):
        """The co-op's current ballot per agenda item: {item id: value}."""
        ballots = request.env["komunigi.ballot"].search(
            [("session_id", "in", sessions.ids), ("partner_id", "=", coop.id)]
        )
        return {ballot.item_id.id: json.loads(ballot.value) for ballot in ballots}

    def _sessions_values(self, message=None, error=None):
        Session = request.env["komunigi.session"]
        coop = self._requests_coop()
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
        return request.render(
            "komunigi_request_vote.portal_my_sessions",
            self._sessions_values(message=message),
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

    @route(
        ["/my/sessions/<int:session_id>/vote"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_session_vote(self, session_id, item_id=None, **kw):
        """Cast or change the co-op's ballot on one item; `cast` checks the rest
        (session open, the user represents the co-op, voting right, the value)."""
        Session = request.env["komunigi.session"]
        try:
            session = Session.search([("id", "=", session_id)])
        except AccessError:
            session = Session
        item = session.item_ids.filtered(lambda i: str(i.id) == item_id)
        if not item:
            raise NotFound()
        value = self._sessions_ballot_value(item, request.httprequest.form)
        try:
            with request.env.cr.savepoint():
                request.env["komunigi.ballot"].cast(item, self._requests_coop(), value)
        except MODEL_ERRORS as error:
            values = self._sessions_values(error="%s: %s" % (item.name, error.name))
            return request.render("komunigi_request_vote.portal_my_sessions", values)
        return request.redirect("/my/sessions?voted=%d#item-%d" % (item.id, item.id))

    # --- public roadmap --------------------------------------------------------------
    @staticmethod
    def _roadmap_rows(requests, show_costs):
        """Plain values: no description, no co-op name, no cost unless published."""
        return [
            {
                "reference": req.name,
                "title": req.title,
                "category": req.category_id.name or "",
                "state": req.state,
                "interest_count": req.interest_count,
                "cost": req.estimate_total if show_costs else None,
                "currency": req.currency_id,
            }
            for req in requests
        ]

    @route(["/komunigi/roadmap"], type="http", auth="public", website=True)
    def komunigi_roadmap(self, **kw):
        """What the co-ops decided to build, for everyone (read with sudo)."""
        company = request.website.company_id
        show_costs = company.sudo().komunigi_roadmap_show_costs
        requests = (
            request.env["komunigi.request"]
            .sudo()
            .search(
                [("state", "in", ROADMAP_STATES), ("company_id", "=", company.id)],
                order="interest_count desc, name",
            )
        )
        rows = self._roadmap_rows(requests, show_costs)
        labels = dict(self._requests_states())
        sections = [
            {"label": labels[state], "rows": [r for r in rows if r["state"] == state]}
            for state in ROADMAP_STATES
        ]
        return request.render(
            "komunigi_request_vote.komunigi_roadmap",
            {"komunigi_sections": sections, "komunigi_show_costs": show_costs},
        )
