# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools import html_escape


class KomunigiLogEntry(models.Model):
    """The log entries of requests and sessions, drafted at their transitions.

    The events come in the order the newsletter tells them, one section each.
    """

    _inherit = "komunigi.log.entry"

    source_event = fields.Selection(
        selection_add=[
            ("request_submitted", "New requests"),
            ("session_closed", "Session results"),
            ("request_delivered", "Deliveries"),
        ]
    )

    @api.model
    def _draft_request_event(self, request, event):
        """The entry of a request submitted or delivered, on the day it happens
        (a representative submits from the portal: the request is read as superuser)."""
        request = request.sudo()
        if event == "request_submitted":
            title = _("New request: %s") % request.display_title
        else:
            title = _("Delivered: %s") % request.display_title
        return self._draft_event(
            request,
            event,
            fields.Date.context_today(self),
            title,
            self._paragraph(_("Requested by %s.") % request.partner_id.name),
            member_url="/my/requests/%d" % request.id,
            public_url=request.website_url,
        )

    @api.model
    def _draft_session_closed(self, session):
        """The entry of a closed session, with the result of each item."""
        results = "".join(
            "<li>%s: %s</li>"
            % (html_escape(item.name), html_escape(item.result_summary or ""))
            for item in session.item_ids
        )
        return self._draft_event(
            session,
            "session_closed",
            fields.Date.context_today(self),
            _("Session closed: %s") % session.name,
            "%s<ul>%s</ul>" % (self._paragraph(_("Results:")), results),
            member_url="/my/sessions",
            public_url=session.website_url,
        )
