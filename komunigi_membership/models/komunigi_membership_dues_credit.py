# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal
from typing import NamedTuple

from odoo import _, api, fields, models

from ..lib import dues_periods
from .komunigi_membership import to_date
from .shared_fields import part_of

MONTHS_FREQUENCY = {
    months: frequency for frequency, months in dues_periods.FREQUENCY_MONTHS.items()
}


class LostWorth(NamedTuple):
    """The part of an invoiced period a credit note gives back."""

    dues: models.BaseModel
    amount: Decimal


class KomunigiMembershipDuesCredit(models.Model):
    """What a credit note gives back of an invoiced dues period.

    An invoiced period loses worth when its days stop being billable: the membership
    ends inside it, a suspension covers some of its days, its start is corrected to a
    later day. The credit is the difference, computed by `lib/dues_periods.worth`; a
    cancelled credit note no longer counts.
    """

    _name = "komunigi.membership.dues.credit"
    _description = "Dues credit"
    _order = "id desc"

    dues_id = part_of("komunigi.membership.dues")
    # Set at creation, not related: a dues run creates thousands of dues records, and a
    # stored related field makes each of them search the credits that depend on it.
    membership_id = fields.Many2one(
        "komunigi.membership",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Co-op", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="dues_id.currency_id", readonly=True)
    amount = fields.Monetary(required=True, help="Excluding VAT.")
    invoice_id = fields.Many2one(
        "account.invoice",
        string="Credit note",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    invoice_line_id = part_of("account.invoice.line")
    invoice_state = fields.Selection(related="invoice_id.state", readonly=True)

    @api.model
    def _credit_memberships(self, memberships):
        """One credit note per co-op for what its invoiced periods lost.

        Called when billable days disappear (end, closed suspension, later start).
        The memberships are locked first: a second click waits, then finds nothing
        left to credit, so each day is credited once.
        """
        refunds = self.env["account.invoice"]
        if not memberships:
            return refunds
        self.env.cr.execute(
            "SELECT id FROM komunigi_membership WHERE id IN %s FOR UPDATE",
            (tuple(memberships.ids),),
        )
        memberships.invalidate_cache()
        for _partner, coop_memberships in memberships._group_by_coop():
            lost = [c for m in coop_memberships for c in self._lost_worth(m)]
            if lost:
                refunds |= self._create_credit_note(coop_memberships, lost)
        return refunds

    @api.model
    def _lost_worth(self, membership):
        """What each invoiced period of `membership` is worth less than its net."""
        span = (to_date(membership.date_start), to_date(membership.date_end))
        suspensions = membership._dues_suspensions(closed_only=True)
        lost = []
        for dues in membership.dues_ids.sorted("period_start"):
            period = dues_periods.Period(
                to_date(dues.period_start), to_date(dues.period_end), dues.months, 1
            )
            worth = dues_periods.worth(
                dues.monthly_rate or dues.tier_id.monthly_rate,
                period,
                MONTHS_FREQUENCY[dues.months],
                span,
                suspensions,
                dues.tier_id.prorate,
            )
            net = Decimal(repr(dues.amount)) - Decimal(repr(dues.amount_credited))
            if membership.currency_id.compare_amounts(float(net - worth), 0) > 0:
                lost.append(LostWorth(dues, net - worth))
        return lost

    @api.model
    def _create_credit_note(self, memberships, lost):
        """The credit note of one co-op's memberships, a line per credited period."""
        Invoice = self.env["account.invoice"]
        values = Invoice._komunigi_prepare(
            memberships[0].partner_id,
            memberships[0].company_id,
            fields.Date.context_today(self),
            ", ".join(memberships.mapped("name")),
            type_="out_refund",
        )
        lines = [
            dict(self._prepare_credit_line(values, item), sequence=index)
            for index, item in enumerate(lost)
        ]
        refund = Invoice.with_context(tracking_disable=True)._komunigi_create(
            values, lines
        )
        self.env.cr.execute(
            "SELECT sequence, id FROM account_invoice_line WHERE invoice_id = %s",
            (refund.id,),
        )
        line_ids = dict(self.env.cr.fetchall())
        # The credits are history: written here only (the coordinator reads them).
        for index, item in enumerate(lost):
            self.sudo().create(
                {
                    "dues_id": item.dues.id,
                    "membership_id": item.dues.membership_id.id,
                    "partner_id": item.dues.partner_id.id,
                    "amount": float(item.amount),
                    "invoice_id": refund.id,
                    "invoice_line_id": line_ids[index],
                }
            )
        if memberships[0].company_id.komunigi_dues_invoice_state == "open":
            refund.action_invoice_open()
        return refund

    @api.model
    def _prepare_credit_line(self, invoice_values, lost):
        """The credit note line of one period, at the tier it was invoiced."""
        dues = lost.dues
        name = _("Credit of the dues %s, %s to %s") % (
            dues.tier_id.name,
            dues.period_start,
            dues.period_end,
        )
        return self.env["account.invoice"]._komunigi_line(
            invoice_values, dues.tier_id.product_id, name, float(lost.amount)
        )
