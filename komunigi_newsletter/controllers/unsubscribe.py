# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _
from odoo.exceptions import AccessError
from odoo.http import request, route
from odoo.tools import consteq

from odoo.addons.website_mass_mailing.controllers.main import MassMailController

from ..lib import audience as audience_rules

# The visitor's session remembers the (mailing, address) pairs whose link it opened.
PROVEN_KEY = "komunigi_unsubscribe_proven"
PROVEN_KEPT = 20


def _as_int(value):
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


class KomunigiUnsubscribe(MassMailController):
    """Odoo 11's subscription page (`website_mass_mailing`), with the token check it
    lacks.

    Odoo 11 opens the page of any address and saves the choices posted for any
    address, with no token: anyone could unsubscribe anyone, or read the lists an
    address is in. Here the page opens only with the token of the mail's link
    (mass_mailing's `_unsubscribe_token`); opening it proves the address in the
    visitor's session, and the choices its form posts are saved for a proven address
    only (or with the link's token posted along), on the contacts that hold exactly
    that address.
    """

    @staticmethod
    def _komunigi_mailing(mailing_id):
        mailing_id = _as_int(mailing_id)
        Mailing = request.env["mail.mass_mailing"].sudo()
        return Mailing.browse(mailing_id).exists() if mailing_id else Mailing

    @staticmethod
    def _komunigi_token_ok(mailing, res_id, email, token):
        """The token is the one mass_mailing put in this recipient's link."""
        res_id = _as_int(res_id)
        if not (mailing and email and token and res_id is not None):
            return False
        return consteq(str(token), mailing._unsubscribe_token(res_id, email))

    @staticmethod
    def _komunigi_proof(mailing, email):
        return "%d:%s" % (mailing.id, audience_rules.normalize(email))

    def _komunigi_remember(self, mailing, email):
        proven = list(request.session.get(PROVEN_KEY) or [])
        proof = self._komunigi_proof(mailing, email)
        if proof not in proven:
            request.session[PROVEN_KEY] = (proven + [proof])[-PROVEN_KEPT:]

    def _komunigi_is_proven(self, mailing, email, res_id=None, token=None):
        if self._komunigi_token_ok(mailing, res_id, email, token):
            return True
        proven = request.session.get(PROVEN_KEY) or []
        return (
            bool(mailing and email) and self._komunigi_proof(mailing, email) in proven
        )

    @route(
        "/mail/mailing/<int:mailing_id>/unsubscribe",
        type="http",
        website=True,
        auth="public",
    )
    def mailing(self, mailing_id, email=None, res_id=None, **post):
        """The page of the link: a wrong or missing token gets a clear 403 page."""
        mailing = self._komunigi_mailing(mailing_id)
        if not self._komunigi_token_ok(mailing, res_id, email, post.get("token")):
            return request.render(
                "komunigi_newsletter.unsubscribe_invalid_link", {}, status=403
            )
        self._komunigi_remember(mailing, email)
        return super().mailing(mailing_id, email=email, res_id=res_id, **post)

    @route("/mail/mailing/unsubscribe", type="json", auth="none")
    def unsubscribe(
        self, mailing_id, opt_in_ids, opt_out_ids, email, res_id=None, token=None, **kw
    ):
        """Save the choices of the page's form for its proven address only."""
        mailing = self._komunigi_mailing(mailing_id)
        if not self._komunigi_is_proven(mailing, email, res_id, token):
            raise AccessError(
                _(
                    "Your subscriptions were not changed: open the unsubscribe link "
                    "of the newsletter you received, then choose again."
                )
            )
        contacts = (
            request.env["mail.mass_mailing.contact"]
            .sudo()
            ._komunigi_of_addresses([email])
        )
        opt_in = {_as_int(value) for value in opt_in_ids or []}
        opt_out = {_as_int(value) for value in opt_out_ids or []} - opt_in
        # Only what changes is written: the form sent twice writes once.
        contacts.filtered(lambda c: c.id in opt_in and c.opt_out).write(
            {"opt_out": False}
        )
        contacts.filtered(lambda c: c.id in opt_out and not c.opt_out).write(
            {"opt_out": True}
        )
        return True
