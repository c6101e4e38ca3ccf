# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class InvoiceLookups:
    """What a batch of invoices to co-ops looks up once: each company's sale journal
    (`journals`, by company) and the fiscal position of each kind of address
    (`positions`, by `_komunigi_position_key`). A dues run keeps one for all its
    co-ops: a search per invoice costs as much as the invoice."""

    __slots__ = ("journals", "positions")

    def __init__(self):
        self.journals = {}
        self.positions = {}


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
