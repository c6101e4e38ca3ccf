# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Commitments: a co-op becomes a co-funder only by pledging or accepting its share,
whichever door the commitment comes through, and is never invoiced above it."""

from odoo.exceptions import AccessError, UserError

from .common import CommitmentCase


class TestCommitments(CommitmentCase):
    def test_only_committed_coops_are_invoiced(self):
        """300 EUR listed among four, one pledged it all: nobody else is invoiced."""
        record = self.cofinancing(300, [self.bees, self.ouf] + self.coops[3:5])
        self.share_of(record, self.bees).write({"pledge": 300})
        record.action_compute_split()
        record.action_check_funding()
        self.assertEqual(record.state, "funded")
        record.action_invoice_milestone(record.milestone_ids)
        self.assertEqual(self.invoiced_partners(record), self.bees)
        self.assertEqual(self.share_of(record, self.ouf).amount, 0)
        self.assertEqual(self.share_of(record, self.bees).amount_invoiced, 300)

    def test_funded_automatically_and_withdrawn_before_invoices(self):
        request = self.approved_request(hours=6)  # 300
        record = self.cofinancing(300, [self.bees, self.ouf], request_id=request.id)
        self.share_of(record, self.bees).write({"pledge": 150})
        self.assertEqual(record.state, "open")
        self.share_of(record, self.ouf).write({"pledge": 150})
        self.assertEqual(record.state, "funded")  # no button pressed
        self.assertEqual(request.state, "funded")
        self.share_of(record, self.ouf).write({"pledge": 0})  # withdrawn
        self.assertEqual(record.state, "open")
        self.assertEqual(request.state, "approved")

    def test_no_withdrawal_once_invoiced(self):
        record = self.cofinancing(100, [self.bees], milestones=(50, 50))
        share = self.share_of(record, self.bees)
        share.action_accept(reason="test")
        record.action_invoice_milestone(record.milestone_ids[0])
        with self.assertFails(UserError):
            share.action_withdraw()
        with self.assertFails(UserError):
            share.action_pledge(0)
        self.assertEqual((record.state, share.pledge), ("funded", 100))

    def test_accepting_commits_the_offered_share_once(self):
        record = self.cofinancing(300, [self.bees, self.ouf] + self.coops[3:5])
        bees = self.share_of(record, self.bees)
        bees.action_pledge(30)
        others = record.share_ids - bees
        self.assertEqual(others.mapped("amount_offered"), [90.0] * 3)
        self.assertEqual(bees.amount_offered, 0)
        others[0].action_accept(reason="test")
        others[0].action_accept(reason="test")  # double click: one commitment
        self.assertEqual(others[0].pledge, 90)
        self.assertEqual(others[0].commitment, "accepted")
        self.assertEqual(record.amount_committed, 120)
        notes = record.message_ids.filtered(lambda m: "accepts" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        (others - others[0]).action_accept(reason="test")
        self.assertEqual(record.state, "funded")
        self.assertEqual(sum(record.share_ids.mapped("amount")), 300)

    def test_pledge_rules_hold_through_every_door(self):
        record = self.cofinancing(300, [self.bees, self.ouf])
        bees, ouf = self.share_of(record, self.bees), self.share_of(record, self.ouf)
        bees.write({"pledge": 200})
        with self.assertFails(UserError):  # above what is left (100)
            ouf.action_pledge(100.01)
        with self.assertFails(UserError):  # a plain write goes through the rules
            ouf.write({"pledge": 150})
        with self.assertFails(UserError):
            ouf.action_pledge(-1)
        with self.assertFails(UserError):  # RPC can send anything
            ouf.action_pledge("100")
        self.assertEqual(ouf.pledge, 0)
        ouf.action_pledge(60)
        ouf.action_pledge(60)  # sent twice: recorded once
        notes = record.message_ids.filtered(lambda m: "pledges" in (m.body or ""))
        self.assertEqual(len(notes), 2)  # BEES' and Oufticoop's
        ouf.action_pledge(100)
        self.assertEqual(record.state, "funded")
        with self.assertFails(UserError):  # funded: no longer open for pledges
            bees.action_pledge(250)
        self.assertEqual(bees.pledge, 200)

    def test_representative_commits_only_for_own_coop(self):
        record = self.cofinancing(300, [self.bees, self.ouf])
        ouf_share = self.share_of(record, self.ouf)
        as_bees = ouf_share.sudo(self.bees_user)
        with self.assertFails(AccessError):
            as_bees.action_pledge(50)
        with self.assertFails(AccessError):
            as_bees.action_accept()
        with self.assertFails(AccessError):
            as_bees.action_withdraw()
        self.assertEqual(ouf_share.commitment, "none")
        with self.assertFails(AccessError):  # nor invoice, through RPC
            record.milestone_ids.sudo(self.bees_user).action_invoice()
        # Through the model, as the portal user of the right co-op, it works.
        ouf_share.sudo(self.ouf_user).action_pledge(50)
        self.assertEqual(ouf_share.pledge, 50)
        bees_share = self.share_of(record, self.bees).sudo(self.bees_user)
        bees_share.action_accept()
        self.assertEqual(self.share_of(record, self.bees).pledge, 250)
        self.assertEqual(record.state, "funded")

    def test_accepting_on_behalf_needs_a_reason_in_the_chatter(self):
        record = self.cofinancing(400, [self.bees, self.coops[1]])
        share = self.share_of(record, self.coops[1])
        with self.assertFails(UserError):
            share.action_accept()  # the coordinator acts for La Fève: why?
        share.action_accept(reason="Agreed by e-mail on 3 March")
        self.assertEqual(share.commitment, "accepted")
        self.assertIn("Agreed by e-mail on 3 March", record.message_ids[0].body)

    def test_never_invoiced_above_the_commitment(self):
        record = self.cofinancing(1000, self.coops[:3], milestones=(30, 70))
        for share in record.share_ids:
            share.action_accept(reason="test")
        for milestone in record.milestone_ids:
            record.action_invoice_milestone(milestone)
        for share in record.share_ids:
            self.assertLessEqual(share.amount_invoiced, share.pledge + 0.001)
        self.assertAlmostEqual(
            sum(record.share_ids.mapped("amount_invoiced")), 1000, places=2
        )
