# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The co-financing agreement, the funding round result and the co-financing lines of
the yearly statement, on the demo records. The documents' pages are rendered here as
HTML, without the report's page frame (its style sheets would be built in each test's
transaction); the suite's tests/test_portal_documents.py downloads the real PDFs and
reads them."""

import re

from odoo.tests.common import SavepointCase

from odoo.addons.komunigi_membership.tests.common import text_of


def money(amount):
    return r"\S* ?%s" % re.escape("{:,.2f}".format(amount))


class TestReports(SavepointCase):
    def demo(self, name):
        return self.env.ref("komunigi_cofinancing." + name)

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
        """The migration: 50,000 split equally; six co-ops accepted their share, the
        seventh listed (Le Nid) did not commit: it is no party."""
        record = self.demo("cofinancing_migration")
        text = self.render(
            "report_cofinancing_agreement", record, "co_funders", "co_funders_of"
        )
        self.assertIn("Co-financing agreement %s" % record.name, text)
        self.assertIn("Parties Hub %s" % record.company_id.name, text)
        self.assertRegex(text, r"Total %s excl\. VAT" % money(50000))
        self.assertIn("Split method Equal shares", text)
        committed = record.share_ids.filtered(lambda s: s.commitment != "none")
        self.assertEqual(len(committed), 6)
        for share in committed:
            self.assertRegex(
                text,
                r"%s Accepted its share %s %s"
                % (
                    re.escape(share.partner_id.name),
                    money(share.pledge),
                    money(share.amount),
                ),
            )
        self.assertNotIn((record.share_ids - committed).partner_id.name, text)
        self.assertIn("At approval 50 % No At delivery 50 % No", text)
        signatures = text[text.index("Signatures") :]
        for partner in record.company_id.partner_id | committed.mapped("partner_id"):
            self.assertIn(partner.name, signatures)

    def test_round_result_gives_payments_rule_and_check(self):
        funding_round = self.demo("funding_round_open")
        stock, card = funding_round.line_ids.mapped("request_id")
        Ballot = self.env["komunigi.funding.round.ballot"]
        for xmlid, approved in (
            ("partner_bees", stock | card),
            ("partner_oufticoop", stock),
            ("partner_demain", card),
        ):
            coop = self.env.ref("komunigi_membership." + xmlid)
            Ballot.cast(funding_round, coop, approved)
        funding_round.action_close()
        self.assertTrue(funding_round.cofinancing_ids)
        text = self.render(
            "report_funding_round_result", funding_round, "result", "results"
        )
        selected = text[text.index("Selected requests") : text.index("What each")]
        for cofinancing in funding_round.cofinancing_ids:
            self.assertIn(cofinancing.request_id.display_title, selected)
            for share in cofinancing.share_ids:
                self.assertRegex(
                    selected,
                    r"%s %s" % (re.escape(share.partner_id.name), money(share.amount)),
                )
        shares = funding_round.cofinancing_ids.mapped("share_ids")
        for participant in funding_round.participant_ids:
            coop = participant.partner_id
            paid = sum(
                shares.filtered(lambda s, c=coop: s.partner_id == c).mapped("amount")
            )
            self.assertRegex(
                text,
                r"%s %d %s %s"
                % (
                    re.escape(coop.name),
                    coop.id,
                    money(participant.budget),
                    money(paid),
                ),
            )
        for explained in ("Method of Equal Shares", "Completed by add1", "Greedy by"):
            self.assertIn(explained, text)
        self.assertIn("REQ-9 before REQ-10", text)
        self.assertIn(
            "pabulib.py round.pb --rule mes-add1u --tie-breaking default", text
        )
        self.assertIn("brought different budgets", text)

    def test_statement_names_the_cofinancing_invoices(self):
        """The demo's customer wallet is invoiced at both milestones, then a late
        joiner is invoiced and the others get credit notes."""
        wallet = self.demo("cofinancing_customer_wallet")
        invoices = wallet.mapped("share_ids.invoice_link_ids.invoice_id")
        Report = self.env["report.komunigi_membership.report_coop_statement"]
        labels = Report._statement_labels(invoices)
        self.assertEqual(
            set(labels.values()),
            {
                "Co-financing %s: %s" % (wallet.name, what)
                for what in ("At approval", "At delivery", "Late joiner", "Credit note")
            },
        )
