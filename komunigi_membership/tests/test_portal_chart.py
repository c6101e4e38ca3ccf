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
        # 40 % of February's dues credited in April: the credit note counts in the
        # second quarter, as dues. An invoice of something else (a copy of January's,
        # not the invoice of a dues period) counts as "other".
        cls.refund = cls.february.refund(date_invoice="2026-04-10")
        cls.refund.invoice_line_ids.write({"quantity": 0.4})
        cls.refund.compute_taxes()
        cls.other = cls.january.copy({"date_invoice": "2026-05-02"})
        (cls.refund | cls.other).action_invoice_open()

    def test_sums_per_quarter_are_exact(self):
        sums = self.coop._komunigi_contributions_by_quarter("2025-01-01", "2026-06-30")
        self.assertEqual(self.refund.type, "out_refund")
        self.assertLess(amount(self.refund), amount(self.february))
        self.assertEqual(
            {fields.Date.to_string(day): kinds for day, kinds in sums.items()},
            {
                "2026-01-01": {
                    "dues": amount(self.january) + amount(self.february),
                    "other": 0,
                },
                "2026-04-01": {
                    "dues": amount(self.april) - amount(self.refund),
                    "other": amount(self.other),
                },
            },
        )

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
        self.assertEqual(markup.count('class="o_komunigi_contributions_bar"'), 8)
        labels = [title.split(":")[0] for title in titles]
        self.assertEqual(
            (labels[0], labels[-2], labels[-1]), ("Q3 2024", "Q1 2026", "Q2 2026")
        )
        first = amount(self.january) + amount(self.february)
        second = amount(self.april) - amount(self.refund) + amount(self.other)
        self.assertRegex(titles[-2], r"^Q1 2026: \D*%s\D*$" % re.escape(str(first)))
        self.assertRegex(titles[-1], r"^Q2 2026: \D*%s\D*$" % re.escape(str(second)))
        self.assertRegex(titles[0], r"^Q3 2024: \D*0\.00\D*$")
        # Only the two last quarters draw: the first with its dues, the second with
        # its dues under its other invoices, as tall as their amounts.
        segments = [bar["segments"] for bar in chart["bars"]]
        self.assertEqual(segments[:6], [[]] * 6)
        self.assertEqual([s["kind"] for s in segments[-2]], ["dues"])
        self.assertEqual([s["kind"] for s in segments[-1]], ["dues", "other"])
        (q1,), (dues, other) = segments[-2:]
        self.assertAlmostEqual(
            float(dues["height"]) / float(q1["height"]),
            float((amount(self.april) - amount(self.refund)) / first),
            places=3,
        )
        self.assertAlmostEqual(
            float(other["height"]) / float(q1["height"]),
            float(amount(self.other) / first),
            places=3,
        )
        self.assertEqual(len(re.findall(r"<rect ", markup)), 3)
        self.assertIn("text-success", markup)
        self.assertNotIn("No contributions yet", markup)

    def test_another_coop_counts_its_own_posted_invoices_only(self):
        self.assertEqual(self.strangers.mapped("state"), ["open", "draft", "draft"])
        sums = self.stranger._komunigi_contributions_by_quarter(
            "2025-01-01", "2026-06-30"
        )
        self.assertEqual(
            sums,
            {
                fields.Date.from_string("2026-01-01"): {
                    "dues": amount(self.strangers[0]),
                    "other": 0,
                }
            },
        )

    def test_a_coop_without_invoices_draws_an_empty_chart(self):
        with on(TODAY):
            chart = self.make_coop("Coop New")._komunigi_contributions_chart()
        self.assertTrue(chart["is_empty"])
        markup = self.render(chart)
        self.assertIn("No contributions yet.", markup)
        self.assertEqual(len(re.findall(r"<title>", markup)), 8)
        self.assertNotIn("<rect ", markup)

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
