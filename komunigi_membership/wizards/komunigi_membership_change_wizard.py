# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib import dues_periods
from ..models.komunigi_membership import to_date
from ..models.komunigi_membership_change import FREQUENCIES
from .opened_from import opened_from


class KomunigiMembershipChangeWizard(models.TransientModel):
    """Change a membership's tier or billing frequency from a date, or its start.

    The rules are the model's (`komunigi.membership.change`): this form only
    collects the values.
    """

    _name = "komunigi.membership.change.wizard"
    _description = "Change a membership"

    membership_id = opened_from("komunigi.membership", readonly=True)
    tier_id = fields.Many2one("komunigi.membership.tier", required=True)
    billing_frequency = fields.Selection(FREQUENCIES, required=True)
    date = fields.Date(
        string="Applies from",
        help="The first day of the new tier and frequency: it starts a period of "
        "both frequencies and follows the invoiced periods.",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        help="Correct the start: invoiced days before it are credited, days added "
        "before the old start are invoiced by the next dues run.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        membership = self.env["komunigi.membership"].browse(
            values.get("membership_id") or self.env.context.get("active_id")
        )
        if membership:
            values.update(
                membership_id=membership.id,
                tier_id=membership.tier_id.id,
                billing_frequency=membership.billing_frequency,
                date_start=membership.date_start,
            )
        return values

    @api.onchange("membership_id", "tier_id", "billing_frequency")
    def _onchange_terms(self):
        """The next day the new terms can apply, unless the chosen one still fits."""
        membership = self.membership_id
        frequency = self.billing_frequency or membership.billing_frequency
        day = to_date(self.date)
        if membership and not (
            day
            and dues_periods.is_period_start(day, frequency)
            and dues_periods.is_period_start(day, membership.billing_frequency)
        ):
            self.date = self.env["komunigi.membership.change"]._default_date(
                membership, frequency
            )

    def action_apply(self):
        """Apply the start correction, then the dated change of tier or frequency."""
        self.ensure_one()
        membership = self.membership_id
        # Anyone may fill a wizard in; only who may change the membership applies it.
        membership.check_access_rights("write")
        membership.check_access_rule("write")
        Change = self.env["komunigi.membership.change"]
        if self.date_start != membership.date_start:
            Change._correct_start(membership, to_date(self.date_start))
        if (self.tier_id, self.billing_frequency) != (
            membership.tier_id,
            membership.billing_frequency,
        ):
            day = to_date(self.date) or Change._default_date(
                membership, self.billing_frequency
            )
            Change._schedule(membership, day, self.tier_id, self.billing_frequency)
        return {"type": "ir.actions.act_window_close"}
