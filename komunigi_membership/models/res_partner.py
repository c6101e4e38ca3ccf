# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

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

    def _komunigi_invitation_report(self, coops_without_representative):
        """Why some of these invitees to a meeting, and some co-ops, are not invited:
        one line each, for the meeting's chatter (empty when all are)."""
        lines = [
            _("%(person)s (%(coop)s): no e-mail address, not invited.")
            % {"person": p.name, "coop": p.commercial_partner_id.name}
            for p in self.filtered(lambda p: not p.email)
        ]
        lines += [
            _("%s: no representative to invite.") % coop.name
            for coop in coops_without_representative
        ]
        return "\n".join(lines)
