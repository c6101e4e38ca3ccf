# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import threading
from email.utils import formataddr

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class InvoiceLookups:
    """What a batch of invoices to co-ops looks up once: each company's sale journal
    (`journals`, by company) and the fiscal position of each kind of address
    (`positions`, by `_komunigi_position_key`). A dues run keeps one for all its
    co-ops: a search per invoice costs as much as the invoice."""

    __slots__ = ("journals", "positions")

    def __init__(self):
        self.journals = {}
        self.positions = {}


_logger = logging.getLogger(__name__)

# A concurrent run holds or has just changed what this run wants (a lock, a
# serialization failure): it does the work.
CONCURRENT_RUN_PGCODES = ("55P03", "40001")

# What rendering or queueing one e-mail may raise (a template, the PDF renderer):
# that invoice waits for the next run, the others go on.
MAIL_ERRORS = (UserError, ValidationError, OSError)


def queue_isolated(records, queue, what):
    """`queue()` in a savepoint: what it returns, else an empty recordset when a twin
    run holds or has done the same (a lock or serialization error) or the e-mail
    failed (logged as `what`); then nothing of it is kept."""
    try:
        with records.env.cr.savepoint():
            return queue()
    except psycopg2.OperationalError as error:
        if error.pgcode not in CONCURRENT_RUN_PGCODES:
            raise
        _logger.info("%s: sent by a concurrent run", what)
    except MAIL_ERRORS as error:
        _logger.warning("%s not queued: %s", what, error)
    records.invalidate_cache()
    return records.browse()


