# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.komunigi_membership.models.shared_fields import part_of


class KomunigiFundingRoundPart(models.AbstractModel):
    """A part of a funding round: a participant, a request on offer, a ballot.

    It lives and dies with its round and counts in its currency. What the round's
    state still lets change differs by part (the co-ops and budgets until the round
    opens, the ballots until it closes): `_check_round_allows_change` says it, and
    every write or deletion checks it, after the access rights so that a user who
    may not write is refused as such before the check reads the round.
    """

    _name = "komunigi.funding.round.part"
    _description = "Part of a funding round"

    round_id = part_of("komunigi.funding.round")
    currency_id = fields.Many2one(related="round_id.currency_id", readonly=True)

    def write(self, vals):
        self.check_access_rights("write")
        self._check_round_allows_change()
        return super().write(vals)

    def unlink(self):
        self.check_access_rights("unlink")
        self._check_round_allows_change()
        return super().unlink()

    def _check_round_allows_change(self):
        """Refuse the change the state of the round no longer allows; a part the
        round never fixes (its offer is written by opening only) allows any."""
        return True
