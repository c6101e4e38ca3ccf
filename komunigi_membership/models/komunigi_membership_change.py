# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import dues_periods
from .komunigi_membership import to_date

FREQUENCIES = [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")]


class KomunigiMembershipChange(models.Model):
    """A dated change of a membership's tier or billing frequency.

    From `date` on, the periods follow the new terms; the periods before keep the
    previous ones. The date starts a period of both frequencies and follows the
    invoiced periods: no period straddles two terms, none is invoiced twice or
    skipped. The records are written by `_schedule` only (the *Change* wizard).
    """

    _name = "komunigi.membership.change"
    _inherit = "komunigi.membership.record"
    _description = "Dated membership change"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Date(string="Applies from", required=True)
    tier_id = fields.Many2one("komunigi.membership.tier", required=True)
    billing_frequency = fields.Selection(FREQUENCIES, required=True)
    previous_tier_id = fields.Many2one("komunigi.membership.tier", required=True)
    previous_billing_frequency = fields.Selection(FREQUENCIES, required=True)

    @api.model
    def _schedule(self, membership, day, tier, frequency):
        """Change `membership`'s tier and frequency from `day` (a date) on.

        The same change again (a second click) changes nothing; another change on the
        date of the last one replaces it, or cancels it when it restores the terms.
        """
        last = membership.change_ids.sorted("date")[-1:]
        if not (last and to_date(last.date) == day):
            last = self.browse()
        elif (last.tier_id, last.billing_frequency) == (tier, frequency):
            return
        old_tier = last.previous_tier_id or membership.tier_id
        old = last.previous_billing_frequency or membership.billing_frequency
        self._check_change(membership, day, old, frequency)
        values = {"tier_id": tier.id, "billing_frequency": frequency}
        if (old_tier, old) == (tier, frequency):
            self._check_nothing_changes(membership, last)
            last.sudo().unlink()
        elif last:
            last.sudo().write(values)
        else:
            self.sudo().create(
                dict(
                    values,
                    membership_id=membership.id,
                    date=fields.Date.to_string(day),
                    previous_tier_id=old_tier.id,
                    previous_billing_frequency=old,
                )
            )
        membership.with_context(komunigi_dated_change=True).write(values)
        membership.message_post(
            body=_("From %s: tier %s, billed %s.")
            % (fields.Date.to_string(day), tier.name, frequency)
        )

    @api.model
    def _check_nothing_changes(self, membership, change):
        if not change:
            raise UserError(_("%s: the change changes nothing.") % membership.name)

    @api.model
    def _check_change(self, membership, day, old, frequency):
        """The rules of a dated change; each refusal names the membership."""
        if membership.state == "ended":
            raise UserError(
                _("%s has ended: its terms change no more.") % membership.name
            )
        if day <= to_date(membership.date_start):
            raise UserError(
                _(
                    "%s: a change applies after the start (%s); correct the start instead."
                )
                % (membership.name, membership.date_start)
            )
        if not (
            dues_periods.is_period_start(day, old)
            and dues_periods.is_period_start(day, frequency)
        ):
            raise UserError(
                _("%s: a change must start a %s and a %s period, e.g. on %s.")
                % (
                    membership.name,
                    old,
                    frequency,
                    dues_periods.change_date(day, old, frequency),
                )
            )
        invoiced = membership._dues_invoiced_through()
        if invoiced and day <= invoiced:
            raise UserError(
                _(
                    "%s is invoiced until %s: a change applies after the invoiced periods."
                )
                % (membership.name, invoiced)
            )
        later = membership.change_ids.filtered(lambda c: to_date(c.date) > day)
        if later:
            raise UserError(
                _("%s already changes on %s: a change cannot come before it.")
                % (membership.name, later[0].date)
            )
        if membership.date_end and day > to_date(membership.date_end):
            raise UserError(
                _("%s ends on %s, before the change.")
                % (membership.name, membership.date_end)
            )

    @api.model
    def _default_date(self, membership, frequency):
        """The next period start after today and the invoiced periods."""
        today = to_date(fields.Date.context_today(membership))
        after = max(
            filter(
                None,
                [
                    today,
                    to_date(membership.date_start),
                    membership._dues_invoiced_through(),
                ],
            )
        )
        return dues_periods.change_date(after, membership.billing_frequency, frequency)

    @api.model
    def _correct_start(self, membership, start):
        """Correct the start of `membership`: invoiced days before it are credited,
        days added before the old start are invoiced by the next run."""
        if membership.state == "ended":
            raise UserError(
                _("%s has ended: its start changes no more.") % membership.name
            )
        first_change = membership.change_ids.sorted("date")[:1]
        if first_change and start >= to_date(first_change.date):
            raise UserError(
                _("%s: the start must come before the change of %s.")
                % (membership.name, first_change.date)
            )
        old_start = to_date(membership.date_start)
        credited = membership.dues_ids.filtered(
            lambda d: d.amount_credited and to_date(d.period_start) < old_start
        )
        if start < old_start and credited:
            raise UserError(
                _("%s: the days before %s were credited; they are not invoiced again.")
                % (membership.name, membership.date_start)
            )
        membership.with_context(komunigi_dated_change=True).write(
            {"date_start": fields.Date.to_string(start)}
        )
        membership._credit_unbillable_dues()
