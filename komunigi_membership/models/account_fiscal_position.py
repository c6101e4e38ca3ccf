# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models

# Odoo 11's Belgian chart makes fiscal positions that Odoo never applies by itself:
# they have no country, no VAT condition, no "detect automatically". Odoo 12's chart
# gives them these rules, and adds a position for EU customers without a VAT number
# (`EU_PRIVATE`): without it, such a customer would fall to the export position.
# Templates by xml id: the chart's positions of company 3 are `<module>.3_<name>`.
CHART_POSITION_RULES = {
    # Régime National: Belgian customers with a VAT number.
    "l10n_be.fiscal_position_template_1": {
        "sequence": 1,
        "country_id": "base.be",
        "vat_required": True,
    },
    # Régime Intra-Communautaire: EU customers with a VAT number (reverse charge).
    "l10n_be.fiscal_position_template_3": {
        "sequence": 3,
        "country_group_id": "base.europe",
        "vat_required": True,
    },
    # Régime Extra-Communautaire: everyone else (export).
    "l10n_be.fiscal_position_template_2": {"sequence": 4},
}
EU_PRIVATE = {"sequence": 2, "country_group_id": "base.europe"}


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    @api.model
    def _komunigi_complete_chart_rules(self, company):
        """Let Odoo find the company's chart positions by country and VAT number.

        Only for a company without any automatic position: rules that someone set
        (or a chart that has them, like Odoo 11's French one) are kept as they are.
        """
        positions = self.sudo()
        if positions.search_count(
            [("company_id", "=", company.id), ("auto_apply", "=", True)]
        ):
            return
        completed = positions.browse()
        for template, rule in CHART_POSITION_RULES.items():
            module, name = template.split(".")
            position = self.env.ref(
                "%s.%d_%s" % (module, company.id, name), raise_if_not_found=False
            )
            if position:
                position.sudo().write(self._komunigi_rule_values(rule))
                completed |= position
        if completed:
            positions.create(
                dict(
                    self._komunigi_rule_values(EU_PRIVATE),
                    name=_("EU private (no VAT number)"),
                    company_id=company.id,
                )
            )

    @api.model
    def _komunigi_rule_values(self, rule):
        """The values of an automatic position from a rule of xml ids."""
        values = dict(rule, auto_apply=True)
        for field in ("country_id", "country_group_id"):
            if field in values:
                values[field] = self.env.ref(values[field]).id
        return values
