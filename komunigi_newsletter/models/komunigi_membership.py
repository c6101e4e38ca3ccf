# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KomunigiMembership(models.Model):
    """Memberships drive the member lists, on the day they change."""

    _name = "komunigi.membership"
    _inherit = ["komunigi.membership", "komunigi.audience.source"]

    # A change of these fields can change who is in the member lists.
    _komunigi_sync_fields = ("state", "representative_ids", "partner_id")

    def _komunigi_sync_on_create(self):
        return "active" in self.mapped("state")
