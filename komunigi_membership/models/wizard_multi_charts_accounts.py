# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class WizardMultiChartsAccounts(models.TransientModel):
    _inherit = "wizard.multi.charts.accounts"

    @api.multi
    def execute(self):
        """A chart installed after Komunigi (e.g. `l10n_be` added to a running Odoo)
        gives the dues and co-financing products its default sale tax, and its
        fiscal positions their rules. Every way of installing a chart in Odoo 11
        (the wizard, a localisation module) ends here."""
        result = super().execute()
        self.company_id.sudo()._komunigi_configure_accounting()
        return result
