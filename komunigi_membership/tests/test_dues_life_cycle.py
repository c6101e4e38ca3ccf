# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dues across a membership's life: suspended, reactivated, ended, edited.

The clock is moved with `on(day)`: Odoo's "today" is what the code under test reads.
"""

from odoo.exceptions import UserError, ValidationError

from .common import DuesLifeCycleCase, on


class TestSuspension(DuesLifeCycleCase):
    def test_reactivation_does_not_bill_the_suspended_months(self):
        membership = self.start()
        self.run_dues("2025-02-01")
        with on("2025-02-10"):
            membership.action_suspend()
        self.run_dues("2025-03-01")
        self.run_dues("2025-04-01")
        self.assertEqual(self.period_starts(membership), ["2025-01-01", "2025-02-01"])
        with on("2025-04-20"):
            membership.action_activate()
        for day in ("2025-04-20", "2025-04-20", "2025-05-01", "2025-05-01"):
            self.run_dues(day)
        starts = self.period_starts(membership)
        self.assertNotIn("2025-03-01", starts)
        self.assertEqual(
            starts, ["2025-01-01", "2025-02-01", "2025-04-20", "2025-05-01"]
        )
        # January and May whole, 9 days of February, 11 days of April.
        self.assertAlmostEqual(self.net_dues(membership), 25 + 8.04 + 9.17 + 25)

    def test_invoiced_days_of_a_suspension_are_credited_at_reactivation(self):
        membership = self.start()
        self.run_dues("2025-02-01")
        with on("2025-02-10"):
            membership.action_suspend()
        self.assertFalse(self.invoices(membership, "out_refund"))
        with on("2025-02-20"):
            membership.action_activate()
        refund = self.invoices(membership, "out_refund")
        # 10 suspended days of 28 at 25 EUR a month.
        self.assertEqual(refund.amount_untaxed, 8.93)
        self.run_dues("2025-02-20")
        self.run_dues("2025-03-01")
        self.assertEqual(self.invoices(membership, "out_refund"), refund)
        self.assertAlmostEqual(self.net_dues(membership), 25 + 16.07 + 25)

    def test_no_run_bills_a_suspended_membership(self):
        membership = self.start()
        with on("2025-01-15"):
            membership.action_suspend()
        for day in ("2025-02-01", "2025-02-01", "2025-03-01"):
            self.run_dues(day)
        self.assertEqual(self.period_starts(membership), ["2025-01-01"])

    def test_suspending_before_the_start_is_refused(self):
        with on("2025-01-01"):
            membership = self.make_membership(
                self.make_coop("Coop Future"), date_start="2025-03-01"
            )
            with self.assertFails(ValidationError):
                membership.action_suspend()
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.suspension_ids)


class TestEnd(DuesLifeCycleCase):
    def test_ending_mid_period_credits_the_unused_days(self):
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_end()
        refund = self.invoices(membership, "out_refund")
        self.assertEqual(len(refund), 1)
        # 21 unused days of 31 at 25 EUR a month: 25 - 8.06.
        self.assertEqual(refund.amount_untaxed, 16.94)
        self.assertEqual(refund.origin, membership.name)
        self.assertAlmostEqual(self.net_dues(membership), 8.06)

    def test_ending_mid_quarter_credits_the_unused_months(self):
        membership = self.start(billing_frequency="quarterly")
        with on("2025-01-31"):
            membership.action_end()
        # 31 days of a 90-day quarter at 75 EUR: 25.83 kept.
        self.assertAlmostEqual(self.net_dues(membership), 25.83)

    def test_ending_twice_credits_once_and_runs_change_nothing(self):
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_end()
            with self.assertFails(UserError):
                membership.action_end()
        self.run_dues("2025-03-10")
        self.run_dues("2025-04-01")
        self.run_dues("2025-04-01")
        self.assertEqual(len(self.invoices(membership, "out_refund")), 1)
        self.assertEqual(len(self.invoices(membership, "out_invoice")), 1)
        self.assertAlmostEqual(self.net_dues(membership), 8.06)

    def test_tier_without_proration_keeps_its_whole_period(self):
        self.tier.prorate = False
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_end()
        self.assertFalse(self.invoices(membership, "out_refund"))
        self.assertAlmostEqual(self.net_dues(membership), 25)

    def test_ending_a_suspended_membership_credits_from_the_suspension(self):
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_suspend()
        with on("2025-03-20"):
            membership.action_end()
        self.assertAlmostEqual(self.net_dues(membership), 7.26)  # 9 days of 31

    def test_a_planned_end_credits_the_invoiced_months_after_it(self):
        membership = self.start(billing_frequency="yearly")
        with on("2025-02-10"):
            membership.date_end = "2025-06-30"
        # 181 days of 365 kept of the year's 300 EUR.
        self.assertAlmostEqual(self.net_dues(membership), 148.77)
        with on("2025-02-11"), self.assertFails(UserError):
            membership.date_end = "2025-09-30"
        self.assertEqual(len(self.invoices(membership, "out_refund")), 1)


class TestInvoicedTermsLocked(DuesLifeCycleCase):
    """An invoiced membership's start, frequency and tier change only by a dated change."""

    def test_frequency_of_an_invoiced_membership_cannot_be_edited(self):
        membership = self.start(billing_frequency="quarterly")
        with on("2025-01-15"), self.assertFails(UserError):
            membership.billing_frequency = "monthly"
        self.run_dues("2025-03-01")
        self.run_dues("2025-04-01")
        self.assertEqual(self.period_starts(membership), ["2025-01-01", "2025-04-01"])
        self.assertAlmostEqual(self.net_dues(membership), 150)

    def test_start_of_an_invoiced_membership_cannot_be_edited(self):
        membership = self.start()
        with on("2025-01-15"), self.assertFails(UserError):
            membership.date_start = "2025-01-10"
        self.run_dues("2025-02-01")
        self.assertAlmostEqual(self.net_dues(membership), 50)

    def test_tier_of_an_invoiced_membership_cannot_be_edited(self):
        membership = self.start()
        observer = self.env.ref("komunigi_membership.tier_observer")
        with on("2025-01-15"), self.assertFails(UserError):
            membership.tier_id = observer
        self.assertEqual(membership.tier_id, self.tier)

    def test_an_uninvoiced_membership_is_edited_freely(self):
        with on("2025-01-01"):
            membership = self.make_membership(
                self.make_coop("Coop Draft"), activate=False, date_start="2025-01-01"
            )
            membership.write(
                {"billing_frequency": "yearly", "date_start": "2025-02-01"}
            )
        self.assertEqual(membership.billing_frequency, "yearly")
