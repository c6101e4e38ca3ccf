# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# A change of these fields can change who is in the member lists.
SYNC_FIELDS = ("state", "representative_ids", "partner_id")


class KomunigiMembership(models.Model):
    """Memberships drive the member lists."""

    _inherit = "komunigi.membership"

    @api.model
    def create(self, vals):
        membership = super().create(vals)
        if membership.state == "active":
            self.env["komunigi.audience"]._sync_all()
        return membership

    def write(self, vals):
        """Same day sync: the lists follow as soon as a membership changes."""
        result = super().write(vals)
        if any(field in vals for field in SYNC_FIELDS):
            self.env["komunigi.audience"]._sync_all()
        return result
