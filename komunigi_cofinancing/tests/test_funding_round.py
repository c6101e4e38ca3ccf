# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import FundingRoundCase


class TestFundingRound(FundingRoundCase):
    def test_equal_shares_outcome_becomes_cofinancings(self):
        """3 co-ops with 100 each; C (200) supported by all is cheapest per unit."""
        a, b, c = (
            self.costed_request("A", 150),
            self.costed_request("B", 90),
            self.costed_request("C", 200),
        )
        one, two, three = self.coops[:3]
        funding_round = self.new_round(
            [(one, 100), (two, 100), (three, 100)], [a, b, c], rule="mes"
        )
        Ballot = self.env["komunigi.funding.round.ballot"]
        Ballot.cast(funding_round, one, a | c)
        Ballot.cast(funding_round, two, a | c)
        Ballot.cast(funding_round, three, b)
        Ballot.cast(funding_round, three, b | c)  # changed
        funding_round.action_close()
        self.assertEqual(funding_round.selected_request_ids, c)
        cofinancing = funding_round.cofinancing_ids
        self.assertEqual(cofinancing.request_id, c)
        self.assertEqual(cofinancing.state, "funded")
        self.assertEqual(c.state, "funded")
        self.assertEqual(
            sorted(cofinancing.share_ids.mapped("amount")), [66.66, 66.67, 66.67]
        )
        self.assertEqual(a.state, "estimated")

    def test_greedy_completion_splits_equally_among_approvers(self):
        a = self.costed_request("A", 100)
        funding_round = self.new_round(
            [(self.coops[0], 100), (self.coops[1], 100)], [a], rule="greedy"
        )
        Ballot = self.env["komunigi.funding.round.ballot"]
        Ballot.cast(funding_round, self.coops[0], a)
        Ballot.cast(funding_round, self.coops[1], a)
        funding_round.action_close()
        self.assertEqual(
            funding_round.cofinancing_ids.share_ids.mapped("amount"), [50.0, 50.0]
        )

    def test_ballot_errors_write_nothing(self):
        a, b = self.costed_request("A", 100), self.costed_request("B", 50)
        funding_round = self.new_round([(self.coops[0], 100)], [a])
        Ballot = self.env["komunigi.funding.round.ballot"]
        with self.assertFails(UserError):
            Ballot.cast(funding_round, self.coops[1], a)  # not taking part
        with self.assertFails(UserError):
            Ballot.cast(funding_round, self.coops[0], b)  # not on offer
        portal = self.env.ref("komunigi_membership.user_oufticoop_rep")
        with self.assertFails(AccessError):
            Ballot.sudo(portal).cast(funding_round, self.coops[0], a)
        funding_round.action_close()
        with self.assertFails(UserError):
            Ballot.cast(funding_round, self.coops[0], a)
        self.assertFalse(funding_round.ballot_ids)

    def test_open_needs_budgets_and_estimated_requests(self):
        with self.assertFails(UserError):
            self.new_round([], [self.costed_request("A", 100)])

    def test_cron_closes_ended_rounds_once(self):
        funding_round = self.new_round(
            [(self.coops[0], 100)], [self.costed_request("A", 10)]
        )
        yesterday = fields.Date.to_string(date.today() - timedelta(days=1))
        funding_round.write({"date_from": yesterday, "date_to": yesterday})
        Round = self.env["komunigi.funding.round"]
        Round._cron_close_rounds()
        self.assertEqual(funding_round.state, "closed")
        Round._cron_close_rounds()
        closings = funding_round.message_ids.filtered(
            lambda m: "Round closed" in (m.body or "")
        )
        self.assertEqual(len(closings), 1)

    def test_representative_votes_for_own_coop(self):
        a = self.costed_request("A", 100)
        oufticoop = self.env.ref("komunigi_membership.partner_oufticoop")
        funding_round = self.new_round([(oufticoop, 100)], [a])
        portal = self.env.ref("komunigi_membership.user_oufticoop_rep")
        ballot = (
            self.env["komunigi.funding.round.ballot"]
            .sudo(portal)
            .cast(funding_round, oufticoop, a)
        )
        self.assertEqual(ballot.approved_request_ids, a)

    def test_demo_round_offer_is_on_no_upcoming_session(self):
        """The demo's open round and next session each decide their own requests."""
        demo = self.env.ref("komunigi_cofinancing.funding_round_open")
        self.assertEqual(demo.state, "open")
        self.assertTrue(demo.request_ids)
        items = self.env["komunigi.session.item"].search(
            [
                ("request_ids", "in", demo.request_ids.ids),
                ("session_id.state", "!=", "closed"),
            ]
        )
        self.assertFalse(items)
        session = self.env.ref("komunigi_request_vote.session_next")
        session.action_open()
        self.assertEqual(session.state, "open")
