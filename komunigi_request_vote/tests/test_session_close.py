# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Closing sessions: never failing on data, one savepoint per session in the cron,
ranking items approving their winners, exact thresholds, repeat safety."""

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.komunigi_membership.tests.common import moment

from .common import SessionCase


class SessionCloseCase(SessionCase):
    def fail_tally(self, item):
        """Corrupt an item behind the ORM's back: its quorum is no share any more."""
        self.env.cr.execute(
            "UPDATE komunigi_session_item SET quorum = 2 WHERE id = %s", [item.id]
        )
        item.invalidate_cache()


class TestSessionClose(SessionCloseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Estimated once for all the tests: each decides them in its own savepoint.
        cls.first, cls.second = (
            cls.estimated(title, hours)
            for title, hours in (("First", 2), ("Second", 3))
        )

    def test_ballot_of_a_coop_that_lost_its_voting_right_is_kept_not_counted(self):
        request = self.first
        item = self.new_item("yes_no", request)
        self.session.action_open()
        for coop in self.eligible:
            self.Ballot.cast(item, coop, "yes")
        self.oufticoop._komunigi_active_membership().action_suspend()
        self.session.action_close()
        self.assertEqual(self.session.state, "closed")
        self.assertEqual(item.voted_count, len(self.eligible) - 1)
        self.assertEqual(item.eligible_count, len(self.eligible) - 1)
        self.assertEqual(item.uncounted_count, 1)
        self.assertIn("1 ballot(s) not counted: Oufticoop", item.result_summary)
        self.assertEqual(item.outcome, "adopted")
        self.assertEqual(request.state, "approved")
        self.assertEqual(len(item.ballot_ids), len(self.eligible))  # all kept

    def test_a_ballot_that_no_longer_fits_is_kept_not_counted(self):
        item = self.new_item("yes_no", self.first, quorum=0)
        self.session.action_open()
        yes = self.Ballot.cast(item, self.oufticoop, "yes")
        self.Ballot.cast(item, self.bees, "no")
        self.env.cr.execute(  # behind the ORM's back, as a broken import would
            "UPDATE komunigi_ballot SET value = %s WHERE id = %s", ['"maybe"', yes.id]
        )
        yes.invalidate_cache()
        self.session.action_close()
        self.assertEqual((item.voted_count, item.uncounted_count), (1, 1))
        self.assertIn(
            "1 ballot(s) not counted: they no longer fit", item.result_summary
        )
        self.assertEqual(item.outcome, "rejected")

    def test_cron_closes_each_session_in_its_own_savepoint(self):
        broken = self.new_item("yes_no", self.first)
        other = self.new_session("May meeting")
        fine_request = self.second
        fine = self.new_item("yes_no", fine_request, session=other)
        (self.session | other).action_open()
        for coop in self.eligible:
            self.Ballot.cast(fine, coop, "yes")
        self.fail_tally(broken)
        (self.session | other).write({"voting_closes": moment(seconds=-1)})
        with mute_logger("odoo.addons.komunigi_request_vote.models.komunigi_session"):
            self.Session._cron_open_close()
        self.assertEqual(other.state, "closed")
        self.assertEqual(fine_request.state, "approved")
        self.assertEqual(self.session.state, "open")
        self.assertFalse(broken.outcome)  # nothing half-written
        self.assertIn("could not close", self.session.cron_error)
        self.assertIn("quorum", self.session.cron_error)
        messages = len(self.session.message_ids)
        # The next run leaves the broken session alone: no error, no new message.
        self.Session._cron_open_close()
        self.assertEqual(len(self.session.message_ids), messages)
        # Once the cause is fixed, the coordinator closes it by hand.
        broken.invalidate_cache()
        self.env.cr.execute(
            "UPDATE komunigi_session_item SET quorum = 0.5 WHERE id = %s", [broken.id]
        )
        broken.invalidate_cache()
        self.session.action_close()
        self.assertEqual(self.session.state, "closed")
        self.assertFalse(self.session.cron_error)

    def test_cron_opens_the_others_when_one_cannot_open(self):
        unready = self.new_request("Not estimated yet")
        unready.action_submit()
        self.new_item("yes_no", unready)
        other = self.new_session("June meeting")
        self.new_item("yes_no", self.first, session=other)
        with mute_logger("odoo.addons.komunigi_request_vote.models.komunigi_session"):
            self.Session._cron_open_close()
        self.assertEqual(other.state, "open")
        self.assertEqual(self.session.state, "draft")
        self.assertIn("could not open", self.session.cron_error)
        self.assertIn(unready.display_title, self.session.cron_error)

    def test_closing_by_hand_names_the_broken_item(self):
        broken = self.new_item("yes_no", self.first)
        self.session.action_open()
        self.fail_tally(broken)
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            self.session.action_close()
        self.assertIn("yes_no item", error.exception.name)
        self.assertEqual(self.session.state, "open")

    def test_closing_twice_and_cron_twice_have_their_effect_once(self):
        request = self.first
        item = self.new_item("yes_no", request)
        self.session.action_open()
        self.session.action_open()  # a second click does nothing
        for coop in self.eligible:
            self.Ballot.cast(item, coop, "yes")
        self.session.action_close()
        messages = len(self.session.message_ids)
        self.session.action_close()
        self.session.write({"voting_closes": moment(seconds=-1)})
        self.Session._cron_open_close()
        self.Session._cron_open_close()
        self.assertEqual(len(self.session.message_ids), messages)
        self.assertEqual(request.state, "approved")
        with self.assertFails(UserError):
            self.session.action_open()  # a closed session does not open again

    def test_a_draft_session_cannot_close(self):
        self.new_item("yes_no", self.first)
        with self.assertFails(UserError):
            self.session.action_close()
        self.assertEqual(self.session.state, "draft")


class TestRankingApproves(SessionCloseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 55 x hours: 1,100, 550, 220 and 165 EUR.
        cls.candidates = [
            cls.estimated("Candidate %s" % hours, hours, hourly_rate=55)
            for hours in (20, 10, 4, 3)
        ]
        cls.requests = cls.Request.browse([r.id for r in cls.candidates])

    def rank_all(self, item, order):
        for coop in self.eligible:
            self.Ballot.cast(item, coop, [self.candidates[i].id for i in order])

    def states(self):
        return [request.state for request in self.candidates]

    def ranked_and_closed(self, order, **limits):
        """A ranking item on the candidates with these seats or budget, which every
        eligible co-op ranks in `order`, once the session closed."""
        item = self.new_item("ranking", self.requests, **limits)
        self.session.action_open()
        self.rank_all(item, order)
        self.session.action_close()
        return item

    def test_top_seats(self):
        item = self.ranked_and_closed([2, 0, 3, 1], seats=2)
        self.assertEqual(
            self.states(), ["approved", "estimated", "approved", "estimated"]
        )
        self.assertEqual(
            item.approved_request_ids, self.candidates[2] | self.candidates[0]
        )
        self.assertIn("approved: %s" % self.candidates[2].name, item.result_summary)

    def test_as_many_as_fit_the_budget(self):
        # Ranked 0, 1, 2, 3 with 800 EUR: 1,100 does not fit, 550 and 220 do,
        # 165 no longer does.
        self.ranked_and_closed([0, 1, 2, 3], seats=0, budget=800)
        self.assertEqual(
            self.states(), ["estimated", "approved", "approved", "estimated"]
        )

    def test_budget_fits_to_the_cent(self):
        # 550.10 + 220.20 is exactly 770.30, which a float sum (770.3000000000001)
        # would exceed.
        self.candidates[1].fixed_costs = 0.1
        self.candidates[2].fixed_costs = 0.2
        self.ranked_and_closed([1, 2, 0, 3], seats=0, budget=770.3)
        self.assertEqual(
            self.states(), ["estimated", "approved", "approved", "estimated"]
        )

    def test_without_quorum_a_ranking_approves_nothing(self):
        item = self.new_item("ranking", self.requests, quorum=1)
        self.session.action_open()
        self.Ballot.cast(item, self.oufticoop, [self.candidates[0].id])
        self.session.action_close()
        self.assertFalse(item.approved_request_ids)
        self.assertEqual(set(self.states()), {"estimated"})
        self.assertEqual(item.outcome, "ranked")

    def test_paper_winners_at_equal_support(self):
        # Issue 9's smallest case: c1 and c3 win, c2 comes third.
        c1, c2, c3, c4 = self.candidates
        rankings = [
            [c2, c3, c1, c4],
            [c1, c2, c4, c3],
            [c3, c1, c4],
            [c1, c2, c4],
            [c3, c4],
        ]
        item = self.new_item("ranking", self.requests, seats=2, quorum=0)
        self.session.action_open()
        for coop, ranking in zip(self.voters(5), rankings):
            self.Ballot.cast(item, coop, [r.id for r in ranking])
        self.session.action_close()
        self.assertEqual(
            self.states(), ["approved", "estimated", "approved", "estimated"]
        )
        self.assertEqual(item.approved_request_ids, c1 | c3)
        self.assertTrue(
            item.result_summary.startswith(
                "ranking item: %s > %s > %s > %s" % (c1.name, c3.name, c2.name, c4.name)
            )
        )

    def test_a_tie_at_the_cut_goes_to_the_oldest_request(self):
        first, second, third = self.candidates[:3]
        cycle = [[first, second, third], [second, third, first], [third, first, second]]
        item = self.new_item("ranking", first | second | third, seats=1, quorum=0)
        self.session.action_open()
        for coop, ranking in zip(self.voters(3), cycle):
            self.Ballot.cast(item, coop, [r.id for r in ranking])
        self.session.action_close()
        self.assertEqual(item.approved_request_ids, first)
        self.assertIn("tie at the cut went to the oldest request", item.result_summary)

    def test_a_ranking_needs_seats_or_a_budget(self):
        with self.assertFails(ValidationError):
            self.new_item("ranking", self.requests, seats=0)
        with self.assertFails(ValidationError):
            self.new_item("ranking", self.requests, seats=-1)
        with self.assertFails(ValidationError):
            self.new_item("ranking", self.requests, budget=-10)

    def test_score_threshold_is_decided_exactly(self):
        # Mean 16/5 = 3.2 against 0.64 x 5 = 3.2: a float product (3.2000000000000002)
        # rejected it.
        first, second = self.candidates[:2]
        item = self.new_item("score", first | second, majority=0.64, quorum=0)
        self.session.action_open()
        for coop, score in zip(self.voters(5), [4, 4, 3, 3, 2]):
            self.Ballot.cast(item, coop, {str(first.id): score, str(second.id): 1})
        self.session.action_close()
        self.assertEqual(first.state, "approved")
        self.assertEqual(second.state, "estimated")
        self.assertEqual(item.approved_request_ids, first)
