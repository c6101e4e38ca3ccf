# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The co-financing agreement, the funding round result and the co-financing lines of
the yearly statement. The documents' pages are rendered here as HTML, without the
report's page frame (its style sheets would be built in each test's transaction);
the suite's tests/test_portal_documents.py downloads the real PDFs and reads them."""

import html
import re

from .common import FundingRoundCase


def text_of(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class TestReports(FundingRoundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        request = cls.approved_request(hours=6)  # 300
        cls.agreement = cls.cofinancing(
            300, cls.coops[:4], milestones=(40, 60), request_id=request.id
        )
        bees, lafeve = cls.agreement.share_ids[:2]
        bees.write({"pledge": 200.0})
        lafeve.write({"pledge": 100.0})
        cls.agreement.action_compute_split()
        cls.agreement.action_check_funding()

    def render(self, xmlid, record, name, key):
        """The text of the report's page of `record`, whose own values the page
        reads as `name` and the report gives by record in `key`."""
        report = self.env.ref("komunigi_cofinancing.action_" + xmlid)
        values = self.env["report." + report.report_name].get_report_values(record.ids)
        values.update({"o": record, name: values[key][record.id]})
        markup = report.render_template(
            "komunigi_cofinancing.%s_document" % xmlid, values
        )
        return text_of(markup.decode("utf-8"))

    def test_agreement_states_parties_terms_and_signatures(self):
        record = self.agreement
        text = self.render(
            "report_cofinancing_agreement", record, "co_funders", "co_funders_of"
        )
        self.assertIn("Co-financing agreement", text)
        self.assertIn("Hub %s" % record.company_id.name, text)
        self.assertIn(record.request_id.display_title, text)
        self.assertRegex(text, r"Total \S* ?300\.00")
        self.assertIn("Split method Equal shares", text)
        # The co-funders with their commitment and share; the two co-ops listed
        # without a commitment are no party.
        bees, lafeve, ouf, bloum = self.coops[:4]
        self.assertRegex(text, r"%s Pledged \S* ?200\.00 \S* ?200\.00" % bees.name)
        self.assertRegex(text, r"%s Pledged \S* ?100\.00" % lafeve.name)
        self.assertNotIn(ouf.name, text)
        self.assertNotIn(bloum.name, text)
        self.assertIn("Step 0 40 % No Step 1 60 % No", text)
        signatures = text[text.index("Signatures") :]
        for name in (record.company_id.name, bees.name, lafeve.name):
            self.assertIn(name, signatures)

    def test_round_result_gives_payments_rule_and_check(self):
        """C (200), approved by all, costs 66.67 a co-op; A (150) no longer fits."""
        a, c = self.costed_request("A", 150), self.costed_request("C", 200)
        one, two, three = self.coops[:3]
        funding_round = self.new_round(
            [(one, 100), (two, 100), (three, 100)], [a, c], rule="mes"
        )
        Ballot = self.env["komunigi.funding.round.ballot"]
        Ballot.cast(funding_round, one, a | c)
        Ballot.cast(funding_round, two, a | c)
        Ballot.cast(funding_round, three, c)
        funding_round.action_close()
        text = self.render(
            "report_funding_round_result", funding_round, "result", "results"
        )
        self.assertIn("Selected requests %s" % c.display_title, text)
        payments = re.findall(r"\b66\.6[67]\b", text[: text.index("What each")])
        self.assertEqual(sorted(payments), ["66.66", "66.67", "66.67"])
        for coop in (one, two, three):
            self.assertRegex(
                text, r"%s %d \S* ?100\.00 \S* ?66\.6[67]" % (coop.name, coop.id)
            )
        self.assertIn("Method of Equal Shares", text)
        self.assertNotIn("Completed by add1", text)
        self.assertNotIn("Greedy by approvals:", text)
        self.assertIn("REQ-9 before REQ-10", text)
        self.assertIn("pabulib.py round.pb --rule mes --tie-breaking default", text)
        self.assertNotIn("different budgets", text)

    def test_statement_names_the_cofinancing_invoices(self):
        self.agreement.action_invoice_milestone(self.agreement.milestone_ids[0])
        links = self.agreement.mapped("share_ids.invoice_link_ids")
        Report = self.env["report.komunigi_membership.report_coop_statement"]
        labels = Report._statement_labels(links.mapped("invoice_id"))
        self.assertEqual(
            set(labels.values()), {"Co-financing Test development: Step 0"}
        )
