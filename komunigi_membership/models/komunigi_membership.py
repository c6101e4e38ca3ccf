# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import dues_periods

_logger = logging.getLogger(__name__)

# A concurrent run holds or has just changed the memberships of a co-op: it invoices them.
CONCURRENT_RUN_PGCODES = ("55P03", "40001")
# How many co-ops' invoices a dues run creates before it recomputes their totals.
DUES_BATCH = 50


def to_date(value):
    return fields.Date.from_string(value) if value else None


class KomunigiMembership(models.Model):
    """A co-op's membership of the intercooperation: its tier, dates and dues periods."""

    _name = "komunigi.membership"
    _description = "Membership"
    _inherit = ["mail.thread"]
    _order = "state_sequence, partner_id, date_start desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Co-op",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        track_visibility="onchange",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    tier_id = fields.Many2one(
        "komunigi.membership.tier",
        required=True,
        track_visibility="onchange",
    )
    previous_tier_id = fields.Many2one(
        "komunigi.membership.tier",
        readonly=True,
        copy=False,
        help="Tier of the periods starting before the current tier applies.",
    )
    tier_date_from = fields.Date(
        string="Tier applies from",
        readonly=True,
        copy=False,
        help="A tier change takes effect at the next dues period.",
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End", track_visibility="onchange")
    billing_frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        help="How often the monthly rate is invoiced (3 or 12 months at once).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("ended", "Ended"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    representative_ids = fields.Many2many(
        "res.partner",
        string="Representatives",
        domain="[('parent_id', '=', partner_id), ('is_company', '=', False)]",
        help="Contacts of the co-op who act for it on the portal.",
    )
    welcome_booklet_accepted_on = fields.Date(
        help="Date the co-op accepted the welcome booklet."
    )
    dues_ids = fields.One2many(
        "komunigi.membership.dues",
        "membership_id",
        string="Invoiced dues",
        readonly=True,
    )
    next_dues_date = fields.Date(compute="_compute_next_dues_date")
    dues_invoiced_until = fields.Date(
        readonly=True,
        copy=False,
        help="End of the last invoiced period; also marks the membership as handled "
        "by a dues run, which keeps two concurrent runs apart.",
    )

    @api.depends("partner_id.name", "tier_id.name")
    def _compute_name(self):
        for membership in self:
            membership.name = "%s - %s" % (
                membership.partner_id.name or "",
                membership.tier_id.name or "",
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"active": 1, "suspended": 2, "draft": 3, "ended": 4}
        for membership in self:
            membership.state_sequence = order.get(membership.state, 9)

    def _compute_next_dues_date(self):
        today = to_date(fields.Date.context_today(self))
        for membership in self:
            if membership.state != "active":
                membership.next_dues_date = False
                continue
            pending = membership._uninvoiced_periods(today)
            membership.next_dues_date = (
                pending[0].start
                if pending
                else dues_periods.next_period_start(
                    to_date(membership.date_start),
                    to_date(membership.date_end),
                    membership.billing_frequency,
                    today,
                )
            ) or False

    def init(self):
        # The last guard of "one active membership per co-op", under concurrent writes.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS komunigi_membership_one_active "
            "ON komunigi_membership (partner_id) WHERE state = 'active'"
        )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for membership in self:
            if membership.date_end and membership.date_end < membership.date_start:
                raise ValidationError(
                    _("The membership of %s cannot end before it starts.")
                    % membership.partner_id.name
                )

    def _check_single_active(self):
        """Clear message first; the partial unique index guards concurrent writes."""
        for membership in self:
            others = self.search_count(
                [
                    ("partner_id", "=", membership.partner_id.id),
                    ("state", "=", "active"),
                    ("id", "!=", membership.id),
                ]
            )
            if others:
                raise ValidationError(
                    _("%s already has an active membership.")
                    % membership.partner_id.name
                )

    @api.constrains("representative_ids", "partner_id")
    def _check_representatives(self):
        for membership in self:
            strangers = membership.representative_ids.filtered(
                lambda p, coop=membership.partner_id: p.commercial_partner_id != coop
            )
            if strangers:
                raise ValidationError(
                    _("%s is not a contact of %s.")
                    % (strangers[0].name, membership.partner_id.name)
                )

    # --- workflow ------------------------------------------------------------------------------
    def action_activate(self):
        for membership in self:
            if membership.state not in ("draft", "suspended"):
                raise UserError(
                    _("Only a draft or suspended membership can be activated.")
                )
        self._check_single_active()
        self.write({"state": "active"})

    def action_suspend(self):
        if self.filtered(lambda m: m.state != "active"):
            raise UserError(_("Only an active membership can be suspended."))
        self.write({"state": "suspended"})

    def action_end(self):
        today = fields.Date.context_today(self)
        for membership in self:
            if membership.state == "ended":
                raise UserError(
                    _("The membership of %s has already ended.")
                    % membership.partner_id.name
                )
            membership.write(
                {"state": "ended", "date_end": membership.date_end or today}
            )

    def action_grant_portal_access(self):
        """Give each representative a portal account (invitation e-mail included)."""
        representatives = self.mapped("representative_ids")
        if not representatives:
            raise UserError(_("Add the representatives of the co-op first."))
        missing = representatives.filtered(lambda p: not p.email)
        if missing:
            raise UserError(
                _("%s has no e-mail address: it is the login of the portal.")
                % missing[0].name
            )
        wizard = self.env["portal.wizard"].create(
            {
                "user_ids": [
                    (0, 0, {"partner_id": p.id, "email": p.email, "in_portal": True})
                    for p in representatives
                ]
            }
        )
        wizard.action_apply()
        return True

    def write(self, vals):
        if "tier_id" in vals:
            self._defer_tier_change(vals)
        return super().write(vals)

    def _defer_tier_change(self, vals):
        """A new tier applies from the next dues period: remember the one it replaces."""
        today = to_date(fields.Date.context_today(self))
        for membership in self.filtered(lambda m: m.state != "draft"):
            if membership.tier_id.id == vals["tier_id"]:
                continue
            _first, last = dues_periods.calendar_period(
                today, membership.billing_frequency
            )
            date_from = fields.Date.to_string(last + timedelta(days=1))
            if membership.tier_date_from != date_from:
                membership.previous_tier_id = membership.tier_id
            membership.tier_date_from = date_from

    def _tier_for(self, period_start):
        self.ensure_one()
        if (
            self.previous_tier_id
            and self.tier_date_from
            and period_start < to_date(self.tier_date_from)
        ):
            return self.previous_tier_id
        return self.tier_id

    # --- dues ----------------------------------------------------------------------------------
    def _uninvoiced_periods(self, until, invoiced=None):
        """Periods due on `until` or earlier that no dues record covers yet.

        `invoiced`: the invoiced period starts when the caller has already read them
        (a dues run reads them with its lock); else they are read from the dues.
        """
        self.ensure_one()
        if invoiced is None:
            invoiced = {
                to_date(start) for start in self.dues_ids.mapped("period_start")
            }
        return [
            period
            for period in dues_periods.periods_between(
                to_date(self.date_start),
                to_date(self.date_end),
                self.billing_frequency,
                until,
                prorate=self.tier_id.prorate,
            )
            if period.start not in invoiced
        ]

    def action_invoice_due_periods(self):
        """Button: invoice what is due today, never a future period."""
        today = to_date(fields.Date.context_today(self))
        if self.filtered(lambda m: m.state != "active"):
            raise UserError(_("Only active memberships are invoiced."))
        report = self._invoice_dues(today)
        if report["failed"]:
            raise UserError(report["failed"][0][1])
        if not report["invoices"]:
            raise UserError(_("Nothing is due today: every period is invoiced."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.invoice",
            "view_mode": "tree,form",
            "domain": [("id", "in", report["invoices"].ids)],
            "name": _("Dues invoices"),
        }

    @api.model
    def _cron_invoice_dues(self):
        today = to_date(fields.Date.context_today(self))
        report = self.search([("state", "=", "active")])._invoice_dues(today)
        _logger.info(
            "Dues run: %d invoices, %d co-ops failed, %d left to a concurrent run",
            len(report["invoices"]),
            len(report["failed"]),
            len(report["skipped"]),
        )
        return report

    def _invoice_dues(self, until):
        """One invoice per co-op for its due periods, each co-op in its own savepoint.

        A co-op that fails is reported in its chatter; the others are still invoiced.
        """
        self._prefetch_dues_data()
        report = {"invoices": [], "failed": [], "skipped": []}
        memo = {}
        coops = self._group_by_coop()
        for start in range(0, len(coops), DUES_BATCH):
            # The stored computed fields of a batch's invoices (amounts, residuals...)
            # are computed together after it: invoices with the same amounts are
            # written by one query. Odoo keeps the records to recompute in lists that
            # grow with each invoice: a bounded batch keeps the run linear. A record
            # rolled back meanwhile (a co-op that failed) is skipped.
            with self.env.norecompute():
                for partner, memberships in coops[start : start + DUES_BATCH]:
                    memberships._invoice_coop_isolated(partner, until, memo, report)
            self.recompute()
        report["invoices"] = self.env["account.invoice"].browse(report["invoices"])
        return report

    def _invoice_coop_isolated(self, partner, until, memo, report):
        """Invoice one co-op in a savepoint; a failure goes to `report`, not further."""
        try:
            with self.env.cr.savepoint():
                report["invoices"] += self._invoice_coop_dues(until, memo).ids
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENT_RUN_PGCODES:
                raise
            self.invalidate_cache()
            report["skipped"].append(partner)
        except (UserError, ValidationError) as error:
            self.invalidate_cache()
            message = _("Dues could not be invoiced: %s") % (error.name,)
            partner.message_post(body=message)
            report["failed"].append((partner, message))

    def _group_by_coop(self):
        """(co-op, its memberships) pairs, in one pass over the memberships.

        Filtering `self` once per co-op is quadratic: a run may hold thousands of them.
        The groups share the run's prefetch, so what it prefetched serves them all.
        """
        groups = {}
        for membership in self:
            groups.setdefault(membership.partner_id, []).append(membership.id)
        return [
            (partner, self.browse(ids, prefetch=self._prefetch))
            for partner, ids in groups.items()
        ]

    def _prefetch_dues_data(self):
        """Read what every co-op's invoice needs for the whole run at once.

        Reading it co-op by co-op costs a few queries per co-op; the ORM cache then
        serves each co-op (the prefetch reads up to 1,000 records per query).
        """
        tiers = self.mapped("tier_id") | self.mapped("previous_tier_id")
        products = tiers.mapped("product_id")
        products.mapped("property_account_income_id")
        products.mapped("categ_id.property_account_income_categ_id")
        products.mapped("taxes_id.company_id")
        products.mapped("uom_id")
        partners = self.mapped("partner_id")
        partners.mapped("country_id")
        partners.mapped("property_account_receivable_id")
        partners.mapped("property_account_position_id")
        for company in self.mapped("company_id"):
            partners.with_context(force_company=company.id).mapped(
                "property_payment_term_id"
            )

    def _invoice_coop_dues(self, until, memo=None):
        """Invoice the due periods of one co-op's memberships (locked: no twin run).

        `memo`: what the run's invoices share (see `account.invoice._komunigi_prepare`).
        """
        invoiced = self._lock_invoiced_periods()
        lines = [
            (m, p) for m in self for p in m._uninvoiced_periods(until, invoiced[m.id])
        ]
        if not lines:
            return self.env["account.invoice"]
        partner = self[0].partner_id
        if not (partner.street and partner.city and partner.country_id):
            raise UserError(_("%s has no complete address.") % partner.name)
        Invoice = self.env["account.invoice"]
        values = Invoice._komunigi_prepare(
            partner,
            self[0].company_id,
            fields.Date.to_string(until),
            ", ".join(self.mapped("name")),
            memo=memo,
        )
        # A dues run creates an invoice per co-op: without the chatter's creation
        # message, which costs as much as the invoice itself.
        invoice = (
            Invoice.with_context(tracking_disable=True)
            ._komunigi_create(
                values,
                [membership._prepare_dues_line(values, p) for membership, p in lines],
            )
            .with_env(self.env)
        )
        self._record_dues(invoice, lines)
        if self[0].company_id.komunigi_dues_invoice_state == "open":
            invoice.action_invoice_open()
        return invoice

    def _lock_invoiced_periods(self):
        """Lock the memberships (NOWAIT) and read their invoiced period starts.

        One query: the periods read are those of the rows this run now holds.
        """
        self.env.cr.execute(
            "SELECT m.id, d.period_start FROM komunigi_membership m "
            "LEFT JOIN komunigi_membership_dues d ON d.membership_id = m.id "
            "WHERE m.id IN %s FOR UPDATE OF m NOWAIT",
            (tuple(self.ids),),
        )
        invoiced = {membership_id: set() for membership_id in self.ids}
        for membership_id, start in self.env.cr.fetchall():
            if start:
                invoiced[membership_id].add(to_date(start))
        self.invalidate_cache(["dues_ids"], self.ids)
        return invoiced

    def _record_dues(self, invoice, lines):
        """A dues record per invoiced period, and how far each membership is invoiced.

        Writing `dues_invoiced_until` also changes the membership rows, which makes a
        concurrent run that read them before fail its lock (serialization error).
        """
        # The lines in the order of `lines`. Read by id: the one2many would search them
        # in the invoice's order, joining the invoice, for lines just created.
        self.env.cr.execute(
            "SELECT id FROM account_invoice_line WHERE invoice_id = %s ORDER BY id",
            (invoice.id,),
        )
        line_ids = [row[0] for row in self.env.cr.fetchall()]
        for (membership, period), line_id in zip(lines, line_ids):
            self.env["komunigi.membership.dues"].create(
                membership._prepare_dues(period, invoice, line_id)
            )
        ends = {}
        for membership, period in lines:
            ends[membership] = max(ends.get(membership, period.end), period.end)
        for membership, end in ends.items():
            # The field is not tracked: skip the chatter's tracking of the write.
            membership.with_context(tracking_disable=True).write(
                {"dues_invoiced_until": fields.Date.to_string(end)}
            )

    def _prepare_dues_line(self, invoice_values, period):
        """The invoice line of one period: the tier of that period, prorated."""
        self.ensure_one()
        tier = self._tier_for(period.start)
        name = _("Dues %s, %s to %s") % (
            tier.name,
            fields.Date.to_string(period.start),
            fields.Date.to_string(period.end),
        )
        amount = dues_periods.amount(tier.monthly_rate, period)
        return self.env["account.invoice"]._komunigi_line(
            invoice_values, tier.product_id, name, float(amount)
        )

    def _prepare_dues(self, period, invoice, line_id):
        """The record that marks `period` as invoiced, on the invoice line `line_id`."""
        self.ensure_one()
        tier = self._tier_for(period.start)
        return {
            "membership_id": self.id,
            "tier_id": tier.id,
            "period_start": fields.Date.to_string(period.start),
            "period_end": fields.Date.to_string(period.end),
            "amount": float(dues_periods.amount(tier.monthly_rate, period)),
            "invoice_line_id": line_id,
            "invoice_id": invoice.id,
        }
