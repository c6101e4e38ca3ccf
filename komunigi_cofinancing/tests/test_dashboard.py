# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The overview's co-financing figures: money committed against money needed by the
open co-financings, and the co-financing invoices less their credit notes; for the
intercooperation and for one co-op. The demo's co-financings are counted too: the
figures are compared as what the records made here add to those read before."""

from odoo.addons.komunigi_membership.tests.common import text_of

from .common import CommitmentCase

FIGURES = (
    "cofinancing_needed",
    "cofinancing_committed",
    "cofinancing_invoiced",
    "cofinancing_paid",
    "cofinancing_open",
)


class TestDashboardCofinancing(CommitmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Dashboard = cls.env["komunigi.dashboard"]
        # The chatter's tracking messages are not what these tests read.
        cls.Cofinancing = cls.Cofinancing.with_context(tracking_disable=True)
        cls.bloum = cls.coops[3]
        cls.before = {
            coop: cls.figures(coop) for coop in (None, cls.bees, cls.ouf, cls.bloum)
        }
        # Open: 600 needed, BEES pledged 200 of it.
        cls.open = cls.cofinancing(600, [cls.bees, cls.ouf])
        cls.open.share_ids.filtered(lambda s: s.partner_id == cls.bees).action_pledge(
            200
        )
        # Funded and invoiced: 300, half each; then BLOUM joins late, and the two
        # co-funders get credit notes for what it pays.
        cls.invoiced = cls.cofinancing(300, [cls.bees, cls.ouf])
        cls.fund(cls.invoiced)
        cls.invoiced.action_invoice_milestone(cls.invoiced.milestone_ids)
        cls.validate()

    @classmethod
    def validate(cls):
        links = cls.invoiced.mapped("share_ids.invoice_link_ids")
        links.mapped("invoice_id").filtered(
            lambda i: i.state == "draft"
        ).action_invoice_open()

    @classmethod
    def figures(cls, coop=None):
        dashboard = cls.Dashboard.create({"coop_id": coop.id if coop else False})
        return {name: dashboard[name] for name in FIGURES}

    def added(self, coop=None):
        now = self.figures(coop)
        before = self.before[coop]
        return {name: round(now[name] - before[name], 2) for name in FIGURES}

    def invoiced_to(self, coop):
        """What the invoices and credit notes of `self.invoiced` ask of `coop`."""
        links = self.invoiced.mapped("share_ids.invoice_link_ids").filtered(
            lambda link: link.share_id.partner_id == coop
        )
        return round(sum(links.mapped("invoice_id.amount_total_signed")), 2)

    def test_committed_against_needed(self):
        self.assertEqual(
            [self.added(coop)["cofinancing_needed"] for coop in (None, self.bees)],
            [600.0, 600.0],
        )
        self.assertEqual(self.added()["cofinancing_committed"], 200.0)
        self.assertEqual(self.added(self.bees)["cofinancing_committed"], 200.0)
        self.assertEqual(self.added(self.ouf)["cofinancing_committed"], 0.0)

    def test_a_coop_outside_counts_nothing_of_them(self):
        self.assertEqual(self.added(self.bloum), {name: 0.0 for name in FIGURES})

    def test_invoices_of_the_intercooperation_and_of_one_coop(self):
        bees, ouf = self.invoiced_to(self.bees), self.invoiced_to(self.ouf)
        self.assertGreater(bees, 0)
        whole, own = self.added(), self.added(self.bees)
        self.assertEqual(whole["cofinancing_invoiced"], round(bees + ouf, 2))
        self.assertEqual(own["cofinancing_invoiced"], bees)
        self.assertEqual(own["cofinancing_open"], bees)
        self.assertEqual(own["cofinancing_paid"], 0.0)

    def test_credit_notes_of_a_late_joiner_are_subtracted(self):
        before = self.invoiced_to(self.bees)
        self.invoiced.action_add_late_joiner(self.bloum)
        self.validate()
        after = self.invoiced_to(self.bees)
        self.assertLess(after, before)
        self.assertEqual(self.added(self.bees)["cofinancing_invoiced"], after)
        # Money in equals money out: BLOUM pays what the two others get back.
        self.assertAlmostEqual(
            self.added()["cofinancing_invoiced"],
            self.invoiced_to(self.bees)
            + self.invoiced_to(self.ouf)
            + self.invoiced_to(self.bloum),
            2,
        )

    def test_the_stat_buttons_open_what_is_counted(self):
        dashboard = self.Dashboard.create({"coop_id": self.ouf.id})
        cofinancings = self.Cofinancing.search(
            dashboard.action_open_cofinancings()["domain"]
        )
        self.assertIn(self.open, cofinancings)
        self.assertNotIn(self.invoiced, cofinancings)
        invoices = self.env["account.invoice"].search(
            dashboard.action_open_cofinancing_invoices()["domain"]
        )
        ours = self.invoiced.mapped("share_ids.invoice_link_ids.invoice_id")
        self.assertEqual(
            invoices & ours, ours.filtered(lambda i: i.partner_id == self.ouf)
        )

    def test_portal_block_shows_the_coop_own_commitment(self):
        membership = self.env["komunigi.membership"].search(
            [("partner_id", "=", self.ouf.id), ("state", "=", "active")], limit=1
        )
        figures = self.Dashboard._of_membership(membership)
        html = self.env["ir.ui.view"].render_template(
            "komunigi_membership.portal_komunigi_figures",
            {"komunigi_dashboard": figures},
        )
        text = text_of(html.decode())
        self.assertIn("Committed by your co-op", text)
        self.assertIn("{:,.2f}".format(figures.cofinancing_committed), text)
        self.assertIn("{:,.2f}".format(figures.cofinancing_invoiced), text)
        self.assertIn("In analysis", text)  # the request pipeline's row
