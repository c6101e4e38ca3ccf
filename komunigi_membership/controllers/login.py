# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The website in the representative's own language from their login on.

Odoo 11 keeps the website's language in the `frontend_lang` cookie, which every page
sets, the login page included (to the browser's language, or the website's default):
once logged in, a representative would go on reading the login page's language
instead of their own. Their login sets the cookie to their language when the website
offers it; a language they choose afterwards with the website's selector still wins,
until their next login.
"""

from odoo import http
from odoo.http import request

from odoo.addons.website.controllers.main import Website


class KomunigiLogin(Website):
    @http.route(website=True, auth="public")
    def web_login(self, redirect=None, **kw):
        response = super().web_login(redirect=redirect, **kw)
        lang = self._komunigi_login_lang()
        if lang and hasattr(response, "set_cookie"):
            # Odoo's dispatch sets the cookie to `request.lang` after this handler.
            request.lang = lang
            response.set_cookie("frontend_lang", lang)
        return response

    @staticmethod
    def _komunigi_login_lang():
        """The language of the user who has just logged in, if the website has it."""
        if request.httprequest.method != "POST" or not request.params.get(
            "login_success"
        ):
            return None
        lang = request.env["res.users"].sudo().browse(request.uid).lang
        return lang if lang in request.website.language_ids.mapped("code") else None
