# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dues run: one invoice per co-op for the periods due, each period invoiced once."""

import logging
import threading
from typing import List, NamedTuple

import psycopg2
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import dues_periods
from .account_invoice import CONCURRENT_RUN_PGCODES, InvoiceLookups
from .komunigi_membership import to_date

_logger = logging.getLogger(__name__)

# How many co-ops' invoices a dues run creates before it recomputes their totals (and,
# in the scheduled action, commits them).
DUES_BATCH = 50
# A run over this many co-ops first analyses the tables it reads whose statistics are
# stale (a bulk import just done): see `_analyze_stale_tables`.
ANALYZE_FROM_COOPS = 300
# A run from the backend over more co-ops than this is queued as a job.
DUES_JOB_FROM_COOPS = 20
# The models whose tables a dues run reads (and the invoices it adds to).
DUES_RUN_MODELS = (
    "komunigi.membership",
    "komunigi.membership.change",
    "komunigi.membership.dues",
    "komunigi.membership.suspension",
    "komunigi.membership.tier",
    "res.partner",
    "ir.property",
    "product.product",
    "product.template",
    "account.invoice",
    "account.invoice.line",
)


class BilledPeriod(NamedTuple):
    """A period a run invoices: its tier and amount, computed once for the line and
    for the record that marks the period as invoiced."""

    membership: models.BaseModel
    period: dues_periods.Period
    amount: float


class DuesRun:
    """What a dues run did: the invoices it made, the co-ops that failed (with the
    message posted in their chatter) and those a concurrent run was invoicing."""

    def __init__(self, env):
        self.env = env
        self.invoice_ids: List[int] = []
        self.failed = []
        self.skipped = []
        # The journals and fiscal positions the run's invoices share.
        self.lookups = InvoiceLookups()

    @property
    def invoices(self):
        return self.env["account.invoice"].browse(self.invoice_ids)


