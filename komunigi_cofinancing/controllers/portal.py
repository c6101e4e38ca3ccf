# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal, InvalidOperation

from werkzeug.exceptions import NotFound

from odoo import _
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.concurrency import retrying
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Invoices a representative can open at /my/invoices/<id>: drafts are not issued yet.
VISIBLE_INVOICE_STATES = ("open", "paid")
# Errors of the models that a page shows as a message instead of an error page.
MODEL_ERRORS = (AccessError, UserError, ValidationError)


def _parse_amount(text):
    """The typed amount as a Decimal, None when it is no finite number.

    A lone comma is read as the decimal separator ("75,50"), as co-ops type it;
    Decimal rather than float so that "nan" or "inf" are refused, not stored.
    """
    text = (text or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    # No amount a co-op types reaches a million billion: longer numbers would
    # overflow a float on their way to the model.
    return value if value.is_finite() and value.adjusted() < 15 else None


class CofinancingPortal(CustomerPortal):
    """/my/cofinancings: what a co-op pays and pledges (/my/rounds: portal_rounds.py).

    Records are searched as the logged-in user, so that the record rules of the addon
    (the co-financings the co-op takes part in and only its own shares) decide what a
    page may show. Portal users may write nothing and read no other co-op: sudo is used
    only on records found that way (the co-op's own share), never on an id taken from
    a form, and the other co-ops' figures leave as plain values.
    """

    # --- who is asking ---------------------------------------------------------------
    @staticmethod
    def _cofinancing_coop():
        """The co-op the user acts for: the company of their contact."""
        return request.env.user.partner_id.commercial_partner_id

    @staticmethod
    def _cofinancing_can_read(model):
        """Internal users outside the Komunigi groups may not read these models."""
        return request.env[model].check_access_rights("read", raise_exception=False)

    def _cofinancing_shares_domain(self):
        return [("partner_id", "=", self._cofinancing_coop().id)]

    def _prepare_portal_layout_values(self):
        """The counter of the Co-financings entry of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._cofinancing_can_read("komunigi.cofinancing.share"):
            values["komunigi_cofinancing_count"] = request.env[
                "komunigi.cofinancing.share"
            ].search_count(self._cofinancing_shares_domain())
        return values

    # --- invoices of the shares ------------------------------------------------------
    @staticmethod
    def _cofinancing_invoice_rows(share):
        """The issued invoices of one share, each with what it is for.

        Portal users may not read the links between shares and invoices: they are
        read with sudo, for a share found as the user. The invoices are searched as
        the user: Odoo's portal rule (the co-op follows the invoice, which validation
        ensures) also guards /my/invoices/<id>, so every invoice listed opens there.
        """
        links = share.sudo().invoice_link_ids
        invoices = request.env["account.invoice"].search(
            [
                ("id", "in", links.mapped("invoice_id").ids),
                ("state", "in", VISIBLE_INVOICE_STATES),
            ],
            order="date_invoice, id",
        )
        kinds = dict(links._fields["kind"]._description_selection(request.env))
        rows = []
        for invoice in invoices:
            link = links.filtered(lambda k, i=invoice: k.invoice_id.id == i.id)[:1]
            label = link.milestone_id.name or kinds[link.kind]
            rows.append({"invoice": invoice, "label": label})
        return rows

    def _cofinancing_row(self, share):
        """What the list and the detail page show of the co-op's share.

        The invoiced and paid amounts are computed from the links, which portal
        users may not read: the share, found as the user, is read with sudo.
        """
        return {
            "cofinancing": share.cofinancing_id,
            "share": share.sudo(),
            "invoices": self._cofinancing_invoice_rows(share),
        }

    # --- /my/cofinancings ------------------------------------------------------------
    @route(
        ["/my/cofinancings", "/my/cofinancings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cofinancings(self, page=1, **kw):
        """The co-op's shares, newest first, with milestones and invoices.

        Internal users outside the Komunigi groups may not read shares: they get the
        page with no co-financing instead of an access error.
        """
        values = self._prepare_portal_layout_values()
        Share = request.env["komunigi.cofinancing.share"]
        domain = self._cofinancing_shares_domain()
        can_read = self._cofinancing_can_read(Share._name)
        pager = portal_pager(
            url="/my/cofinancings",
            total=Share.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        shares = Share
        if can_read:
            shares = Share.search(
                domain,
                order="id desc",
                limit=self._items_per_page,
                offset=pager["offset"],
            )
        values.update(
            {
                "page_name": "komunigi_cofinancings",
                "default_url": "/my/cofinancings",
                "pager": pager,
                "komunigi_coop": self._cofinancing_coop(),
                "komunigi_rows": [self._cofinancing_row(share) for share in shares],
            }
        )
        return request.render("komunigi_cofinancing.portal_my_cofinancings", values)

    # --- one co-financing ------------------------------------------------------------
    def _cofinancing_get(self, cofinancing_id):
        """The co-op's share in the co-financing; else not found, without telling
        why (a co-financing the co-op is not part of must not be known to exist)."""
        Share = request.env["komunigi.cofinancing.share"]
        try:
            share = Share.search(
                self._cofinancing_shares_domain()
                + [("cofinancing_id", "=", cofinancing_id)]
            )
        except AccessError:
            share = Share
        if not share:
            raise NotFound()
        return share

    def _cofinancing_page_values(self, share, pledge=None, error=None, message=None):
        """`pledge`: what the form shows, the typed value when it comes back."""
        values = self._prepare_portal_layout_values()
        values.update(self._cofinancing_row(share))
        currency = share.cofinancing_id.currency_id
        if pledge is None:
            pledge = "%.*f" % (currency.decimal_places, share.sudo().pledge)
        values.update(
            {
                "page_name": "komunigi_cofinancing",
                "komunigi_coop": self._cofinancing_coop(),
                # Only its reference, title and link are shown: any co-op that
                # takes part may know which request it funds.
                "komunigi_request": share.cofinancing_id.sudo().request_id,
                "komunigi_pledge": pledge,
                "komunigi_error": error,
                "komunigi_message": message,
            }
        )
        return values

    def _cofinancing_render(self, share, **kw):
        values = self._cofinancing_page_values(share, **kw)
        return request.render("komunigi_cofinancing.portal_my_cofinancing", values)

    @route(
        ["/my/cofinancings/<int:cofinancing_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cofinancing(self, cofinancing_id, pledged=None, accepted=None, **kw):
        """The detail of a co-financing; `pledged` and `accepted` confirm the
        commitment just made."""
        share = self._cofinancing_get(cofinancing_id)
        message = (pledged and _("Your co-op's pledge is recorded.")) or (
            accepted and _("Your co-op accepted its share: it is committed.")
        )
        return self._cofinancing_render(share, message=message or None)

    def _cofinancing_commit(self, share, commit, typed):
        """Run `commit` (a model method: the rules live there) in a savepoint; the
        page with the model's message when it refuses, with what was typed."""
        try:
            with request.env.cr.savepoint():
                commit()
        except MODEL_ERRORS as error:
            return self._cofinancing_render(share, pledge=typed, error=error.name)
        return None

    @route(
        ["/my/cofinancings/<int:cofinancing_id>/pledge"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_cofinancing_pledge(self, cofinancing_id, pledge=None, **kw):
        """Record the co-op's pledge (0 withdraws it); on bad input the page comes
        back with the message and what was typed, and nothing is written."""
        share = self._cofinancing_get(cofinancing_id)
        amount = _parse_amount(pledge)
        if amount is None:
            error = _("Type the pledge as a number, for example 1250.50.")
            return self._cofinancing_render(share, pledge=pledge or "", error=error)
        refused = self._cofinancing_commit(
            share, lambda: share.action_pledge(float(amount)), pledge
        )
        return refused or request.redirect(
            "/my/cofinancings/%d?pledged=1" % cofinancing_id
        )

    @route(
        ["/my/cofinancings/<int:cofinancing_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @retrying
    def portal_cofinancing_accept(self, cofinancing_id, offered=None, **kw):
        """Commit the co-op to the share offered, as the page showed it (`offered`):
        if the offer changed in the meantime, the page says so and commits nothing."""
        share = self._cofinancing_get(cofinancing_id)
        expected = _parse_amount(offered)
        refused = self._cofinancing_commit(
            share,
            lambda: share.action_accept(
                expected=None if expected is None else float(expected)
            ),
            None,
        )
        return refused or request.redirect(
            "/my/cofinancings/%d?accepted=1" % cofinancing_id
        )