def committing():
    """Whether a scheduled action commits as it goes (never in the tests' mode)."""
    return not getattr(threading.current_thread(), "testing", False)


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    def action_invoice_cancel(self):
        """A cancelled dues invoice frees its periods for the next dues run."""
        result = super().action_invoice_cancel()
        self.env["komunigi.membership.dues"].sudo().search(
            [("invoice_id", "in", self.ids)]
        ).unlink()
        return result

    @api.model
    def _komunigi_prepare(
        self, partner, company, date, origin, type_="out_invoice", lookups=None
    ):
        """Header of an invoice to a co-op: sale journal, receivable, fiscal position.

        Shared by the dues and the co-financing invoices. It holds every value the
        partner onchange would set: `create` runs that onchange (and looks the fiscal
        position up again) whenever one of them is missing. `lookups`: the
        `InvoiceLookups` a batch keeps across its invoices.
        """
        lookups = lookups or InvoiceLookups()
        if company not in lookups.journals:
            lookups.journals[company] = self._komunigi_journal(company)
        # The receivable account and the fiscal position are the company's own.
        partner = partner.with_context(force_company=company.id)
        if not partner.property_account_receivable_id:
            raise UserError(_("%s has no receivable account.") % partner.name)
        position_key = self._komunigi_position_key(partner, company)
        if position_key not in lookups.positions:
            lookups.positions[position_key] = (
                self.env["account.fiscal.position"]
                .with_context(force_company=company.id)
                .get_fiscal_position(partner.id)
            )
        payment_term = partner.property_payment_term_id
        return {
            "partner_id": partner.id,
            "type": type_,
            "journal_id": lookups.journals[company].id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "account_id": partner.property_account_receivable_id.id,
            "fiscal_position_id": lookups.positions[position_key] or False,
            "payment_term_id": payment_term.id,
            "partner_bank_id": False,
            "date_invoice": date,
            "origin": origin,
        }

    @api.model
    def _komunigi_position_key(self, partner, company):
        """What Odoo's choice of a fiscal position reads: two co-ops with the same key
        get the same position (`get_fiscal_position`, `_get_fpos_by_region`)."""
        return (
            company,
            partner.property_account_position_id,
            partner.country_id,
            partner.state_id,
            partner.zip,
            bool(partner.vat),
        )

    @api.model
    def _komunigi_journal(self, company):
        """The company's dues journal, else its first sale journal."""
        journal = company.komunigi_dues_journal_id or self.env[
            "account.journal"
        ].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            raise UserError(_("Define a sale journal for the komunigi invoices."))
        return journal

    @api.model
    def _komunigi_line(self, values, product, name, price):
        """A line of `product` for the invoice `values` (from `_komunigi_prepare`):
        its income account and taxes mapped by the invoice's fiscal position."""
        account = (
            product.property_account_income_id
            or product.categ_id.property_account_income_categ_id
        )
        if not account:
            raise UserError(
                _("The product %s has no income account.") % product.display_name
            )
        fiscal_position = self.env["account.fiscal.position"].browse(
            values["fiscal_position_id"]
        )
        taxes = product.taxes_id.filtered(
            lambda t: t.company_id.id == values["company_id"]
        )
        return {
            "product_id": product.id,
            "name": name,
            "account_id": fiscal_position.map_account(account).id,
            "quantity": 1,
            "price_unit": price,
            "invoice_line_tax_ids": [(6, 0, fiscal_position.map_tax(taxes).ids)],
            "uom_id": product.uom_id.id,
        }

    @api.model
    def _komunigi_create(self, values, lines):
        """Create the invoice with its lines and tax lines in one go.

        Adding lines to a created invoice, then `compute_taxes`, makes Odoo recompute
        and rewrite the invoice after each step: a dues run creates thousands of them.
        The tax lines are computed on a draft, the way the invoice form does.
        """
        values = dict(values, invoice_line_ids=[(0, 0, line) for line in lines])
        tax_lines = []
        for tax_values in self.new(values).get_taxes_values().values():
            tax_values.pop("invoice_id")
            tax_lines.append((0, 0, tax_values))
        values["tax_line_ids"] = tax_lines
        return self.create(values)

    # --- The dues e-mail ---------------------------------------------------------
    # A dues invoice marked to send is e-mailed by a scheduled action of its own.
    #
    # The dues run does not render the PDFs: that is the slow part, it may fail, and a
    # run holds locks on the co-ops it invoices. The run marks each invoice it makes
    # (in that invoice's transaction); the action e-mails each marked invoice in a
    # transaction of its own, so an e-mail that fails leaves its invoice marked for the
    # next run and does not hold back the others.

    komunigi_dues_mail_pending = fields.Boolean(
        string="Dues e-mail to send",
        readonly=True,
        copy=False,
        index=True,
        help="A validated dues invoice the next run of the scheduled action e-mails.",
    )
    komunigi_reminder_ids = fields.One2many(
        "komunigi.dues.reminder",
        "invoice_id",
        string="Reminders",
        readonly=True,
        groups="komunigi_membership.group_analyst",
    )

    def _komunigi_issue_dues(self):
        """A new dues invoice as its company's settings want it: validated when they
        say so, or when it is e-mailed; then marked for its e-mail, in the transaction
        that makes it (an invoice made once is e-mailed once, whichever run made it)."""
        self.ensure_one()
        company = self.company_id
        if company.komunigi_dues_send or company.komunigi_dues_invoice_state == "open":
            self.action_invoice_open()
        if company.komunigi_dues_send:
            self.with_context(tracking_disable=True).write(
                {"komunigi_dues_mail_pending": True}
            )

    def _komunigi_invoicing_contact(self):
        """The co-op's contact of type invoice address (with an e-mail address), else
        the co-op."""
        self.ensure_one()
        coop = self.partner_id.commercial_partner_id
        contact = coop.browse(coop.address_get(["invoice"])["invoice"])
        return contact if contact.email else coop

    def _komunigi_sender(self):
        """The company's address, when it has one (else Odoo's default sender)."""
        company = self.company_id
        if not company.email:
            return {}
        return {"email_from": formataddr((company.name, company.email))}

    @api.model
    def _cron_komunigi_send_dues(self):
        """The scheduled action: queue the e-mail of each marked dues invoice."""
        sent = self.browse()
        for invoice in self.search([("komunigi_dues_mail_pending", "=", True)]):
            sent |= invoice._komunigi_send_dues_isolated()
            if committing():
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("Dues e-mails: %d queued", len(sent))
        return sent

    def _komunigi_send_dues_isolated(self):
        """Queue this invoice's e-mail in a savepoint; the invoice when it was queued.

        An invoice a twin run is sending (locked) or has sent is left to it; one whose
        e-mail fails stays marked, and is logged.
        """
        self.ensure_one()
        what = "Dues e-mail of %s" % self.number
        if not self.komunigi_dues_mail_pending or not self._komunigi_render(what):
            return self.browse()
        return queue_isolated(self, self._komunigi_queue_if_pending, what)

    def _komunigi_render(self, what):
        """Render the invoice's PDF before its e-mail, out of any savepoint: Odoo
        commits the report's style sheets when it compiles them (the first PDF after
        a change of the assets), which would end the savepoint. The PDF is kept on the
        invoice; the e-mail attaches it. False when it fails (logged)."""
        report = self.env.ref("account.email_template_edi_invoice").report_template
        try:
            if report:
                report.render_qweb_pdf(self.ids)
        except MAIL_ERRORS as error:
            _logger.warning("%s not queued: %s", what, error)
            return False
        return True

    def _komunigi_queue_if_pending(self):
        """The invoice, its e-mail queued, when it is still marked (then locked)."""
        if not self._komunigi_lock_pending():
            return self.browse()
        self._komunigi_queue_dues_mail()
        return self

    def _komunigi_lock_pending(self):
        """Lock the invoice (NOWAIT) if it is still marked: then this run sends it."""
        self.env.cr.execute(
            "SELECT id FROM account_invoice "
            "WHERE id = %s AND komunigi_dues_mail_pending FOR UPDATE NOWAIT",
            (self.id,),
            log_exceptions=False,
        )
        return bool(self.env.cr.fetchone())

    def _komunigi_queue_dues_mail(self):
        """Odoo's invoice e-mail (its template, in the co-op's language, the invoice
        PDF attached) to the invoicing contact, in the mail queue."""
        template = self.env.ref("account.email_template_edi_invoice")
        contact = self._komunigi_invoicing_contact()
        values = dict(self._komunigi_sender(), recipient_ids=[(6, 0, contact.ids)])
        template.send_mail(self.id, email_values=values)
        self.with_context(tracking_disable=True).write(
            {"komunigi_dues_mail_pending": False, "sent": True}
        )