class KomunigiMembership(models.Model):
    _inherit = "komunigi.membership"

    # --- what is due -------------------------------------------------------------------
    def _dues_terms(self):
        """The billing terms from the start on: the first one, then each dated change."""
        self.ensure_one()
        changes = self.change_ids.sorted(lambda change: (change.date, change.id))
        first = changes[:1]
        tier = first.previous_tier_id if first else self.tier_id
        terms = [
            dues_periods.Term(
                to_date(self.date_start),
                first.previous_billing_frequency if first else self.billing_frequency,
                tier,
                tier.prorate,
            )
        ]
        for change in changes:
            terms.append(
                dues_periods.Term(
                    to_date(change.date),
                    change.billing_frequency,
                    change.tier_id,
                    change.tier_id.prorate,
                )
            )
        return terms

    def _dues_suspensions(self, closed_only=False):
        """(first day, last day or None) of each suspension: never billed."""
        self.ensure_one()
        return [
            (to_date(suspension.date_start), to_date(suspension.date_end))
            for suspension in self.suspension_ids
            if suspension.date_end or not closed_only
        ]

    def _due_periods(self, until, invoiced=None):
        """Billable periods due on `until` or earlier that no dues record covers yet.

        `invoiced`: the (first, last) days of the invoiced periods when the caller has
        already read them (a dues run reads them with its lock); else read here.
        """
        self.ensure_one()
        if invoiced is None:
            invoiced = [
                (to_date(dues.period_start), to_date(dues.period_end))
                for dues in self.dues_ids
            ]
        return dues_periods.due_periods(
            self._dues_terms(),
            to_date(self.date_end),
            until,
            self._dues_suspensions(),
            invoiced,
        )

    # --- entry points ------------------------------------------------------------------
    def action_invoice_due_periods(self):
        """Button: invoice what is due today, never a future period; for more than
        `DUES_JOB_FROM_COOPS` co-ops, in the background (komunigi_job_dues)."""
        self.check_access_rights("write")
        today = to_date(fields.Date.context_today(self))
        if self.filtered(lambda m: m.state != "active"):
            raise UserError(_("Only active memberships are invoiced."))
        if len(self.mapped("partner_id")) > DUES_JOB_FROM_COOPS:
            return self.env["komunigi.job"]._enqueue_dues(self, today)._form_action()
        run = self._invoice_dues(today)
        if run.failed:
            raise UserError(run.failed[0][1])
        if not run.invoice_ids:
            raise UserError(_("Nothing is due today: every period is invoiced."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.invoice",
            "view_mode": "tree,form",
            "domain": [("id", "in", run.invoice_ids)],
            "name": _("Dues invoices"),
        }

    @api.model
    def _cron_invoice_dues(self):
        """The scheduled action: every active membership, committed batch by batch so
        that a worker killed half-way keeps what it invoiced (the next run goes on)."""
        today = to_date(fields.Date.context_today(self))
        commit = not getattr(threading.current_thread(), "testing", False)
        run = DuesRun(self.env)
        self.search([("state", "=", "active")])._invoice_dues(
            today, run=run, commit=commit
        )
        _logger.info(
            "Dues run: %d invoices, %d co-ops failed, %d left to a concurrent run",
            len(run.invoice_ids),
            len(run.failed),
            len(run.skipped),
        )
        return run

    def _invoice_dues(self, until, run=None, commit=False):
        """One invoice per co-op for its due periods, each co-op in its own savepoint.

        A co-op that fails is reported in its chatter; the others are still invoiced.
        """
        run = run or DuesRun(self.env)
        coops = self._group_by_coop()
        if len(coops) >= ANALYZE_FROM_COOPS:
            self._analyze_stale_tables()
        self._prefetch_dues_data()
        for start in range(0, len(coops), DUES_BATCH):
            # The stored computed fields of a batch's invoices (amounts, residuals...)
            # are computed together after it: invoices with the same amounts are
            # written by one query. Odoo keeps the records to recompute in lists that
            # grow with each invoice: a bounded batch keeps the run linear. A record
            # rolled back meanwhile (a co-op that failed) is skipped.
            with self.env.norecompute():
                for partner, memberships in coops[start : start + DUES_BATCH]:
                    memberships._invoice_coop_isolated(partner, until, run)
            self.recompute()
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return run

    def _invoice_coop_isolated(self, partner, until, run):
        """Invoice one co-op in a savepoint; a failure goes to `run`, not further."""
        try:
            with self.env.cr.savepoint():
                run.invoice_ids += self._invoice_coop_dues(until, run.lookups).ids
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENT_RUN_PGCODES:
                raise
            self.invalidate_cache()
            run.skipped.append(partner)
        except (UserError, ValidationError) as error:
            self.invalidate_cache()
            message = _("Dues could not be invoiced: %s") % (error.name,)
            partner.message_post(body=message)
            run.failed.append((partner, message))

    @api.model
    def _analyze_stale_tables(self):
        """ANALYZE the run's tables that autovacuum would analyse next (over 50 rows
        plus 10% changed). After a bulk import the planner takes the large tables for
        small ones, and a first run waits several times longer on its queries than the
        next. Each table in its own transaction, committed at once (the statistics stay
        if the run rolls back); one locked elsewhere is left as it is."""
        tables = tuple(self.env[name]._table for name in DUES_RUN_MODELS)
        self.env.cr.execute(
            "SELECT s.relname FROM pg_stat_user_tables s "
            "JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.schemaname = current_schema() AND s.relname IN %s "
            "AND s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)",
            (tables,),
        )
        stale = [row[0] for row in self.env.cr.fetchall()]
        for table in stale:
            with self.pool.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '5s'")
                try:
                    with cr.savepoint():
                        cr.execute(
                            sql.SQL("ANALYZE {}").format(sql.Identifier(table)),
                            log_exceptions=False,
                        )
                except psycopg2.OperationalError as error:
                    if error.pgcode != "55P03":
                        raise
                    _logger.info("Dues run: %s is being analysed elsewhere", table)
        if stale:
            _logger.info("Dues run: analysed %s first", ", ".join(stale))

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
        self.mapped("suspension_ids.date_end")
        changes = self.mapped("change_ids")
        tiers = (
            self.mapped("tier_id")
            | changes.mapped("tier_id")
            | changes.mapped("previous_tier_id")
        )
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

    # --- one co-op -----------------------------------------------------------------------
    def _invoice_coop_dues(self, until, lookups=None):
        """Invoice the due periods of one co-op's memberships (locked: no twin run).

        `lookups`: the `InvoiceLookups` the run's invoices share.
        """
        invoiced = self._lock_invoiced_periods()
        billed = [
            BilledPeriod(m, p, float(dues_periods.amount(p.tier.monthly_rate, p)))
            for m in self
            for p in m._due_periods(until, invoiced[m.id])
        ]
        if not billed:
            return self.env["account.invoice"]
        Invoice = self.env["account.invoice"]
        values = self._prepare_dues_invoice(until, lookups)
        lines = [
            dict(self._prepare_dues_invoice_line(values, item), sequence=index)
            for index, item in enumerate(billed)
        ]
        # A dues run creates an invoice per co-op: without the chatter's creation
        # message, which costs as much as the invoice itself.
        invoice = (
            Invoice.with_context(tracking_disable=True)
            ._komunigi_create(values, lines)
            .with_env(self.env)
        )
        self._record_dues(invoice, billed)
        invoice._komunigi_issue_dues()
        return invoice

    def _lock_invoiced_periods(self):
        """Lock the memberships (NOWAIT) and read the days their dues cover.

        One query: the periods read are those of the rows this run now holds.
        """
        self.env.cr.execute(
            "SELECT m.id, d.period_start, d.period_end FROM komunigi_membership m "
            "LEFT JOIN komunigi_membership_dues d ON d.membership_id = m.id "
            "WHERE m.id IN %s FOR UPDATE OF m NOWAIT",
            (tuple(self.ids),),
        )
        invoiced = {membership_id: [] for membership_id in self.ids}
        for membership_id, start, end in self.env.cr.fetchall():
            if start:
                invoiced[membership_id].append((to_date(start), to_date(end)))
        self.invalidate_cache(["dues_ids"], self.ids)
        return invoiced

    def _prepare_dues_invoice(self, until, lookups=None):
        """The header of the co-op's dues invoice, dated `until`."""
        partner = self[0].partner_id
        if not (partner.street and partner.city and partner.country_id):
            raise UserError(_("%s has no complete address.") % partner.name)
        return self.env["account.invoice"]._komunigi_prepare(
            partner,
            self[0].company_id,
            fields.Date.to_string(until),
            ", ".join(self.mapped("name")),
            lookups=lookups,
        )

    @api.model
    def _prepare_dues_invoice_line(self, invoice_values, billed):
        """The invoice line of one billed period, at the tier of that period."""
        period = billed.period
        name = _("Dues %s, %s to %s") % (
            period.tier.name,
            fields.Date.to_string(period.start),
            fields.Date.to_string(period.end),
        )
        return self.env["account.invoice"]._komunigi_line(
            invoice_values, period.tier.product_id, name, billed.amount
        )

    def _record_dues(self, invoice, billed):
        """A dues record per invoiced period, and how far each membership is invoiced.

        Writing `dues_invoiced_until` also changes the membership rows, which makes a
        concurrent run that read them before fail its lock (serialization error).
        """
        # Each line carries the index of its period as its sequence.
        self.env.cr.execute(
            "SELECT sequence, id FROM account_invoice_line WHERE invoice_id = %s",
            (invoice.id,),
        )
        line_ids = dict(self.env.cr.fetchall())
        Dues = self.env["komunigi.membership.dues"]
        for index, item in enumerate(billed):
            Dues.create(self._prepare_dues(item, invoice, line_ids[index]))
        ends = {}
        for item in billed:
            end = ends.get(item.membership) or to_date(
                item.membership.dues_invoiced_until
            )
            ends[item.membership] = max(end or item.period.end, item.period.end)
        for membership, end in ends.items():
            # The field is not tracked: skip the chatter's tracking of the write.
            membership.with_context(tracking_disable=True).write(
                {"dues_invoiced_until": fields.Date.to_string(end)}
            )

    @api.model
    def _prepare_dues(self, billed, invoice, line_id):
        """The record that marks a billed period as invoiced, on the line `line_id`."""
        period = billed.period
        return {
            "membership_id": billed.membership.id,
            "tier_id": period.tier.id,
            "monthly_rate": period.tier.monthly_rate,
            "months": period.months,
            "period_start": fields.Date.to_string(period.start),
            "period_end": fields.Date.to_string(period.end),
            "amount": billed.amount,
            "invoice_line_id": line_id,
            "invoice_id": invoice.id,
        }
