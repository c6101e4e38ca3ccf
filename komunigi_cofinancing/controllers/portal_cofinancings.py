# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal, InvalidOperation

from odoo import _
from odoo.http import request, route

from odoo.addons.komunigi_membership.controllers.komunigi_portal import (
    KomunigiPortal,
    portal_post,
)

# Invoices a representative can open at /my/invoices/<id>: drafts are not issued yet.
VISIBLE_INVOICE_STATES = ("open", "paid")


def _parse_amount(text):
    """The typed amount as a float; None when the text is no finite number ("abc",
    "nan", "inf"). The share model says which amounts it takes (none beyond any
    budget) and why it refuses the others, None included.

    A lone comma is read as the decimal separator ("75,50"), as co-ops type it.
    """
    text = (text or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return float(value) if value.is_finite() else None


class CofinancingPortal(KomunigiPortal):
    """/my/cofinancings: what a co-op pays and pledges (/my/rounds: portal_rounds.py).

    Records are searched as the logged-in user, so that the record rules of the addon
    (the co-financings the co-op takes part in and only its own shares) decide what a
    page may show. Portal users may write nothing and read no other co-op: sudo is used
    only on records found that way (the co-op's own share), never on an id taken from
    a form, and the other co-ops' figures leave as plain values.
    """

    # --- who is asking ---------------------------------------------------------------
    def _cofinancing_shares_domain(self):
        return [("partner_id", "=", self._komunigi_coop().id)]

    def _prepare_portal_layout_values(self):
        """The counter of the Co-financings entry of /my/home."""
        values = super()._prepare_portal_layout_values()
        if self._komunigi_can_read("komunigi.cofinancing.share"):
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
        pager, shares = self._komunigi_page_of(
            "komunigi.cofinancing.share",
            self._cofinancing_shares_domain(),
            "/my/cofinancings",
            page,
            "id desc",
        )
        values.update(
            {
                "page_name": "komunigi_cofinancings",
                "default_url": "/my/cofinancings",
                "pager": pager,
                "komunigi_coop": self._komunigi_coop(),
                "komunigi_rows": [self._cofinancing_row(share) for share in shares],
            }
        )
        return request.render("komunigi_cofinancing.portal_my_cofinancings", values)

    # --- one co-financing ------------------------------------------------------------
    def _cofinancing_get(self, cofinancing_id):
        """The co-op's share in the co-financing; else not found, without telling
        why (a co-financing the co-op is not part of must not be known to exist)."""
        return self._komunigi_find(
            "komunigi.cofinancing.share",
            self._cofinancing_shares_domain()
            + [("cofinancing_id", "=", cofinancing_id)],
        )

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
                "komunigi_coop": self._komunigi_coop(),
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

    @route(
        ["/my/cofinancings/<int:cofinancing_id>/agreement"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_cofinancing_agreement(self, cofinancing_id, **kw):
        """The agreement (PDF) of a co-financing the co-op takes part in; else not
        found, like the page."""
        share = self._cofinancing_get(cofinancing_id)
        return self._komunigi_pdf(
            "komunigi_cofinancing.action_report_cofinancing_agreement",
            share.cofinancing_id,
        )

    def _cofinancing_commit(self, share, commit, typed, done):
        """Run `commit` (a model method: the rules live there), then send the browser
        to the page that confirms it (`done`); when the model refuses, the page with
        its message and what was typed."""

        def commit_and_confirm():
            commit()
            return request.redirect(
                "/my/cofinancings/%d?%s=1" % (share.cofinancing_id.id, done)
            )

        return self._komunigi_attempt(
            commit_and_confirm,
            lambda message: self._cofinancing_render(
                share, pledge=typed, error=message
            ),
        )

    @portal_post("/my/cofinancings/<int:cofinancing_id>/pledge")
    def portal_cofinancing_pledge(self, cofinancing_id, pledge=None, **kw):
        """Record the co-op's pledge (0 withdraws it); on bad input the page comes
        back with the message and what was typed, and nothing is written."""
        share = self._cofinancing_get(cofinancing_id)
        return self._cofinancing_commit(
            share,
            lambda: share.action_pledge(_parse_amount(pledge)),
            pledge or "",
            "pledged",
        )

    @portal_post("/my/cofinancings/<int:cofinancing_id>/accept")
    def portal_cofinancing_accept(self, cofinancing_id, offered=None, **kw):
        """Commit the co-op to the share offered, as the page showed it (`offered`):
        if the offer changed in the meantime, the page says so and commits nothing."""
        share = self._cofinancing_get(cofinancing_id)
        return self._cofinancing_commit(
            share,
            lambda: share.action_accept(expected=_parse_amount(offered)),
            None,
            "accepted",
        )
