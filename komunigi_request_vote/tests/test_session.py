# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.komunigi_membership.tests.common import moment

from .common import SessionCase


class TestSession(SessionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.env.ref("komunigi_request_vote.request_shift_alert_field")
        cls.item = cls.Item.create(
            {
                "session_id": cls.session.id,
                "name": "Shift alert field",
                "method": "yes_no",
                "request_ids": [(6, 0, cls.request.ids)],
            }
        )
        # Requests of our own (the demo's move on as the demo tells its story).
        cls.wallet = cls.estimated("Customer wallet")
        cls.reminders = cls.estimated("Shift reminder e-mails")

    def cast_as(self, xmlid_user, coop, value, item=None):
        user = self.env.ref("komunigi_membership." + xmlid_user)
        return self.Ballot.sudo(user).cast(item or self.item, coop, value)

    def test_eligible_coops_have_a_voting_tier(self):
        self.assertIn(self.oufticoop, self.eligible)
        self.assertIn(self.bees, self.eligible)
        self.assertNotIn(self.lenid, self.eligible)  # Observer tier
        self.assertNotIn(
            self.env.ref("komunigi_membership.partner_bloum"), self.eligible
        )

    def test_seed_session_approves_the_request(self):
        self.session.action_open()
        self.assertEqual(self.request.state, "vote")
        self.cast_as("user_oufticoop_rep", self.oufticoop, "yes")
        self.cast_as("user_bees_rep", self.bees, "no")
        self.cast_as("user_bees_rep", self.bees, "yes")  # changed mind
        for coop in self.eligible - self.oufticoop - self.bees:
            self.Ballot.cast(self.item, coop, "abstain")
        self.session.action_close()
        self.assertEqual(self.item.outcome, "adopted")
        self.assertTrue(self.item.quorum_reached)
        self.assertEqual(self.request.state, "approved")
        self.assertIn("2 yes, 0 no", self.item.result_summary)
        bees_ballot = self.Ballot.search(
            [("partner_id", "=", self.bees.id), ("item_id", "=", self.item.id)]
        )
        self.assertEqual(len(bees_ballot), 1)
        self.assertTrue(bees_ballot.message_ids.mapped("tracking_value_ids"))

    def test_no_quorum_sends_the_request_back(self):
        self.session.action_open()
        self.cast_as("user_oufticoop_rep", self.oufticoop, "yes")
        self.session.action_close()
        self.assertFalse(self.item.quorum_reached)
        self.assertEqual(self.item.outcome, "rejected")
        self.assertEqual(self.request.state, "estimated")

    def test_ballot_before_open_and_after_close(self):
        with self.assertFails(UserError):
            self.cast_as("user_oufticoop_rep", self.oufticoop, "yes")
        self.session.action_open()
        ballot = self.cast_as("user_oufticoop_rep", self.oufticoop, "yes")
        self.session.action_close()
        with self.assertFails(UserError):
            self.cast_as("user_oufticoop_rep", self.oufticoop, "no")
        with self.assertFails(UserError):
            ballot.value = '"no"'
        self.assertEqual(ballot.value, '"yes"')

    def test_ballot_for_another_coop(self):
        self.session.action_open()
        with self.assertFails(AccessError):
            self.cast_as("user_oufticoop_rep", self.bees, "yes")
        self.assertFalse(self.Ballot.search([("item_id", "=", self.item.id)]))

    def test_coop_without_voting_right(self):
        self.session.action_open()
        with self.assertFails(UserError):
            self.Ballot.cast(self.item, self.lenid, "yes")

    def test_second_ballot_is_a_database_error(self):
        self.session.action_open()
        ballot = self.Ballot.cast(self.item, self.oufticoop, "yes")
        with self.assertRaises(IntegrityError), mute_logger(
            "odoo.sql_db"
        ), self.env.cr.savepoint():
            ballot.copy()

    def test_bad_values(self):
        requests = self.wallet | self.reminders
        score = self.item.copy(
            {"method": "score", "request_ids": [(6, 0, requests.ids)], "name": "Score"}
        )
        ranking = score.copy({"method": "ranking", "name": "Ranking"})
        self.session.action_open()
        with self.assertFails(ValidationError):
            self.Ballot.cast(self.item, self.oufticoop, "maybe")
        with self.assertFails(ValidationError):
            self.Ballot.cast(score, self.oufticoop, {str(requests[0].id): 6})
        with self.assertFails(ValidationError):
            self.Ballot.cast(ranking, self.oufticoop, [requests[0].id, requests[0].id])
        self.assertFalse(self.Ballot.search([("session_id", "=", self.session.id)]))

    def test_ranking_and_approval_results(self):
        wallet, reminders = self.wallet, self.reminders
        pair = wallet | reminders
        approval = self.item.copy(
            {
                "method": "approval",
                "request_ids": [(6, 0, pair.ids)],
                "name": "Approval",
            }
        )
        ranking = approval.copy({"method": "ranking", "name": "Ranking"})
        self.item.unlink()
        self.session.action_open()
        for coop in self.eligible:
            self.Ballot.cast(approval, coop, [wallet.id])
            self.Ballot.cast(ranking, coop, [reminders.id, wallet.id])
        self.session.action_close()
        # Each item approves its own winners: wallet by approval, reminders as the
        # ranking's one seat.
        self.assertEqual(approval.approved_request_ids, wallet)
        self.assertEqual(ranking.approved_request_ids, reminders)
        self.assertEqual(wallet.state, "approved")
        self.assertEqual(reminders.state, "approved")
        self.assertEqual(ranking.outcome, "ranked")
        self.assertIn("%s > %s" % (reminders.name, wallet.name), ranking.result_summary)

    def test_cron_opens_and_closes_on_time(self):
        Session = self.env["komunigi.session"]
        Session._cron_open_close()
        self.assertEqual(self.session.state, "open")
        self.session.voting_closes = moment(seconds=-1)
        Session._cron_open_close()
        self.assertEqual(self.session.state, "closed")
        Session._cron_open_close()
        self.assertEqual(self.session.state, "closed")

    def test_window_and_agenda_checks(self):
        with self.assertFails(ValidationError):
            self.session.voting_closes = self.session.voting_opens
        with self.assertFails(ValidationError):
            self.item.method = "ranking"
        empty = self.session.copy({"item_ids": []})
        with self.assertFails(UserError):
            empty.action_open()

    def test_backend_cannot_store_a_ballot_the_portal_refuses(self):
        def create(coop, value, item=None):
            return self.Ballot.create(
                {
                    "item_id": (item or self.item).id,
                    "partner_id": coop.id,
                    "value": value,
                }
            )

        with self.assertFails(ValidationError):
            create(self.oufticoop, '"yes"')  # the session is a draft
        self.session.action_open()
        with self.assertFails(ValidationError):
            create(self.lenid, '"yes"')  # an observer has no vote
        with self.assertFails(ValidationError):
            create(self.oufticoop, '"maybe"')
        with self.assertFails(ValidationError):
            create(self.oufticoop, "yes")  # not JSON
        with self.assertFails(ValidationError):
            create(self.oufticoop, "[%d]" % self.request.id)  # a list for yes/no
        ballot = create(self.oufticoop, '"yes"')
        with self.assertFails(ValidationError):
            ballot.partner_id = self.lenid
        with self.assertFails(ValidationError):
            ballot.value = '"perhaps"'
        self.session.voting_closes = moment(seconds=-1)
        with self.assertFails(ValidationError):
            create(self.bees, '"no"')  # the window has passed
        self.assertEqual(self.Ballot.search([("item_id", "=", self.item.id)]), ballot)
        self.assertEqual(ballot.value, '"yes"')

    def test_ballots_of_a_closed_session_are_kept(self):
        self.session.action_open()
        ballot = self.Ballot.cast(self.item, self.oufticoop, "yes")
        self.session.action_close()
        with self.assertFails(UserError):
            ballot.unlink()
        with self.assertFails(UserError):
            ballot.partner_id = self.bees
        with self.assertFails(UserError):
            self.item.unlink()
        with self.assertFails(UserError):
            self.session.unlink()
        self.assertTrue(ballot.exists())
        self.assertEqual(ballot.partner_id, self.oufticoop)

    def test_agenda_is_frozen_once_the_session_opens(self):
        self.session.action_open()
        with self.assertFails(UserError):
            self.item.quorum = 0.1
        with self.assertFails(UserError):
            self.item.request_ids = [(5,)]
        with self.assertFails(UserError):
            self.item.copy({"name": "Late item"})
        self.item.sequence = 3  # the order of the agenda may still change
        self.assertEqual(self.item.quorum, 0.5)
        self.assertEqual(self.session.item_ids, self.item)

    def test_representatives_read_their_own_ballots_only(self):
        self.session.action_open()
        self.Ballot.cast(self.item, self.oufticoop, "yes")
        self.Ballot.cast(self.item, self.bees, "no")
        bees_rep = self.env.ref("komunigi_membership.user_bees_rep")
        seen = self.Ballot.sudo(bees_rep).search([("item_id", "=", self.item.id)])
        self.assertEqual(seen.mapped("partner_id"), self.bees)
        with self.assertFails(AccessError):
            seen.sudo(bees_rep).unlink()

    def test_a_governance_proposal_is_voted_and_adopted(self):
        """A yes/no item on a proposal has no candidate request: its ballots are
        stored and counted all the same."""
        proposal = self.env["komunigi.proposal"].create({"title": "Dues of 2023"})
        item = self.env["komunigi.session.item"].create(
            {
                "session_id": self.session.id,
                "name": "Dues of 2023",
                "method": "yes_no",
                "proposal_id": proposal.id,
            }
        )
        self.session.action_open()
        self.cast_as("user_bees_rep", self.bees, "yes", item=item)
        for coop in self.eligible - self.bees:
            self.Ballot.cast(item, coop, "yes")
        self.session.action_close()
        self.assertEqual(item.outcome, "adopted")
        self.assertEqual(proposal.state, "adopted")

    def test_the_form_edits_the_agenda_and_shows_the_results_apart(self):
        """Odoo 11's web client keeps one list per field of a form: the agenda (with
        its item form) and the results must be two fields, else the agenda's item
        form is lost and the coordinator cannot add an item."""
        view = self.env["komunigi.session"].fields_view_get(view_type="form")
        self.assertEqual(view["arch"].count('name="item_ids"'), 1)
        self.assertIn("form", view["fields"]["item_ids"]["views"])
        self.assertEqual(view["arch"].count('name="result_item_ids"'), 1)
        self.session.action_open()
        self.assertEqual(self.session.result_item_ids, self.session.item_ids)
