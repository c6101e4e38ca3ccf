# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A co-op's yearly statement: the posted invoices of the year, payments, balance.

The statement's page is rendered here as HTML, without the report's page frame (its
style sheets would be built in each test's transaction); the suite's
tests/test_portal_documents.py downloads the real PDF and reads its text.
"""

from odoo import fields

from .common import KomunigiCase, on, text_of

REPORT = "komunigi_membership.action_report_coop_statement"


class TestCoopStatement(KomunigiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop = cls.make_coop("Coop Statement")
        with on("2025-01-01"):
            membership = cls.make_membership(cls.coop, date_start="2025-01-01")
        # January's dues, paid; February's, due; January 2026's: another year.
        Invoice, invoices = cls.env["account.invoice"], []
        for day in ("2025-01-01", "2025-02-01", "2026-01-01"):
            with on(day):
                run = membership._invoice_dues(fields.Date.from_string(day))
            invoices.append(Invoice.browse(run.invoice_ids))
        cls.paid, cls.due, cls.other_year = invoices
        (cls.paid | cls.due | cls.other_year).action_invoice_open()
        company = cls.env.user.company_id
        bank = cls.env["account.journal"].search(
            [("type", "in", ("bank", "cash")), ("company_id", "=", company.id)], limit=1
        )
        cls.paid.pay_and_reconcile(bank, cls.paid.amount_total, date="2025-01-05")
        cls.Report = cls.env["report.komunigi_membership.report_coop_statement"]

    def test_lists_the_posted_invoices_of_the_year(self):
        lines = self.Report._statement(self.coop, 2025)["lines"]
        self.assertEqual([line["invoice"] for line in lines], [self.paid, self.due])
        self.assertTrue(lines[0]["label"].startswith("Membership dues, "))
        self.assertEqual(
            [(line["paid"], line["residual"]) for line in lines],
            [(self.paid.amount_total, 0.0), (0.0, self.due.amount_total)],
        )

    def test_totals_add_up(self):
        statement = self.Report._statement(self.coop, 2025)
        (totals,) = statement["totals"]
        self.assertEqual(totals["currency"], self.paid.currency_id)
        self.assertAlmostEqual(
            totals["invoiced"], self.paid.amount_total + self.due.amount_total, 2
        )
        self.assertAlmostEqual(totals["paid"], self.paid.amount_total, 2)
        self.assertAlmostEqual(totals["balance"], self.due.residual, 2)
        (payment,) = statement["payments"]
        self.assertEqual(
            (payment["date"], payment["invoice"], payment["amount"]),
            ("2025-01-05", self.paid, self.paid.amount_total),
        )

    def test_rendered_text(self):
        values = self.Report.get_report_values(self.coop.ids, data={"year": 2025})
        values["statement"] = values["statements"][self.coop.id]
        markup = self.env.ref(REPORT).render_template(
            "komunigi_membership.report_coop_statement_document", values
        )
        text = text_of(markup.decode("utf-8"))
        self.assertIn("Yearly statement 2025 Coop Statement", text)
        for invoice in (self.paid, self.due):
            self.assertIn(invoice.number, text)
        self.assertNotIn(self.other_year.number, text)
        self.assertRegex(text, r"Balance due \S* ?%.2f" % self.due.residual)

    def test_a_year_without_invoices(self):
        statement = self.Report._statement(self.coop, 2024)
        self.assertEqual((statement["lines"], statement["totals"]), ([], []))
