# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The overview's membership figures: dues invoiced, paid and open, net of credit
notes; the coordination budget against the hours worked; who reads them.

The whole intercooperation's figures include the demo's dues: they are compared as
what the records made here add to the figures read before them.
"""

from odoo import fields
from odoo.exceptions import AccessError

from .common import KomunigiCase, on, text_of
from .users import make_user

FIGURES = ("dues_invoiced", "dues_paid", "dues_open")


class TestDashboard(KomunigiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Dashboard = cls.env["komunigi.dashboard"]
        cls.company = cls.env.user.company_id
        # The chatter's tracking messages are not what these tests read.
        cls.Membership = cls.Membership.with_context(tracking_disable=True)
        cls.before = cls.figures()
        cls.coop_a = cls.make_coop("Coop Figures A")
        cls.coop_b = cls.make_coop("Coop Figures B")
        cls.tier_b = cls.tier.copy({"name": "Test figures B", "monthly_rate": 40.0})
        with on("2025-03-01"):
            cls.membership_a = cls.make_membership(cls.coop_a, date_start="2025-03-01")
            cls.membership_b = cls.make_membership(
                cls.coop_b, date_start="2025-03-01", tier_id=cls.tier_b.id
            )
            run = (cls.membership_a | cls.membership_b)._invoice_dues(
                fields.Date.from_string("2025-03-01")
            )
        invoices = cls.env["account.invoice"].browse(run.invoice_ids)
        invoices.with_context(tracking_disable=True).action_invoice_open()
        cls.invoice_a = invoices.filtered(lambda i: i.partner_id == cls.coop_a)
        cls.invoice_b = invoices - cls.invoice_a
        cls.bank = cls.env["account.journal"].search(
            [("type", "in", ("bank", "cash")), ("company_id", "=", cls.company.id)],
            limit=1,
        )

    @classmethod
    def figures(cls, coop=None, user=None):
        """The dues figures of a fresh overview, as a dict."""
        Dashboard = cls.env["komunigi.dashboard"]
        if user:
            Dashboard = Dashboard.sudo(user)
        dashboard = Dashboard.create({"coop_id": coop.id if coop else False})
        return {name: dashboard[name] for name in FIGURES}

    def added(self):
        """What the records of the test add to the whole intercooperation's figures."""
        now = self.figures()
        return {name: round(now[name] - self.before[name], 2) for name in FIGURES}

    def listed(self, action):
        """The invoices a stat button's action lists."""
        return self.env["account.invoice"].search(action["domain"])

    def end_a_on_the_10th(self):
        """A's membership ends on 10 March: a credit note for the rest of March."""
        with on("2025-03-10"):
            self.membership_a.action_end()
        refund = self.membership_a.dues_ids.credit_ids.invoice_id
        if refund.state == "draft":
            refund.action_invoice_open()
        return refund

    def test_issued_dues_of_the_intercooperation_and_of_one_coop(self):
        total_a, total_b = self.invoice_a.amount_total, self.invoice_b.amount_total
        self.assertNotEqual(total_a, total_b)
        self.assertEqual(
            self.added(),
            {
                "dues_invoiced": round(total_a + total_b, 2),
                "dues_paid": 0.0,
                "dues_open": round(total_a + total_b, 2),
            },
        )
        self.assertEqual(
            self.figures(self.coop_a),
            {"dues_invoiced": total_a, "dues_paid": 0.0, "dues_open": total_a},
        )

    def test_a_credit_note_is_subtracted(self):
        refund = self.end_a_on_the_10th()
        self.assertEqual(refund.type, "out_refund")
        net = round(self.invoice_a.amount_total - refund.amount_total, 2)
        self.assertGreater(net, 0)
        figures = self.figures(self.coop_a)
        self.assertAlmostEqual(figures["dues_invoiced"], net, 2)
        self.assertAlmostEqual(figures["dues_open"], net, 2)
        self.assertEqual(figures["dues_paid"], 0.0)
        unpaid = self.Dashboard.create({"coop_id": self.coop_a.id})
        self.assertEqual(unpaid.dues_paid_percent, 0.0)
        self.assertEqual(
            self.listed(unpaid.action_open_unpaid_dues()), self.invoice_a | refund
        )

    def test_paid_then_credited_money_in_equals_money_out(self):
        """A pays its invoice, then a credit note gives part back: what A paid less
        what it is owed back is what it was invoiced in the end."""
        self.invoice_a.pay_and_reconcile(
            self.bank, self.invoice_a.amount_total, date="2025-03-05"
        )
        paid = self.Dashboard.create({"coop_id": self.coop_a.id})
        self.assertEqual(paid.dues_paid_percent, 100.0)
        self.assertEqual(self.invoice_a, self.listed(paid.action_open_dues_invoices()))
        self.assertFalse(self.listed(paid.action_open_unpaid_dues()))
        refund = self.end_a_on_the_10th()
        figures = self.figures(self.coop_a)
        self.assertAlmostEqual(figures["dues_open"], -refund.amount_total, 2)
        self.assertAlmostEqual(figures["dues_paid"], self.invoice_a.amount_total, 2)
        self.assertAlmostEqual(
            figures["dues_paid"] + figures["dues_open"], figures["dues_invoiced"], 2
        )

    def test_a_cancelled_invoice_no_longer_counts(self):
        self.invoice_b.journal_id.update_posted = True
        self.invoice_b.action_invoice_cancel()
        self.assertEqual(self.figures(self.coop_b)["dues_invoiced"], 0.0)

    def test_coordination_budget_against_the_hours_worked(self):
        # 4 hours at 50: 200 a month; the provider worked 3 hours: 150.
        self.company.write(
            {
                "komunigi_hourly_rate": 50.0,
                "komunigi_coordination_hours": 4.0,
                "komunigi_provider_hours": 3.0,
            }
        )
        dashboard = self.Dashboard.create({})
        self.assertEqual(
            (dashboard.budget_month, dashboard.worked_month), (200.0, 150.0)
        )
        self.assertEqual(dashboard.worked_month_percent, 75.0)
        today = fields.Date.from_string(fields.Date.today())
        months = self.env["komunigi.coordination.budget"].search_count(
            [
                ("company_id", "=", self.company.id),
                ("month", ">=", "%d-01-01" % today.year),
            ]
        )
        self.assertEqual(dashboard.budget_year, 200.0 * months)
        self.assertEqual(dashboard.worked_year, 150.0 * months)

    def test_analysts_read_the_figures_representatives_do_not(self):
        analyst = make_user(
            self.env, "figures-analyst", ["komunigi_membership.group_analyst"]
        )
        self.assertEqual(self.figures(self.coop_a, analyst), self.figures(self.coop_a))
        (representative,) = self.demo("user_bees_rep")
        with self.assertRaises(AccessError):
            self.Dashboard.sudo(representative).create({"coop_id": self.coop_b.id})
        mine = self.Dashboard.create({"coop_id": self.coop_a.id})
        with self.assertRaises(AccessError):
            mine.sudo(representative).write({"coop_id": self.coop_b.id})
        with self.assertRaises(AccessError):
            self.Dashboard.sudo(representative).new(
                {"coop_id": self.coop_b.id}
            ).dues_invoiced

    def test_the_action_opens_a_fresh_overview(self):
        action = self.Dashboard.action_open_dashboard()
        dashboard = self.Dashboard.browse(action["res_id"])
        self.assertEqual(
            (action["res_model"], action["view_mode"]), ("komunigi.dashboard", "form")
        )
        self.assertFalse(dashboard.coop_id)
        root = self.env.ref("komunigi_membership.menu_root")
        self.assertEqual(
            root.action, self.env.ref("komunigi_membership.action_komunigi_dashboard")
        )

    def test_portal_block_shows_the_coop_own_figures(self):
        """The block of /my/komunigi, rendered with the figures the page computes."""
        figures = self.Dashboard._of_membership(self.membership_a)
        self.assertEqual(figures.coop_id, self.coop_a)
        html = self.env["ir.ui.view"].render_template(
            "komunigi_membership.portal_komunigi_figures",
            {"komunigi_dashboard": figures},
        )
        text = text_of(html.decode())
        self.assertIn("Your co-op in figures", text)
        amount_a = "%.2f" % self.invoice_a.amount_total
        amount_b = "%.2f" % self.invoice_b.amount_total
        self.assertIn(amount_a, text)
        self.assertNotIn(amount_b, text)
