# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
import uuid

from odoo import _
from odoo.exceptions import UserError
from odoo.http import request, route
from odoo.tools import plaintext2html

from odoo.addons.komunigi_membership.controllers.concurrency import retrying

from .portal import RequestVotePortal

# The longest description the submit form takes (the textarea's maxlength too).
DESCRIPTION_LIMIT = 20000


def _submission_token(post):
    """The form's one-time token, when it has the shape the form gives it."""
    token = post.get("submission_token") or ""
    return token if re.fullmatch("[0-9a-f]{32}", token) else None


class RequestFormPortal(RequestVotePortal):
    """/my/requests/new: a representative submits a request for the co-op; the
    request model checks the rest (member co-op, text limits)."""

    def _requests_form_errors(self, post, coop, categories):
        """Messages per form field (and "form" for the whole), empty when valid.

        The model's refusal of a co-op that is no member comes first, so that such a
        representative learns it before typing anything more.
        """
        errors = {}
        try:
            request.env["komunigi.request"]._check_submitter_coop(coop)
        except UserError as error:
            errors["form"] = error.name
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
                return self._komunigi_attempt(
                    lambda: request.redirect(
                        self._requests_create(post, coop).portal_url
                    ),
                    lambda message: self._requests_form_render(
                        post, coop, categories, {"form": message}
                    ),
                )
        return self._requests_form_render(post, coop, categories, errors)

    def _requests_form_render(self, post, coop, categories, errors):
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
