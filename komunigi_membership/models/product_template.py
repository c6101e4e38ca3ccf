# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    komunigi_company_sale_tax = fields.Boolean(
        string="Company's default sale tax",
        help="Komunigi gives this product the default sale tax of each company that "
        "has none of its taxes on it, when Komunigi or a chart of accounts is "
        "installed (the dues and co-financing products).",
    )

    @api.model
    def _komunigi_apply_company_sale_taxes(self, companies=None):
        """Give the flagged products each company's default sale tax.

        Odoo sets a product's taxes only when the product is created: the dues
        product, created before a chart of accounts is installed (a co-op that adds
        `l10n_be` afterwards, or in the same run), would carry no VAT. A product that
        already has a tax of the company keeps it: someone chose it.
        """
        products = self.with_context(active_test=False).search(
            [("komunigi_company_sale_tax", "=", True)]
        )
        for company in companies or self.env["res.company"].search([]):
            taxes = company._komunigi_default_sale_taxes()
            if not taxes:
                continue
            for product in products:
                if company not in product.taxes_id.mapped("company_id"):
                    product.write({"taxes_id": [(4, tax.id) for tax in taxes]})

    def _komunigi_take_company_sale_tax(self):
        """Flag these products and give them each company's default sale tax now: what
        the `noupdate` product data does at install, for a database that had the
        products before the flag (the 11.0.1.1.0 migrations)."""
        self.write({"komunigi_company_sale_tax": True})
        self.env["res.company"]._komunigi_configure_all_accounting()
