# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The coordination budget: per month, do the dues cover the coordination?"""

from odoo.exceptions import AccessError

from .common import DuesLifeCycleCase, on


class TestCoordinationBudget(DuesLifeCycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        # 2 hours at 50 EUR: 100 EUR of coordination a month; the provider adds 1 hour.
        cls.company.write(
            {
                "komunigi_hourly_rate": 50.0,
                "komunigi_coordination_hours": 2.0,
                "komunigi_provider_hours": 1.0,
            }
        )

    def month(self, day):
        Budget = self.env["komunigi.coordination.budget"]
        Budget.invalidate_cache()
        return Budget.search(
            [("company_id", "=", self.company.id), ("month", "=", day)]
        )

    def test_monthly_dues_against_the_coordination_cost(self):
        self.start()
        self.run_dues("2025-02-01")
        for day in ("2025-01-01", "2025-02-01"):
            row = self.month(day)
            self.assertEqual(row.coordination_cost, 100.0)
            self.assertEqual(row.provider_hours_value, 50.0)
            self.assertAlmostEqual(row.dues_invoiced, 25.0)
            self.assertAlmostEqual(row.coverage, 25.0)
            self.assertEqual(row.dues_paid, 0.0)

    def test_a_quarter_is_spread_over_its_months_by_days(self):
        self.start(billing_frequency="quarterly")
        rows = [self.month(day) for day in ("2025-01-01", "2025-02-01", "2025-03-01")]
        # 75 EUR over the 90 days of the first quarter of 2025.
        for row, days in zip(rows, (31, 28, 31)):
            self.assertAlmostEqual(row.dues_invoiced, 75.0 * days / 90, places=6)
        self.assertAlmostEqual(sum(row.dues_invoiced for row in rows), 75.0)

    def test_credit_notes_lower_the_dues_invoiced(self):
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_end()
        self.assertAlmostEqual(self.month("2025-03-01").dues_invoiced, 8.06)

    def test_a_cancelled_credit_note_no_longer_lowers_them(self):
        membership = self.start("2025-03-01")
        with on("2025-03-10"):
            membership.action_end()
        self.invoices(membership, "out_refund").action_invoice_cancel()
        self.assertAlmostEqual(self.month("2025-03-01").dues_invoiced, 25.0)

    def test_paid_dues(self):
        membership = self.start()
        invoice = self.invoices(membership, "out_invoice")
        invoice.action_invoice_open()
        bank = self.env["account.journal"].search(
            [("type", "in", ("bank", "cash")), ("company_id", "=", self.company.id)],
            limit=1,
        )
        invoice.pay_and_reconcile(bank, invoice.amount_total, date="2025-01-05")
        self.assertEqual(invoice.state, "paid")
        row = self.month("2025-01-01")
        self.assertAlmostEqual(row.dues_paid, 25.0)
        self.assertAlmostEqual(row.dues_invoiced, 25.0)

    def test_a_month_without_dues_shows_the_cost_alone(self):
        self.start()
        self.run_dues("2025-02-01")
        row = self.month("2025-03-01")
        self.assertEqual(row.dues_invoiced, 0.0)
        self.assertEqual(row.coverage, 0.0)
        self.assertEqual(row.coordination_cost, 100.0)

    def test_read_by_analysts_not_by_representatives(self):
        self.start()
        analyst = self.env["res.users"].create(
            {
                "name": "Analyst",
                "login": "budget-analyst",
                "groups_id": [
                    (6, 0, [self.env.ref("komunigi_membership.group_analyst").id])
                ],
            }
        )
        self.assertTrue(
            self.env["komunigi.coordination.budget"].sudo(analyst).search([])
        )
        bees = self.env.ref("komunigi_membership.user_bees_rep")
        with self.assertRaises(AccessError):
            self.env["komunigi.coordination.budget"].sudo(bees).search([])
