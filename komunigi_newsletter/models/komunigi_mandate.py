# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KomunigiMandate(models.Model):
    """The core-group list follows the mandates as they change."""

    _name = "komunigi.mandate"
    _inherit = ["komunigi.mandate", "komunigi.audience.source"]

    # A change of these fields can change who is in the core group today.
    _komunigi_sync_fields = ("partner_id", "role", "date_start", "date_end")

    def unlink(self):
        result = super().unlink()
        self.env["komunigi.audience"]._sync_all()
        return result
