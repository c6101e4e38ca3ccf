# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    def action_invoice_cancel(self):
        """A cancelled dues invoice frees its periods for the next dues run."""
        result = super().action_invoice_cancel()
        self.env["komunigi.membership.dues"].sudo().search(
            [("invoice_id", "in", self.ids)]
        ).unlink()
        return result
