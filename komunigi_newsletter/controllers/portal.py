# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.concurrency import retrying
from odoo.addons.komunigi_membership.controllers.portal import MembershipPortal


class KomunigiNewsletterPortal(MembershipPortal):
    """The newsletter block of /my/komunigi, and the form that changes it.

    The form changes the subscription of the logged-in user's own contact only: it
    takes no contact id, so there is nobody else's subscription it could reach.
    """

    def _komunigi_page_values(self):
        values = super()._komunigi_page_values()
        partner = request.env.user.partner_id.sudo()
        values["komunigi_newsletter"] = partner._komunigi_newsletter_status()
        values["komunigi_newsletter_message"] = request.params.get("newsletter")
        return values

    @route(
        ["/my/komunigi/newsletter"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_komunigi_newsletter(self, subscribe=None, **kw):
        partner = request.env.user.partner_id.sudo()
        try:
            partner._komunigi_newsletter_subscribe(subscribe == "1")
        except UserError:
            return request.redirect("/my/komunigi?newsletter=refused")
        state = "subscribed" if subscribe == "1" else "unsubscribed"
        return request.redirect("/my/komunigi?newsletter=%s" % state)
