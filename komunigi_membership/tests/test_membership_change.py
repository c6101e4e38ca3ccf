# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dated changes of an invoiced membership: tier, billing frequency, start."""

from odoo.exceptions import AccessError, UserError

from .common import DuesLifeCycleCase, on


class TestDatedChange(DuesLifeCycleCase):
    def change(self, membership, day, **values):
        """The Change wizard, opened and applied on `day`."""
        with on(day):
            wizard = self.env["komunigi.membership.change.wizard"].with_context(
                active_id=membership.id
            )
            form = wizard.create(values)
            if "date" not in values:
                form._onchange_terms()  # the form proposes a date; none was typed
            form.action_apply()
        return form

    def covered_days(self, membership):
        """(start, end) of the invoiced periods, in order."""
        return [
            (dues.period_start, dues.period_end)
            for dues in membership.dues_ids.sorted("period_start")
        ]

    def test_monthly_to_quarterly_from_the_next_quarter(self):
        membership = self.start()
        self.run_dues("2025-02-01")
        form = self.change(membership, "2025-02-15", billing_frequency="quarterly")
        self.assertEqual(form.date, "2025-04-01")
        for day in ("2025-03-01", "2025-04-01", "2025-05-01", "2025-07-01"):
            self.run_dues(day)
            self.run_dues(day)
        self.assertEqual(
            self.covered_days(membership),
            [
                ("2025-01-01", "2025-01-31"),
                ("2025-02-01", "2025-02-28"),
                ("2025-03-01", "2025-03-31"),
                ("2025-04-01", "2025-06-30"),
                ("2025-07-01", "2025-09-30"),
            ],
        )
        self.assertAlmostEqual(self.net_dues(membership), 3 * 25 + 2 * 75)

    def test_quarterly_to_monthly_after_the_invoiced_quarter(self):
        membership = self.start(billing_frequency="quarterly")
        self.change(membership, "2025-02-15", billing_frequency="monthly")
        self.run_dues("2025-04-01")
        self.run_dues("2025-05-01")
        self.assertEqual(
            self.covered_days(membership),
            [
                ("2025-01-01", "2025-03-31"),
                ("2025-04-01", "2025-04-30"),
                ("2025-05-01", "2025-05-31"),
            ],
        )

    def test_tier_change_bills_the_new_rate_from_its_date(self):
        membership = self.start()
        observer = self.env.ref("komunigi_membership.tier_observer")
        self.change(membership, "2025-01-20", tier_id=observer.id)
        self.run_dues("2025-02-01")
        self.assertEqual(membership.tier_id, observer)
        self.assertEqual(
            [dues.tier_id for dues in membership.dues_ids.sorted("period_start")],
            [self.tier, observer],
        )
        self.assertAlmostEqual(self.net_dues(membership), 25 + 10)

    def test_the_form_moves_a_date_that_no_longer_fits(self):
        membership = self.start()
        with on("2025-01-20"):
            form = (
                self.env["komunigi.membership.change.wizard"]
                .with_context(active_id=membership.id)
                .create({})
            )
            form._onchange_terms()
            self.assertEqual(form.date, "2025-02-01")
            form.billing_frequency = "quarterly"
            form._onchange_terms()
            self.assertEqual(form.date, "2025-04-01")

    def test_applying_twice_changes_once(self):
        membership = self.start()
        for _click in range(2):
            self.change(
                membership,
                "2025-01-20",
                billing_frequency="quarterly",
                date="2025-04-01",
            )
        self.assertEqual(len(membership.change_ids), 1)

    def test_restoring_the_terms_on_the_same_date_cancels_the_change(self):
        membership = self.start()
        self.change(membership, "2025-01-20", billing_frequency="yearly")
        self.assertEqual(membership.change_ids.date, "2026-01-01")
        self.change(
            membership, "2025-01-21", billing_frequency="monthly", date="2026-01-01"
        )
        self.assertFalse(membership.change_ids)
        self.assertEqual(membership.billing_frequency, "monthly")

    def test_a_later_start_credits_the_invoiced_days_before_it(self):
        membership = self.start()
        self.run_dues("2025-02-01")
        self.change(membership, "2025-02-10", date_start="2025-01-15")
        refund = self.invoices(membership, "out_refund")
        self.assertEqual(refund.amount_untaxed, 11.29)  # 14 days of 31
        self.run_dues("2025-02-10")
        self.assertAlmostEqual(self.net_dues(membership), 25 - 11.29 + 25)

    def test_an_earlier_start_bills_only_the_days_added(self):
        membership = self.start("2025-01-15")
        self.assertAlmostEqual(self.net_dues(membership), 13.71)  # 17 days of 31
        self.change(membership, "2025-01-20", date_start="2025-01-05")
        self.run_dues("2025-01-20")
        self.run_dues("2025-01-20")
        self.assertEqual(
            self.covered_days(membership),
            [("2025-01-05", "2025-01-14"), ("2025-01-15", "2025-01-31")],
        )
        self.assertAlmostEqual(self.net_dues(membership), 13.71 + 8.06)

    # --- bad input ---------------------------------------------------------------------
    def assertRefused(self, membership, day, message, **values):
        changes = membership.change_ids
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            self.change(membership, day, **values)
        self.assertIn(message, error.exception.name)
        self.assertIn(membership.name, error.exception.name)
        self.assertEqual(membership.change_ids, changes)

    def test_a_change_inside_the_invoiced_periods_is_refused(self):
        membership = self.start()
        self.run_dues("2025-02-01")
        observer = self.env.ref("komunigi_membership.tier_observer")
        self.assertRefused(
            membership,
            "2025-02-10",
            "invoiced until 2025-02-28",
            tier_id=observer.id,
            date="2025-02-01",
        )
        self.assertEqual(membership.tier_id, self.tier)

    def test_a_change_that_splits_a_period_is_refused(self):
        membership = self.start()
        self.assertRefused(
            membership,
            "2025-01-10",
            "e.g. on 2025-07-01",
            billing_frequency="quarterly",
            date="2025-05-01",
        )

    def test_an_ended_membership_does_not_change(self):
        membership = self.start()
        with on("2025-01-31"):
            membership.action_end()
        observer = self.env.ref("komunigi_membership.tier_observer")
        self.assertRefused(membership, "2025-02-01", "has ended", tier_id=observer.id)

    def test_credited_days_are_not_billed_again(self):
        membership = self.start()
        self.change(membership, "2025-01-10", date_start="2025-01-15")
        self.assertRefused(
            membership, "2025-01-11", "were credited", date_start="2025-01-01"
        )

    # --- access ------------------------------------------------------------------------
    def test_a_representative_cannot_change_suspend_or_end(self):
        membership = self.env.ref("komunigi_membership.membership_bees")
        bees = self.env.ref("komunigi_membership.user_bees_rep")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["komunigi.membership.change.wizard"].sudo(bees).create(
                {
                    "membership_id": membership.id,
                    "tier_id": membership.tier_id.id,
                    "billing_frequency": "yearly",
                    "date_start": membership.date_start,
                }
            ).action_apply()
        self.assertFalse(membership.change_ids)
        self.assertNotEqual(membership.billing_frequency, "yearly")
        for action in ("action_suspend", "action_end"):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                getattr(membership.sudo(bees), action)()
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.suspension_ids)
