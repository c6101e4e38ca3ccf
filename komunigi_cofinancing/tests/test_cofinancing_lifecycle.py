# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The life cycle of a co-financing and its request: milestones, re-issue, done."""

from odoo.exceptions import UserError

from .common import CommitmentCase


class TestLifeCycle(CommitmentCase):
    def committed(self, total, coops, **values):
        record = self.cofinancing(total, coops, **values)
        self.fund(record)
        return record

    def test_without_milestones_one_of_100_percent(self):
        record = self.Cofinancing.create(
            {
                "name": "No milestones",
                "amount_total": 200,
                "share_ids": [(0, 0, {"partner_id": self.bees.id})],
            }
        )
        self.assertEqual(record.milestone_ids.mapped("percent"), [100.0])
        self.fund(record)
        invoices = record.action_invoice_milestone(record.milestone_ids)
        self.assertEqual(invoices.mapped("amount_untaxed"), [200.0])

    def test_cancelled_milestone_invoice_is_issued_again_once(self):
        record = self.committed(100, self.coops[:2])
        milestone = record.milestone_ids
        first = record.action_invoice_milestone(milestone)
        self.assertFalse(record.action_invoice_milestone(milestone))  # twice: once
        first[0].action_invoice_cancel()
        again = milestone.action_invoice()
        self.assertEqual(len(again), 1)
        self.assertEqual(again.partner_id, first[0].partner_id)
        self.assertEqual(again.amount_untaxed, first[0].amount_untaxed)
        self.assertFalse(milestone.action_invoice())  # re-issued once
        self.assertAlmostEqual(self.money_balance(record), 100, places=2)

    def test_invoicing_an_open_cofinancing_is_refused(self):
        record = self.cofinancing(100, self.coops[:2])
        with self.assertFails(UserError):
            record.milestone_ids.action_invoice()
        self.assertFalse(record.mapped("share_ids.invoice_link_ids"))

    def test_done_when_invoiced_and_delivered_whichever_comes_last(self):
        request = self.approved_request(hours=4)  # 200
        record = self.committed(200, self.coops[:2], request_id=request.id)
        self.assertEqual(request.state, "funded")
        request.action_start_development()
        record.action_invoice_milestone(record.milestone_ids)
        self.assertEqual(record.state, "invoiced")
        request.action_deliver()
        self.assertEqual(record.state, "done")
        # The other order: delivered first, then the last milestone invoiced.
        request2 = self.approved_request(hours=4)
        record2 = self.committed(200, self.coops[:2], request_id=request2.id)
        request2.action_start_development()
        request2.action_deliver()
        self.assertEqual(record2.state, "funded")
        record2.action_invoice_milestone(record2.milestone_ids)
        self.assertEqual(record2.state, "done")

    def test_request_cannot_be_funded_by_hand_while_its_cofinancing_is_open(self):
        request = self.approved_request(hours=4)
        self.cofinancing(200, self.coops[:2], request_id=request.id)
        with self.assertFails(UserError):
            request.action_fund()
        with self.assertFails(UserError):  # nor developed before it is funded
            request.action_start_development()
        self.assertEqual(request.state, "approved")

    def test_commitments_before_approval_fund_at_approval(self):
        request = self.env["komunigi.request"].create(
            {
                "title": "Early commitments",
                "partner_id": self.bees.id,
                "estimate_hours": 2,
                "hourly_rate": 50,
            }
        )
        request.action_submit()
        request.action_start_analysis()
        request.action_estimate()
        record = self.cofinancing(100, self.coops[:2], request_id=request.id)
        for share in record.share_ids:
            share.write({"pledge": 50})
        self.assertEqual(record.state, "open")  # the decision is not taken yet
        request.action_approve()
        self.assertEqual((record.state, request.state), ("funded", "funded"))

    def test_late_joiner_keeps_money_in_equal_to_money_out(self):
        record = self.committed(2200, self.coops[:2])
        record.action_invoice_milestone(record.milestone_ids)
        record.action_add_late_joiner(self.coops[2], discount=20)
        self.assertAlmostEqual(self.money_balance(record), 2200, places=2)
        for share in record.share_ids:
            self.assertLessEqual(share.amount_invoiced, share.pledge + 0.001)

    def test_cancel_with_invoices_is_refused_and_request_follows(self):
        request = self.approved_request(hours=4)
        record = self.committed(200, self.coops[:2], request_id=request.id)
        record.action_cancel()
        self.assertEqual((record.state, request.state), ("cancelled", "approved"))
        with self.assertFails(UserError):
            self.share_of(record, self.bees).action_pledge(10)


class TestDemoStory(CommitmentCase):
    """The demo tells one consistent story: every state agrees with its neighbours."""

    def test_demo_cofinancings_agree_with_their_requests_and_invoices(self):
        following = {
            "open": ("draft", "submitted", "analysis", "estimated", "vote", "approved"),
            "funded": ("funded", "development", "delivered"),
            "invoiced": ("funded", "development"),
            "done": ("delivered",),
        }
        for record in self.Cofinancing.search([]):
            if record.request_id and record.state in following:
                self.assertIn(record.request_id.state, following[record.state])
            for share in record.share_ids:
                self.assertLessEqual(share.amount, share.pledge + 0.001, share.id)
                self.assertLessEqual(share.amount_invoiced, share.amount + 0.001)
            if record.state in ("invoiced", "done"):
                self.assertAlmostEqual(
                    self.money_balance(record),
                    record.amount_total
                    - record.pot_amount
                    - record.provider_share_amount,
                    places=2,
                )

    def test_wallet_shows_bees_its_issued_invoices(self):
        wallet = self.env.ref("komunigi_cofinancing.cofinancing_customer_wallet")
        bees = self.share_of(wallet, self.bees)
        issued = bees.invoice_link_ids.mapped("invoice_id").filtered(
            lambda i: i.state in ("open", "paid")
        )
        self.assertTrue(issued)
        self.assertEqual(wallet.request_id.state, "delivered")
