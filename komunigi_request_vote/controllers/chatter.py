# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.http import request, route
from odoo.tools import plaintext2html

from odoo.addons.komunigi_membership.controllers.form_values import as_record_id
from odoo.addons.komunigi_membership.models.text_limits import check_comment
from odoo.addons.portal.controllers.mail import PortalChatter, _message_post_helper

# What /my/requests/<id> says when it is opened with ?comment=<code>: a comment the
# model refuses (too long, a NUL byte), or one from a user who does not follow the
# request (the discussion belongs to the co-ops that follow it).
COMMENT_REFUSED = "refused"
COMMENT_FORBIDDEN = "forbidden"


class RequestChatter(PortalChatter):
    """The discussion of a request, whatever the form sends.

    Odoo's route converts the id with `int` and takes any model name: both are checked
    first, for every model. For a request, Odoo's route would send the browser back to
    the Referer (a post without one fails) and let the model's refusal become a server
    error: here a comment the model would refuse (too long, a NUL byte) sends the
    browser back to the request with a fixed code the page turns into the message,
    never with the comment in the URL, and so does a comment of a user who does not
    follow the request; an id that is no readable request is not found.
    """

    @route()
    def portal_chatter_post(self, res_model=None, res_id=None, message=None, **kw):
        record_id = as_record_id(res_id)
        if not (record_id and res_model in request.env):
            return request.not_found()
        if res_model != "komunigi.request":
            return super().portal_chatter_post(res_model, str(record_id), message, **kw)
        record = request.env[res_model].search([("id", "=", record_id)])
        if not record:
            return request.not_found()
        page = "/my/requests/%d" % record_id
        if request.env.user.partner_id not in record.sudo().message_partner_ids:
            # mail.message would refuse it with an AccessError (a 403 page).
            return request.redirect(
                "%s?comment=%s#discussion" % (page, COMMENT_FORBIDDEN)
            )
        try:
            check_comment(message)
        except ValidationError:
            return request.redirect(
                "%s?comment=%s#discussion" % (page, COMMENT_REFUSED)
            )
        if (message or "").strip():
            _message_post_helper(res_model, record_id, plaintext2html(message), **kw)
        return request.redirect(page + "#discussion")
