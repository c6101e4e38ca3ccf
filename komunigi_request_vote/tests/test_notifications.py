# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import SessionCase


class TestNotifications(SessionCase):
    """Followers get e-mails from the mail templates on state changes and results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.comment = cls.env.ref("mail.mt_comment")
        cls.luc, cls.anne, cls.julien = cls.demo(
            "partner_oufticoop_rep", "partner_bees_rep", "partner_lenid_rep"
        )

    def last_message(self, record):
        return record.message_ids.sorted("id")[-1]

    def test_state_change_emails_the_followers(self):
        request = self.new_request()
        request.action_submit()
        message = self.last_message(request)
        self.assertEqual(message.subtype_id, self.comment)
        self.assertIn("Submitted", message.subject)
        self.assertIn(request.name, message.subject)
        self.assertIn("/my/requests/%d" % request.id, message.body)
        self.assertIn(self.luc, message.needaction_partner_ids)

    def test_interested_coops_hear_of_the_next_move(self):
        request = self.new_request()
        request.action_submit()
        request.action_add_interest(self.bees)
        request.action_start_analysis()
        message = self.last_message(request)
        self.assertIn("In analysis", message.subject)
        self.assertIn(self.anne, message.needaction_partner_ids)

    def test_without_the_template_moves_go_on_silently(self):
        self.env.ref("komunigi_request_vote.mail_template_request_state").unlink()
        request = self.new_request()
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.message_ids.filtered("subject"))

    def test_session_results_reach_the_voting_coops(self):
        request = self.env.ref("komunigi_request_vote.request_shift_alert_field")
        session = self.new_session("Results meeting")
        item = self.Item.create(
            {
                "session_id": session.id,
                "name": "Shift alert field",
                "request_ids": [(6, 0, request.ids)],
            }
        )
        session.action_open()
        self.Ballot.cast(item, self.oufticoop, "yes")
        session.action_close()
        message = self.last_message(session)
        self.assertEqual(message.subtype_id, self.comment)
        self.assertEqual(message.subject, "Results of Results meeting")
        self.assertIn("Voting closed", message.body)
        self.assertIn(item.result_summary, message.body)
        self.assertIn(self.luc, message.needaction_partner_ids)
        self.assertIn(self.anne, message.needaction_partner_ids)
        self.assertNotIn(self.julien, message.needaction_partner_ids)  # no vote right
