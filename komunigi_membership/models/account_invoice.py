# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError


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
    def _komunigi_prepare(self, partner, company, date, origin, type_="out_invoice"):
        """Header of an invoice to a co-op: sale journal, receivable, fiscal position.

        Shared by the dues and the co-financing invoices.
        """
        journal = company.komunigi_dues_journal_id or self.env[
            "account.journal"
        ].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            raise UserError(_("Define a sale journal for the komunigi invoices."))
        if not partner.property_account_receivable_id:
            raise UserError(_("%s has no receivable account.") % partner.name)
        fiscal_position = self.env["account.fiscal.position"].get_fiscal_position(
            partner.id
        )
        return {
            "partner_id": partner.id,
            "type": type_,
            "journal_id": journal.id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "account_id": partner.property_account_receivable_id.id,
            "fiscal_position_id": fiscal_position or False,
            "date_invoice": date,
            "origin": origin,
        }

    @api.model
    def _komunigi_line(self, fiscal_position, company, product, name, price):
        """A line of `product` with its income account and taxes mapped by position."""
        account = (
            product.property_account_income_id
            or product.categ_id.property_account_income_categ_id
        )
        if not account:
            raise UserError(
                _("The product %s has no income account.") % product.display_name
            )
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        return {
            "product_id": product.id,
            "name": name,
            "account_id": fiscal_position.map_account(account).id,
            "quantity": 1,
            "price_unit": price,
            "invoice_line_tax_ids": [(6, 0, fiscal_position.map_tax(taxes).ids)],
            "uom_id": product.uom_id.id,
        }
