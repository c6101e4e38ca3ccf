# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KomunigiAudienceSource(models.AbstractModel):
    """A record whose changes move people in or out of the audiences (a membership,
    a mandate, a person): the lists and channels follow on the same day, the daily
    cron only catches up with the calendar (mandates that start or end)."""

    _name = "komunigi.audience.source"
    _description = "What the member audiences are made of"

    # A write of one of these fields can change who is in an audience.
    _komunigi_sync_fields = ()

    def _komunigi_sync_on_create(self):
        """Whether these new records change an audience: all do, unless told."""
        return True

    @api.model
    def create(self, vals):
        record = super().create(vals)
        if record._komunigi_sync_on_create():
            self.env["komunigi.audience"]._sync_all()
        return record

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in self._komunigi_sync_fields):
            self.env["komunigi.audience"]._sync_all()
        return result
