# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.komunigi_membership.models.shared_fields import part_of

# What a ballot says: frozen once its session has closed.
BALLOT_FIELDS = ("item_id", "partner_id", "user_id", "value")


class KomunigiBallot(models.Model):
    """The vote of one co-op on one agenda item; it can change until voting closes.

    The rules hold whichever door the ballot comes through (portal, backend, RPC):
    an open session within its voting window, a co-op with the voting right, a
    value that fits the item's method. A closed session's ballots are its record:
    they cannot change nor be deleted.
    """

    _name = "komunigi.ballot"
    _description = "Ballot"
    _inherit = ["mail.thread"]
    _order = "session_id desc, item_id, partner_id"

    item_id = part_of("komunigi.session.item")
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
        self._check_voter(coop)
        refusal = self._refusal(item, coop)
        if refusal:
            raise UserError(refusal)
        item._check_value(value)
        encoded = json.dumps(value, sort_keys=True)
        ballot = self.sudo().search(
            [("item_id", "=", item.id), ("partner_id", "=", coop.id)]
        )
        if ballot:
            # The same ballot sent again writes nothing: parallel copies of one vote
            # (a double click, a retried request) then cannot conflict.
            if (ballot.value, ballot.user_id) != (encoded, self.env.user):
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
    def _check_voter(self, coop):
        """A representative votes for their own co-op; a coordinator for any."""
        user = self.env.user
        is_coordinator = user.has_group("komunigi_membership.group_coordinator")
        if not is_coordinator and user.partner_id.commercial_partner_id != coop:
            raise AccessError(_("You can only vote for your own co-op."))

    @api.model
    def _refusal(self, item, coop, eligible=None):
        """Why `coop` may not hold a ballot on `item` now, or None: voting must be
        open (session open, within its window), the co-op must have the voting right
        (`eligible`: the co-ops that have it, when the caller knows them)."""
        session = item.session_id
        now = fields.Datetime.now()
        if (
            session.state != "open"
            or not session.voting_opens <= now <= session.voting_closes
        ):
            return _("Voting on %s is not open.") % session.name
        if eligible is None:
            eligible = self.env["komunigi.session"]._eligible_coops()
        if coop not in eligible:
            return (
                _("%s has no voting right (an active membership of a voting tier).")
                % coop.name
            )
        return None

    @api.constrains(*BALLOT_FIELDS)
    def _check_ballot(self):
        """The portal's rules, for ballots written through any other door."""
        eligible = self.env["komunigi.session"]._eligible_coops()
        for ballot in self:
            refusal = self._refusal(ballot.item_id, ballot.partner_id, eligible)
            if refusal:
                raise ValidationError(refusal)
            try:
                value = ballot._value()
            except ValueError as error:
                raise ValidationError(
                    _("The ballot of %s on %s is not valid JSON.")
                    % (ballot.partner_id.name, ballot.item_id.name)
                ) from error
            ballot.item_id._check_value(value)

    def _closed_sessions(self):
        return self.mapped("session_id").filtered(lambda s: s.state == "closed")

    def write(self, vals):
        closed = self._closed_sessions()
        if closed and any(name in vals for name in BALLOT_FIELDS):
            raise UserError(
                _("%s is closed: its ballots cannot change.")
                % ", ".join(closed.mapped("name"))
            )
        return super().write(vals)

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):  # the addon goes, its data too
            return super().unlink()
        closed = self._closed_sessions()
        if closed:
            raise UserError(
                _("%s is closed: its ballots are kept and cannot be deleted.")
                % ", ".join(closed.mapped("name"))
            )
        return super().unlink()
