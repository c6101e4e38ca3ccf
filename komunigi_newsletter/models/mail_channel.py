# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .komunigi_audience import AUDIENCES


class MailChannel(models.Model):
    """A discussion channel (the mutual-help list) may follow an audience.

    The sync adds the people of the audience and removes those it added once they
    leave it; members added by hand stay, and who left the channel stays out.
    """

    _inherit = "mail.channel"

    komunigi_audience = fields.Selection(
        AUDIENCES,
        string="Synced audience",
        help="The channel's members follow this audience of the memberships.",
    )
    komunigi_synced_partner_ids = fields.Many2many(
        "res.partner",
        "komunigi_channel_synced_partner_rel",
        "channel_id",
        "partner_id",
        string="Added by the sync",
        readonly=True,
    )
    komunigi_left_partner_ids = fields.Many2many(
        "res.partner",
        "komunigi_channel_left_partner_rel",
        "channel_id",
        "partner_id",
        string="Left the channel",
        help="People who left the channel: the sync never adds them again. Take "
        "someone out of this list to let the sync add them back.",
    )

    def _komunigi_sync(self, people):
        self.ensure_one()
        wanted = people - self.komunigi_left_partner_ids
        members = self.channel_partner_ids
        synced = self.komunigi_synced_partner_ids
        to_add = wanted - members
        to_remove = (synced & members) - wanted
        commands = [(4, p.id) for p in to_add] + [(3, p.id) for p in to_remove]
        if commands:
            self.write({"channel_partner_ids": commands})
        new_synced = ((synced & members) | to_add) - to_remove
        if new_synced != synced:
            self.write({"komunigi_synced_partner_ids": [(6, 0, new_synced.ids)]})
        return to_add, to_remove

    def _action_unfollow(self, partner):
        """Who leaves a synced channel is remembered, so that no sync adds them back."""
        result = super()._action_unfollow(partner)
        for channel in self.filtered("komunigi_audience"):
            channel.sudo().write(
                {
                    "komunigi_left_partner_ids": [(4, partner.id)],
                    "komunigi_synced_partner_ids": [(3, partner.id)],
                }
            )
        return result
