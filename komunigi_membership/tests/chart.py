# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Belgian-like chart on the test database's chart.

The test database has the chart `account` installs by default, `l10n_generic_coa`: a
sale tax of 15 % that is nobody's default (the chart has no complete set of taxes), and
no fiscal position. Here the 15 % tax becomes the company's default sale tax, as the
accountant would set it in the settings, and the positions are made as Odoo 11's
`l10n_be` makes them, without any rule, under the same xml ids; Komunigi's
configuration then completes them. `tests/test_l10n_be.py` runs the real Belgian chart.
"""

# Key: template name in l10n_be, position name, whether it maps the sale tax to 0 %.
BELGIAN_POSITIONS = {
    "national": ("fiscal_position_template_1", "Régime National", False),
    "export": ("fiscal_position_template_2", "Régime Extra-Communautaire", True),
    "intra_eu": ("fiscal_position_template_3", "Régime Intra-Communautaire", True),
}


def default_sale_taxes(env, company):
    """The company's default sale tax, where Odoo 11 keeps it (the settings show it)."""
    tax_ids = env["ir.default"].get(
        "product.template", "taxes_id", company_id=company.id
    )
    return env["account.tax"].browse(tax_ids or [])


def set_default_sale_tax(env, company):
    """The chart's 15 % sale tax becomes the company's default, as in the settings."""
    tax = env["account.tax"].search(
        [("company_id", "=", company.id), ("type_tax_use", "=", "sale")], limit=1
    )
    env["ir.default"].set(
        "product.template", "taxes_id", tax.ids, company_id=company.id
    )
    return tax


def make_belgian_positions(env, company=None):
    """The company's Belgian positions by key, then Komunigi's configuration."""
    company = company or env.user.company_id
    sale_tax = set_default_sale_tax(env, company)
    zero = env["account.tax"].create(
        {
            "name": "0 % (test)",
            "amount": 0,
            "type_tax_use": "sale",
            "company_id": company.id,
        }
    )
    positions = {}
    for key, (template, name, to_zero) in BELGIAN_POSITIONS.items():
        mapping = [(0, 0, {"tax_src_id": sale_tax.id, "tax_dest_id": zero.id})]
        positions[key] = env["account.fiscal.position"].create(
            {
                "name": name,
                "company_id": company.id,
                "tax_ids": mapping if to_zero else [],
            }
        )
        env["ir.model.data"].create(
            {
                "module": "l10n_be",
                "name": "%d_%s" % (company.id, template),
                "model": "account.fiscal.position",
                "res_id": positions[key].id,
            }
        )
    company._komunigi_configure_accounting()
    return positions
