# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools.misc import format_date

from ..lib.statements import statement_line, statement_totals

# Issued customer documents: drafts are not issued yet, cancelled ones owe nothing.
STATEMENT_TYPES = ("out_invoice", "out_refund")
STATEMENT_STATES = ("open", "paid")


class ReportCoopStatement(models.AbstractModel):
    """A co-op's yearly statement: its invoices and credit notes of the year, what
    was paid of them and what is still due.

    It reads accounting generically (the posted customer invoices of the co-op), so
    that every addon's invoices appear without this addon knowing them: an addon
    names its own lines by extending `_statement_labels`. Records are read with the
    caller's rights; the portal renders it with sudo for the user's own co-op only.
    """

    _name = "report.komunigi_membership.report_coop_statement"
    _description = "Co-op yearly statement"

    @api.model
    def get_report_values(self, docids, data=None):
        """`data["year"]`: the year to state (this year by default, as the backend's
        Print menu sends no data)."""
        year = int((data or {}).get("year") or fields.Date.today()[:4])
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "year": year,
            "statements": {
                partner.id: self._statement(partner.commercial_partner_id, year)
                for partner in partners
            },
        }

    @api.model
    def _statement_invoices(self, coop, year):
        return self.env["account.invoice"].search(
            [
                ("commercial_partner_id", "=", coop.id),
                ("type", "in", STATEMENT_TYPES),
                ("state", "in", STATEMENT_STATES),
                ("date_invoice", ">=", "%04d-01-01" % year),
                ("date_invoice", "<=", "%04d-12-31" % year),
            ],
            order="date_invoice, number, id",
        )

    @api.model
    def _statement_labels(self, invoices):
        """{invoice id: what it is for}. The hook of higher addons: each labels the
        invoices it issued and leaves the others to `super()`. Here: the dues, and
        any other invoice by its reference or its first line."""
        labels = {
            invoice.id: invoice.name or invoice.invoice_line_ids[:1].name or ""
            for invoice in invoices
        }
        dues = self.env["komunigi.membership.dues"].search(
            [("invoice_id", "in", invoices.ids)], order="period_start"
        )
        for invoice in dues.mapped("invoice_id"):
            periods = dues.filtered(lambda d, i=invoice: d.invoice_id == i)
            labels[invoice.id] = _("Membership dues, %(start)s to %(end)s") % {
                "start": format_date(self.env, periods[0].period_start),
                "end": format_date(self.env, periods[-1].period_end),
            }
        return labels

    @api.model
    def _statement(self, coop, year):
        """The statement's lines, payments and totals (one total per currency)."""
        invoices = self._statement_invoices(coop, year)
        labels = self._statement_labels(invoices)
        lines, payments, by_currency = [], [], {}
        for invoice in invoices:
            currency = invoice.currency_id
            total, paid, residual = statement_line(
                invoice.amount_total_signed,
                invoice.residual_signed,
                currency.decimal_places,
            )
            by_currency.setdefault(currency, []).append((total, paid, residual))
            lines.append(
                {
                    "invoice": invoice,
                    "label": labels[invoice.id],
                    "total": float(total),
                    "paid": float(paid),
                    "residual": float(residual),
                }
            )
            payments += self._statement_payments(invoice)
        totals = []
        for currency, rows in by_currency.items():
            invoiced, paid, balance = statement_totals(rows)
            totals.append(
                {
                    "currency": currency,
                    "invoiced": float(invoiced),
                    "paid": float(paid),
                    "balance": float(balance),
                }
            )
        return {
            "coop": coop,
            "lines": lines,
            "payments": sorted(payments, key=lambda p: (p["date"], p["reference"])),
            "totals": totals,
        }

    @staticmethod
    def _statement_payments(invoice):
        """What settled the invoice, in its currency: payments, and for a credit
        note what it was set against (counted negative, as the credit note)."""
        sign = -1 if invoice.type == "out_refund" else 1
        return [
            {
                "date": payment["date"],
                "reference": payment["ref"],
                "journal": payment["journal_name"],
                "invoice": invoice,
                "amount": sign * payment["amount"],
            }
            for payment in invoice._get_payments_vals()
        ]
