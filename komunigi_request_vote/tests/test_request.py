# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError

from .common import RequestCase


class TestRequest(RequestCase):
    def test_seed_life_cycle_until_estimate(self):
        request = self.new_request(
            representative_id=self.env.ref(
                "komunigi_membership.partner_oufticoop_rep"
            ).id
        )
        self.assertTrue(request.name.startswith("REQ-"))
        request.action_submit()
        request.action_add_interest(self.demain)
        request.action_add_interest(self.lenid)
        request.action_add_interest(self.lenid)
        self.assertEqual(request.interest_count, 2)
        request.action_start_analysis()
        request.write({"estimate_hours": 6, "hourly_rate": 55})
        request.action_estimate()
        self.assertEqual(request.estimate_total, 330.0)
        self.assertEqual(request.state, "estimated")
        followers = request.message_partner_ids
        self.assertIn(self.oufticoop, followers)
        self.assertIn(self.demain, followers)
        self.assertIn(self.env.ref("komunigi_membership.partner_demain_rep"), followers)

    def test_hourly_rate_comes_from_settings(self):
        self.env.user.company_id.komunigi_hourly_rate = 60
        self.assertEqual(self.new_request().hourly_rate, 60)

    def test_requester_is_not_counted_as_interested(self):
        request = self.new_request()
        with self.assertFails(UserError):
            request.action_add_interest(self.oufticoop)
        self.assertEqual(request.interest_count, 0)

    def test_no_longer_needed(self):
        request = self.new_request(interested_partner_ids=[(6, 0, self.demain.ids)])
        request.action_remove_interest(self.demain)
        self.assertEqual(request.interest_count, 0)

    def test_empty_title_and_negative_estimate_are_refused(self):
        with self.assertFails(ValidationError):
            self.new_request(title="   ")
        with self.assertFails(ValidationError):
            self.new_request(estimate_hours=-1)
        self.assertFalse(self.Request.search([("title", "=", "   ")]))

    def test_estimate_needed_before_estimated(self):
        request = self.new_request()
        request.action_submit()
        request.action_start_analysis()
        with self.assertFails(UserError):
            request.action_estimate()
        self.assertEqual(request.state, "analysis")

    def test_invalid_transition(self):
        request = self.new_request()
        with self.assertFails(UserError):
            request.action_deliver()
        self.assertEqual(request.state, "draft")

    def test_changing_an_approved_estimate_reopens_the_decision(self):
        request = self.new_request(estimate_hours=6, hourly_rate=55)
        for step in ("action_submit", "action_start_analysis", "action_estimate"):
            getattr(request, step)()
        request.action_approve()
        request.estimate_hours = 8
        self.assertEqual(request.state, "estimated")
        self.assertIn("open again", request.message_ids[0].body)

    def test_reject_needs_a_reason(self):
        request = self.new_request()
        with self.assertFails(UserError):
            request.action_reject("")
        request.action_reject("Already in Odoo 12")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.rejection_reason, "Already in Odoo 12")

    def test_merge_moves_supporters_without_double_counting(self):
        target = self.new_request(
            "Shift alert", interested_partner_ids=[(6, 0, self.demain.ids)]
        )
        duplicate = self.new_request(
            "Alert date field",
            coop=self.lenid,
            interested_partner_ids=[(6, 0, (self.demain | self.oufticoop).ids)],
        )
        duplicate.action_merge_into(target)
        self.assertEqual(duplicate.state, "merged")
        self.assertEqual(duplicate.merged_into_id, target)
        self.assertEqual(target.interested_partner_ids, self.demain | self.lenid)
        self.assertEqual(target.interest_count, 2)
        self.assertIn(self.lenid, target.message_partner_ids)
        self.assertIn("merged into this request", target.message_ids[0].body)
        self.assertIn("Merged into", duplicate.message_ids[0].body)

    def test_merge_into_itself_or_a_merged_request_is_refused(self):
        request, other, third = (
            self.new_request(),
            self.new_request(),
            self.new_request(),
        )
        with self.assertFails(UserError):
            request.action_merge_into(request)
        other.action_merge_into(third)
        with self.assertFails(UserError):
            request.action_merge_into(other)
        self.assertEqual(request.state, "draft")

    def test_portal_sees_submitted_and_own_drafts_only(self):
        draft_elsewhere = self.new_request(coop=self.bees)
        own_draft = self.new_request()
        submitted = self.new_request(coop=self.bees)
        submitted.action_submit()
        user = self.env.ref("komunigi_membership.user_oufticoop_rep")
        visible = self.Request.sudo(user).search([])
        self.assertIn(own_draft, visible)
        self.assertIn(submitted, visible)
        self.assertNotIn(draft_elsewhere, visible)
