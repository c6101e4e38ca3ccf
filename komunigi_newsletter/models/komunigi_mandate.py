# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# A change of these fields can change who is in the core group today.
SYNC_FIELDS = ("partner_id", "role", "date_start", "date_end")


class KomunigiMandate(models.Model):
    """The core-group list follows the mandates as they change."""

    _inherit = "komunigi.mandate"

    @api.model
    def create(self, vals):
        mandate = super().create(vals)
        self.env["komunigi.audience"]._sync_all()
        return mandate

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in SYNC_FIELDS):
            self.env["komunigi.audience"]._sync_all()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["komunigi.audience"]._sync_all()
        return result
