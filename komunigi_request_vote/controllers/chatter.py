# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.form_values import as_record_id
from odoo.addons.komunigi_membership.models.text_limits import check_comment
from odoo.addons.portal.controllers.mail import PortalChatter

# What /my/requests/<id> says when it is opened with ?comment=<code>.
COMMENT_REFUSED = "refused"


class RequestChatter(PortalChatter):
    """The discussion of a request: a comment the model would refuse (too long, a NUL
    byte) sends the browser back to the request with a fixed code the page turns into
    the message, never with the comment in the URL and never as a server error."""

    @route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        if res_model != "komunigi.request":
            return super().portal_chatter_post(res_model, res_id, message, **kw)
        record_id = as_record_id(res_id)
        if not record_id:
            return request.not_found()
        try:
            check_comment(message)
        except ValidationError:
            return request.redirect(
                "/my/requests/%d?comment=%s#discussion" % (record_id, COMMENT_REFUSED)
            )
        return super().portal_chatter_post(res_model, str(record_id), message, **kw)
