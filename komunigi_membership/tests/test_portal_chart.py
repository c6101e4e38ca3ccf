# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/komunigi's bar chart of a co-op's contributions per quarter: the sums of its
posted invoices less its credit notes, and the SVG the portal renders of them.

The chart's block is rendered here in-process, with the values the page gives it;
tests/test_portal_membership.py reads it on the real page.
"""

import re
from decimal import Decimal

from odoo import fields

from .common import KomunigiCase, on

TEMPLATE = "komunigi_membership.portal_komunigi_contributions"
TODAY = "2026-05-15"


def amount(invoice):
    return Decimal("%.2f" % invoice.amount_total)


class TestPortalChart(KomunigiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop, cls.stranger = cls.make_coop("Coop Chart"), cls.make_coop("Stranger")
        with on("2026-01-01"):
            memberships = cls.make_membership(
                cls.coop, date_start="2026-01-01"
            ) | cls.make_membership(cls.stranger, date_start="2026-01-01")
        # January's and February's dues (first quarter), April's (second), invoiced
        # to both co-ops; the stranger's are left drafts but January's.
        Invoice, runs = cls.env["account.invoice"], []
        for day in ("2026-01-01", "2026-02-01", "2026-04-01"):
            with on(day):
                run = memberships._invoice_dues(fields.Date.from_string(day))
            runs.append(Invoice.browse(run.invoice_ids))
        invoices = (runs[0] | runs[1] | runs[2]).sorted("date_invoice")
        ours = invoices.filtered(lambda i: i.commercial_partner_id == cls.coop)
        cls.strangers = invoices - ours
        (ours | cls.strangers[0]).action_invoice_open()
        cls.january, cls.february, cls.april = ours
        # February's dues credited in April: the credit note counts in April's quarter.
        cls.refund = cls.february.refund(date_invoice="2026-04-10")
        cls.refund.action_invoice_open()

    def test_sums_per_quarter_are_exact(self):
        sums = self.coop._komunigi_contributions_by_quarter("2025-01-01", "2026-06-30")
        self.assertEqual(
            {fields.Date.to_string(day): total for day, total in sums.items()},
            {
                "2026-01-01": amount(self.january) + amount(self.february),
                "2026-04-01": amount(self.april) - amount(self.refund),
            },
        )
        self.assertEqual(self.refund.type, "out_refund")

    def test_chart_has_a_bar_per_quarter_with_its_sum(self):
        with on(TODAY):
            chart = self.coop._komunigi_contributions_chart()
        self.assertFalse(chart["is_empty"])
        markup = self.render(chart)
        self.assertIn('role="img"', markup)
        self.assertIn('aria-label="Contributions per quarter"', markup)
        titles = re.findall(r"<title>(.*?)</title>", markup, re.S)
        # Eight quarters, from the third of 2024 to this one, the second of 2026.
        self.assertEqual(len(titles), 8)
        self.assertEqual(len(re.findall(r"<rect ", markup)), 8)
        labels = [title.split(":")[0] for title in titles]
        self.assertEqual(
            (labels[0], labels[-2], labels[-1]), ("Q3 2024", "Q1 2026", "Q2 2026")
        )
        first, second = (
            amount(self.january) + amount(self.february),
            amount(self.april) - amount(self.refund),
        )
        self.assertRegex(titles[-2], r"^Q1 2026: \D*%s\D*$" % re.escape(str(first)))
        self.assertRegex(titles[-1], r"^Q2 2026: \D*%s\D*$" % re.escape(str(second)))
        self.assertRegex(titles[0], r"^Q3 2024: \D*0\.00\D*$")
        heights = [bar["height"] for bar in chart["bars"]]
        self.assertEqual(heights[:6], ["0"] * 6)
        self.assertGreater(float(heights[-2]), float(heights[-1]))
        self.assertNotIn("No contributions yet", markup)

    def test_another_coop_counts_its_own_posted_invoices_only(self):
        self.assertEqual(self.strangers.mapped("state"), ["open", "draft", "draft"])
        sums = self.stranger._komunigi_contributions_by_quarter(
            "2025-01-01", "2026-06-30"
        )
        self.assertEqual(
            sums, {fields.Date.from_string("2026-01-01"): amount(self.strangers[0])}
        )

    def test_a_coop_without_invoices_draws_an_empty_chart(self):
        with on(TODAY):
            chart = self.make_coop("Coop New")._komunigi_contributions_chart()
        self.assertTrue(chart["is_empty"])
        markup = self.render(chart)
        self.assertIn("No contributions yet.", markup)
        self.assertEqual(len(re.findall(r"<title>", markup)), 8)

    def test_the_page_shows_the_chart(self):
        arch = self.env.ref("komunigi_membership.portal_my_komunigi").read_combined(
            ["arch"]
        )["arch"]
        self.assertIn(TEMPLATE, arch)

    def render(self, chart):
        markup = self.env["ir.ui.view"].render_template(
            TEMPLATE, {"komunigi_contributions_chart": chart}
        )
        return markup.decode("utf-8")
