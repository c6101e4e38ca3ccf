# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

MEMBERSHIP_STATES = [
    ("none", "Not a member"),
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("ended", "Former member"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    komunigi_membership_ids = fields.One2many(
        "komunigi.membership", "partner_id", string="Memberships"
    )
    komunigi_membership_state = fields.Selection(
        MEMBERSHIP_STATES,
        string="Membership",
        compute="_compute_komunigi_membership_state",
        store=True,
        help="State of the co-op's most relevant membership (active first).",
    )

    @api.depends("komunigi_membership_ids.state")
    def _compute_komunigi_membership_state(self):
        for partner in self:
            # Memberships are ordered active, suspended, draft, ended.
            memberships = partner.komunigi_membership_ids.sorted("state_sequence")
            partner.komunigi_membership_state = (
                memberships[0].state if memberships else "none"
            )

    def _komunigi_active_membership(self):
        """The co-op's active membership, if any (read by the other komunigi addons)."""
        self.ensure_one()
        return self.commercial_partner_id.komunigi_membership_ids.filtered(
            lambda m: m.state == "active"
        )[:1]
