# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class KomunigiBallot(models.Model):
    """The vote of one co-op on one agenda item; it can change until voting closes."""

    _name = "komunigi.ballot"
    _description = "Ballot"
    _inherit = ["mail.thread"]
    _order = "session_id desc, item_id, partner_id"

    item_id = fields.Many2one(
        "komunigi.session.item", required=True, ondelete="cascade", index=True
    )
    session_id = fields.Many2one(
        related="item_id.session_id", store=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Co-op", required=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Cast by", required=True, default=lambda self: self.env.user
    )
    value = fields.Char(required=True, track_visibility="onchange", help="JSON.")

    _sql_constraints = [
        (
            "one_per_coop",
            "unique(session_id, item_id, partner_id)",
            "A co-op casts one ballot per agenda item.",
        )
    ]

    def _value(self):
        return json.loads(self.value)

    @api.model
    def cast(self, item, coop, value):
        """Create or change `coop`'s ballot on `item` (portal and backend entry point)."""
        item = item.sudo()
        self._check_can_vote(item, coop)
        item._check_value(value)
        encoded = json.dumps(value, sort_keys=True)
        ballot = self.sudo().search(
            [("item_id", "=", item.id), ("partner_id", "=", coop.id)]
        )
        if ballot:
            ballot.write({"value": encoded, "user_id": self.env.user.id})
            return ballot
        return self.sudo().create(
            {
                "item_id": item.id,
                "partner_id": coop.id,
                "user_id": self.env.user.id,
                "value": encoded,
            }
        )

    @api.model
    def _check_can_vote(self, item, coop):
        session = item.session_id
        now = fields.Datetime.now()
        if (
            session.state != "open"
            or not session.voting_opens <= now <= session.voting_closes
        ):
            raise UserError(_("Voting on %s is not open.") % session.name)
        user = self.env.user
        is_coordinator = user.has_group("komunigi_membership.group_coordinator")
        if not is_coordinator and user.partner_id.commercial_partner_id != coop:
            raise AccessError(_("You can only vote for your own co-op."))
        if coop not in self.env["komunigi.session"]._eligible_coops():
            raise UserError(
                _("%s has no voting right (an active membership of a voting tier).")
                % coop.name
            )

    def write(self, vals):
        if "value" in vals and self.filtered(lambda b: b.session_id.state != "open"):
            raise UserError(_("The session is closed: ballots cannot change."))
        return super().write(vals)
