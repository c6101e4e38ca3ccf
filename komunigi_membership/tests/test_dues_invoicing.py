# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import _, fields
from odoo.exceptions import UserError

from .common import KomunigiCase, month_start

DUES_RUN = (
    "odoo.addons.komunigi_membership.models.komunigi_membership_dues_run"
    ".KomunigiMembership"
)


class TestDuesInvoicing(KomunigiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Three whole months due: two months ago, last month and this month.
        cls.alpha = cls.make_membership(cls.make_coop("Coop Alpha"))
        cls.beta = cls.make_membership(cls.make_coop("Coop Beta"))
        cls.both = cls.alpha | cls.beta

    def test_one_invoice_per_coop_one_line_per_period(self):
        report = self.invoice(self.both)
        self.assertEqual(len(report.invoices), 2)
        for membership in self.both:
            invoice = report.invoices.filtered(
                lambda i, m=membership: i.partner_id == m.partner_id
            )
            self.assertEqual(len(invoice.invoice_line_ids), 3)
            self.assertEqual(invoice.amount_untaxed, 75.0)
            self.assertEqual(invoice.state, "draft")
            self.assertEqual(
                sorted(membership.dues_ids.mapped("period_start")),
                [month_start(2), month_start(1), month_start(0)],
            )
            self.assertEqual(membership.dues_ids.mapped("invoice_id"), invoice)

    def test_run_twice_invoices_once(self):
        first = self.invoice(self.both)
        second = self.invoice(self.both)
        self.assertEqual(len(first.invoices), 2)
        self.assertFalse(second.invoices)
        self.assertEqual(len(self.both.mapped("dues_ids")), 6)

    def test_cron_invoices_active_memberships_only(self):
        suspended = self.make_membership(self.make_coop("Coop Suspended"))
        suspended.action_suspend()
        ended = self.make_membership(self.make_coop("Coop Ended"))
        ended.action_end()
        draft = self.make_membership(self.make_coop("Coop Draft"), activate=False)
        self.Membership._cron_invoice_dues()
        self.assertEqual(len(self.both.mapped("dues_ids")), 6)
        self.assertFalse((suspended | ended | draft).mapped("dues_ids"))

    def test_failure_after_first_coop_then_rerun(self):
        original = type(self.Membership)._invoice_coop_dues
        calls = []

        def fail_on_second_coop(memberships, until, memo=None):
            calls.append(memberships.partner_id)
            if len(calls) == 2:
                raise UserError(_("Injected failure"))
            return original(memberships, until, memo)

        with patch(DUES_RUN + "._invoice_coop_dues", fail_on_second_coop):
            report = self.invoice(self.both)
        self.assertEqual(len(report.invoices), 1)
        failed_coop = report.failed[0][0]
        self.assertIn("Injected failure", failed_coop.message_ids[0].body)
        # Nothing half-written for the coop that failed.
        failed = self.both.filtered(lambda m: m.partner_id == failed_coop)
        self.assertFalse(failed.dues_ids)
        self.assertFalse(
            self.env["account.invoice"].search([("partner_id", "=", failed_coop.id)])
        )
        rerun = self.invoice(self.both)
        self.assertEqual(rerun.invoices.partner_id, failed_coop)
        self.assertEqual(len(self.both.mapped("dues_ids")), 6)

    def test_coop_without_address_is_reported_and_others_invoiced(self):
        self.alpha.partner_id.street = False
        report = self.invoice(self.both)
        self.assertEqual(report.invoices.partner_id, self.beta.partner_id)
        self.assertFalse(self.alpha.dues_ids)
        self.assertIn("no complete address", self.alpha.partner_id.message_ids[0].body)

    def test_cancelled_invoice_frees_its_periods(self):
        invoice = self.invoice(self.alpha).invoices
        invoice.action_invoice_cancel()
        self.assertFalse(self.alpha.dues_ids)
        again = self.invoice(self.alpha).invoices
        self.assertEqual(len(again.invoice_line_ids), 3)

    def test_deleted_draft_invoice_frees_its_periods(self):
        self.invoice(self.alpha).invoices.unlink()
        self.assertFalse(self.alpha.dues_ids)

    def test_uniqueness_is_the_last_guard(self):
        self.invoice(self.alpha)
        dues = self.alpha.dues_ids[0]
        with self.assertRaises(Exception):
            dues.copy()

    def test_button_never_invoices_a_future_period(self):
        future = self.make_membership(
            self.make_coop("Coop Future"), date_start=month_start(-1)
        )
        with self.assertFails(UserError):
            future.action_invoice_due_periods()
        self.assertFalse(future.dues_ids)
        action = self.alpha.action_invoice_due_periods()
        self.assertEqual(action["res_model"], "account.invoice")
        self.assertEqual(
            max(self.alpha.dues_ids.mapped("period_start")), month_start(0)
        )
        with self.assertFails(UserError):
            self.alpha.action_invoice_due_periods()

    def test_first_period_prorated_by_days(self):
        coop = self.make_coop("Coop Prorata")
        start = fields.Date.from_string(month_start(1)).replace(day=15)
        membership = self.make_membership(coop, date_start=fields.Date.to_string(start))
        self.invoice(membership, until=fields.Date.to_string(start))
        days_in_month = (
            fields.Date.from_string(month_start(0))
            - fields.Date.from_string(month_start(1))
        ).days
        expected = round(25.0 * (days_in_month - 14) / days_in_month, 2)
        self.assertAlmostEqual(membership.dues_ids.amount, expected, places=2)

    def test_tier_without_proration_invoices_whole_periods(self):
        self.tier.prorate = False
        coop = self.make_coop("Coop Whole")
        start = fields.Date.from_string(month_start(1)).replace(day=15)
        membership = self.make_membership(coop, date_start=fields.Date.to_string(start))
        self.invoice(membership, until=fields.Date.to_string(start))
        self.assertEqual(membership.dues_ids.amount, 25.0)

    def test_quarterly_billing(self):
        coop = self.make_coop("Coop Quarterly")
        membership = self.make_membership(
            coop, billing_frequency="quarterly", date_start="2026-01-01"
        )
        self.invoice(membership, until="2026-04-01")
        self.assertEqual(
            membership.dues_ids.sorted("period_start").mapped("amount"), [75.0, 75.0]
        )

    def test_validated_invoices_when_the_setting_says_so(self):
        self.env.user.company_id.komunigi_dues_invoice_state = "open"
        invoice = self.invoice(self.alpha).invoices
        self.assertEqual(invoice.state, "open")
        # No VAT: the test database's chart (l10n_generic_coa) has no default sale tax.
        self.assertEqual(invoice.amount_total, 75.0)
