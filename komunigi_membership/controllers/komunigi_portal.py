# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What every Komunigi portal page needs, written once: who is asking, which records
the user may open, a page of a list, and the model's refusal shown on the page.

Odoo merges every subclass of `CustomerPortal` into one controller class: the pages of
each addon subclass this one and prefix their own helpers with their page family
(`_requests_`, `_sessions_`, `_cofinancing_`, `_rounds_`), so that none hides another.
"""

import time

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request, route
from odoo.tools.safe_eval import safe_eval

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .concurrency import retrying

# Errors of the models that a page shows as a message instead of an error page: the
# rules live in the models, which say in the user's language why they refuse.
MODEL_ERRORS = (AccessError, UserError, ValidationError)


def portal_post(*paths):
    """Decorate the handler of a portal form's POST (logged-in users only): the
    `route` of `paths`, with concurrency failures retried (concurrency.py)."""

    def decorate(handler):
        return route(
            list(paths), type="http", auth="user", methods=["POST"], website=True
        )(retrying(handler))

    return decorate


class KomunigiPortal(CustomerPortal):
    """The base of the Komunigi portal pages.

    Records are searched and read as the logged-in user, so that the record rules of
    the addons decide what a page may show; sudo is left to each page, on records
    found that way or on the user's own co-op, never on an id taken from a form.
    """

    @staticmethod
    def _komunigi_coop():
        """The co-op the user acts for: the company of their contact."""
        return request.env.user.partner_id.commercial_partner_id

    @staticmethod
    def _komunigi_can_read(*models):
        """Internal users outside the Komunigi groups may not read these models: the
        pages show them nothing instead of an access error."""
        return all(
            request.env[model].check_access_rights("read", raise_exception=False)
            for model in models
        )

    @staticmethod
    def _komunigi_find(model, domain):
        """The records of `domain` the user may read; else not found, without telling
        why (another co-op's record must not even be known to exist)."""
        Model = request.env[model]
        try:
            records = Model.search(domain)
        except AccessError:
            records = Model
        if not records:
            raise NotFound()
        return records

    def _komunigi_page_of(self, model, domain, url, page, order, url_args=None):
        """(pager, records) of one page of a list, searched as the user; an empty
        list for a user who may not read the model."""
        Model = request.env[model]
        readable = self._komunigi_can_read(model)
        pager = portal_pager(
            url=url,
            url_args=url_args,
            total=Model.search_count(domain) if readable else 0,
            page=page,
            step=self._items_per_page,
        )
        if not readable:
            return pager, Model
        records = Model.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        return pager, records

    @staticmethod
    def _komunigi_attempt(action, show_refusal):
        """Run `action` (it calls the model, where the rules are) in a savepoint and
        return its answer; when the model refuses, nothing it wrote is kept and the
        answer is `show_refusal(message)`, the page with the model's message.

        Concurrency failures are not caught: the route's `retrying` runs it again.
        """
        try:
            with request.env.cr.savepoint():
                return action()
        except MODEL_ERRORS as error:
            return show_refusal(error.name)

    @staticmethod
    def _komunigi_pdf(report_xmlid, record, data=None, name=None):
        """The PDF download of a report of `record`, in the user's language (a
        document is the user's, as Odoo's invoices are their partner's, whatever
        language the website shows).

        Portal users may read neither the reports nor all a document shows (the
        other parties of an agreement): it is rendered with sudo, so `record` must
        be one the page found as the user. The file is named `name`, by default as
        the backend's Print names it (the report's `print_report_name`).
        """
        lang = request.env.user.lang
        report = request.env.ref(report_xmlid).sudo().with_context(lang=lang)
        record = record.sudo().with_context(lang=lang)
        pdf, _format = report.render_qweb_pdf(record.ids, data=data)
        if name is None:
            name = safe_eval(report.print_report_name, {"object": record, "time": time})
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition("%s.pdf" % name)),
            ],
        )
