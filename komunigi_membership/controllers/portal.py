# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.http import request, route

from .form_values import as_record_id, local_path
from .komunigi_portal import KomunigiPortal

# Dues invoices a representative sees: those Odoo's portal invoice page also shows
# (drafts are not issued yet; a cancelled dues invoice no longer holds dues periods).
VISIBLE_INVOICE_STATES = ("open", "paid")
# The years of the statements offered on /my/komunigi: this one and the previous one.
STATEMENT_YEARS = 2
# The years a statement may be asked for: four digits.
FIRST_YEAR, LAST_YEAR = 1000, 9999
# The longest value a field of Odoo's "My details" form takes.
DETAILS_LIMIT = 200
DETAILS_IDS = {"country_id": "res.country", "state_id": "res.country.state"}


class MembershipPortal(KomunigiPortal):
    """/my/komunigi: a representative's view of their co-op's membership.

    Everything is read as the logged-in user, so that the record rules of the addon
    (a portal user reads only their own co-op's membership and dues) and of Odoo (a
    portal user opens only the invoices their co-op follows) keep other co-ops out.
    """

    # --- what the page reads ---------------------------------------------------------
    def _komunigi_membership(self, coop):
        """The co-op's active membership, else its latest one (empty if none).

        Internal users outside the Komunigi groups have no access to memberships:
        they get the page for non-members instead of an access error.
        """
        Membership = request.env["komunigi.membership"]
        if not self._komunigi_can_read(Membership._name):
            return Membership
        domain = [("partner_id", "=", coop.id)]
        return Membership.search(
            domain + [("state", "=", "active")], limit=1
        ) or Membership.search(domain, order="date_start desc, id desc", limit=1)

    @staticmethod
    def _komunigi_dues_invoices(membership):
        """The issued invoices of the membership's dues, with the periods each covers.

        The invoices are searched as the user: Odoo's portal rule (the co-op follows
        the invoice, which validation ensures) is the one that also guards
        /my/invoices/<id>, so every invoice listed here opens there.
        """
        dues = membership.dues_ids
        invoices = request.env["account.invoice"].search(
            [
                ("id", "in", dues.mapped("invoice_id").ids),
                ("commercial_partner_id", "=", membership.partner_id.id),
                ("state", "in", VISIBLE_INVOICE_STATES),
            ],
            order="date_invoice desc, id desc",
        )
        return [
            {
                "invoice": invoice,
                "dues": dues.filtered(lambda d, i=invoice: d.invoice_id == i).sorted(
                    "period_start"
                ),
            }
            for invoice in invoices
        ]

    @staticmethod
    def _komunigi_core_group():
        """Names of the current core group and the organisations they sit for.

        The mandates are searched as the user (portal users may read them), but a
        portal user may read no partner outside their own co-op: only the two names
        of these mandates are read with sudo, and only plain strings leave here.
        """
        mandates = request.env["komunigi.mandate"]._current_core_group(
            order="date_start, id"
        )
        return [
            {
                "name": mandate.partner_id.name,
                "organisation": mandate.organisation_id.name,
                "is_provider": mandate.is_provider,
                "date_end": mandate.date_end,
            }
            for mandate in mandates.sudo()
        ]

    # --- pages -----------------------------------------------------------------------
    def _prepare_portal_layout_values(self):
        """Offer the Komunigi entry on /my/home to the contacts of a member co-op."""
        values = super()._prepare_portal_layout_values()
        values["komunigi_membership"] = self._komunigi_membership(self._komunigi_coop())
        return values

    def _komunigi_page_values(self):
        values = self._prepare_portal_layout_values()
        membership = values["komunigi_membership"]
        coop = self._komunigi_coop()
        values.update(
            {
                "page_name": "komunigi",
                "komunigi_coop": coop,
                "komunigi_is_company": coop.is_company,
                "komunigi_invoices": [],
                "komunigi_core_group": [],
                "komunigi_dashboard": None,
                "komunigi_contributions_chart": None,
                "komunigi_statement_years": self._komunigi_statement_years(),
            }
        )
        if membership:
            values["komunigi_invoices"] = self._komunigi_dues_invoices(membership)
            values["komunigi_core_group"] = self._komunigi_core_group()
            values["komunigi_dashboard"] = request.env[
                "komunigi.dashboard"
            ]._of_membership(membership)
            # A portal user may not read invoices they do not follow: the chart's sums
            # are read with sudo, on the user's own co-op, in the website's company.
            values["komunigi_contributions_chart"] = (
                coop.sudo()._komunigi_contributions_chart(request.website.company_id)
            )
        return values

    @route(["/my/komunigi"], type="http", auth="user", website=True)
    def portal_my_komunigi(self, **kw):
        return request.render(
            "komunigi_membership.portal_my_komunigi", self._komunigi_page_values()
        )

    # --- yearly statements -------------------------------------------------------------
    @staticmethod
    def _komunigi_statement_years():
        this_year = int(fields.Date.today()[:4])
        return [this_year - offset for offset in range(STATEMENT_YEARS)]

    @route(["/my/komunigi/statement"], type="http", auth="user", website=True)
    def portal_komunigi_statement(self, year=None, **kw):
        """The yearly statement (PDF) of the user's own co-op, of `year` (this year
        by default); whatever is asked, no other co-op's. Not found for a user whose
        co-op has no membership, as /my/komunigi offers it to members only."""
        coop = self._komunigi_coop()
        if year is None:
            year = str(self._komunigi_statement_years()[0])
        year = as_record_id(year)
        if not (year and FIRST_YEAR <= year <= LAST_YEAR):
            raise NotFound()
        if not self._komunigi_membership(coop):
            raise NotFound()
        return self._komunigi_pdf(
            "komunigi_membership.action_report_coop_statement",
            coop,
            data={"year": year},
            name=_("Statement %(year)s %(coop)s") % {"year": year, "coop": coop.name},
        )

    # --- Odoo's "My details" form, made safe for any value posted --------------------
    @route()
    def account(self, redirect=None, **post):
        """Odoo sends the browser to any `redirect` posted: only a short path of this
        site is kept, so that no posted text comes back in a redirect URL."""
        return super().account(redirect=local_path(redirect), **post)

    def _komunigi_details_errors(self, data):
        """What Odoo's validation lets through and PostgreSQL or `int` would fail on:
        NUL characters, values of 100 kB, ids that are no ids.

        A bad id is also blanked in `data`, the posted values the form shows again:
        Odoo's template converts them with `int` to select the option.
        """
        error, messages = {}, []
        for name, value in data.items():
            if "\x00" in value:
                error[name] = "error"
                messages.append(_("Remove the NUL characters from the form."))
            elif len(value) > DETAILS_LIMIT:
                error[name] = "error"
                messages.append(
                    _("Keep each field under %d characters.") % DETAILS_LIMIT
                )
        for name, model in DETAILS_IDS.items():
            record_id = as_record_id(data.get(name))
            if (
                data.get(name)
                and not request.env[model].sudo().browse(record_id or []).exists()
            ):
                data[name] = ""
                error[name] = "error"
                messages.append(_("Choose a country and a state from the lists."))
        return error, sorted(set(messages))

    def details_form_validate(self, data):
        """Odoo's checks, after those that keep its own from failing."""
        error, messages = self._komunigi_details_errors(data)
        if error:
            return error, messages
        return super().details_form_validate(data)
