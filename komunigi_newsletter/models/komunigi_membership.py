# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# A change of these fields can change who is in the member lists.
SYNC_FIELDS = ("state", "representative_ids", "partner_id")


class KomunigiMembership(models.Model):
    """Memberships drive the member lists and the log entries of joins and leaves."""

    _inherit = "komunigi.membership"

    @api.model
    def create(self, vals):
        membership = super().create(vals)
        if membership.state == "active":
            membership._komunigi_log_state_change("draft")
            self.env["komunigi.audience"]._sync_all()
        return membership

    def write(self, vals):
        """Same day sync: the lists follow as soon as a membership changes."""
        before = {m.id: m.state for m in self} if "state" in vals else {}
        result = super().write(vals)
        for membership in self.filtered(lambda m: m.id in before):
            membership._komunigi_log_state_change(before[membership.id])
        if any(field in vals for field in SYNC_FIELDS):
            self.env["komunigi.audience"]._sync_all()
        return result

    def _komunigi_log_state_change(self, previous):
        """Draft a log entry when a co-op joins (activated from draft) or leaves."""
        self.ensure_one()
        if self.state == "active" and previous == "draft":
            event = "joined"
        elif self.state == "ended" and previous != "ended":
            event = "left"
        else:
            return False
        Entry = self.env["komunigi.log.entry"]
        title, body = Entry._describe(event, self)
        return Entry._draft_for(
            self, event, fields.Date.context_today(self), title, body
        )
