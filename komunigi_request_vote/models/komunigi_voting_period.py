# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError

from odoo.addons.komunigi_membership.models.shared_fields import life_cycle_state


class KomunigiVotingPeriod(models.AbstractModel):
    """A time in which the co-ops vote: a decision session, a funding round.

    The coordinators prepare it as a draft, open it for the ballots and close it once
    they are counted; it never opens again. Opening and closing (a double click, the
    cron) are done by one transaction at a time (`komunigi.lockable`), and the state is
    tracked in the chatter, where the co-ops see when they could vote.
    """

    _name = "komunigi.voting.period"
    _inherit = "komunigi.lockable"
    _description = "Voting period"

    state = life_cycle_state(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")]
    )

    def _refuse_in(self, states, message):
        """Refuse an action the periods in one of `states` do not allow; `message`,
        with one %s, names them all."""
        refused = self.filtered(lambda period: period.state in states)
        if refused:
            raise UserError(message % ", ".join(refused.mapped("name")))
