# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Only a member co-op submits a request or says it needs one: the request model
refuses the others whatever the door (the portal's forms, the backend, RPC), with the
message the portal shows, and writes nothing."""

from odoo.exceptions import UserError

from .common import RequestCase

SUBMIT_REFUSED = "Only the representatives of a member co-op can submit requests."
INTEREST_REFUSED = "Only the representatives of a member co-op can do this."


class TestMemberRules(RequestCase):
    def setUp(self):
        super().setUp()
        # A co-op whose membership is still a draft: no member yet.
        self.vervicoop = self.env.ref("komunigi_membership.partner_vervicoop")
        self.assertFalse(self.vervicoop._komunigi_active_membership())

    def refusal(self, method, *args):
        """The model's message when it refuses (in a savepoint)."""
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            method(*args)
        return caught.exception.name

    def test_coop_that_is_no_member_cannot_submit(self):
        """The analysts' door (backend, RPC): no request of a co-op that is no member."""
        analyst = self.env["res.users"].create(
            {
                "name": "Member rules analyst",
                "login": "member-rules-analyst",
                "email": "analyst@komunigi.example",
                "groups_id": [
                    (6, 0, [self.env.ref("komunigi_membership.group_analyst").id])
                ],
            }
        )
        request = self.new_request(coop=self.vervicoop).sudo(analyst)
        self.assertEqual(self.refusal(request.action_submit), SUBMIT_REFUSED)
        self.assertEqual(request.state, "draft")
        member_request = self.new_request(coop=self.bees).sudo(analyst)
        member_request.action_submit()
        self.assertEqual(member_request.state, "submitted")

    def test_portal_form_asks_the_model_first(self):
        """The portal's form asks the model before it creates anything, for the
        user's co-op, or for no co-op at all (a user acting for none)."""
        self.Request._check_submitter_coop(self.bees)
        for coop in (self.vervicoop, self.env["res.partner"].browse()):
            with self.subTest(coop=coop):
                self.assertEqual(
                    self.refusal(self.Request._check_submitter_coop, coop),
                    SUBMIT_REFUSED,
                )

    def test_coordinator_submits_for_the_network_and_for_coops_about_to_join(self):
        """The projects a coordinator imports into a funding round are the network's."""
        for coop in (self.env.user.company_id.partner_id, self.vervicoop):
            request = self.new_request(coop=coop)
            request.action_submit()
            self.assertEqual(request.state, "submitted")

    def test_only_member_coops_say_they_need_a_request(self):
        request = self.new_request()
        request.action_submit()
        request.action_add_interest(self.bees)
        self.assertEqual(
            self.refusal(request.action_add_interest, self.vervicoop), INTEREST_REFUSED
        )
        self.assertEqual(request.interested_partner_ids, self.bees)
        self.assertNotIn(
            self.vervicoop, request.message_follower_ids.mapped("partner_id")
        )
        self.assertEqual(
            self.refusal(request.action_remove_interest, self.vervicoop),
            INTEREST_REFUSED,
        )
        request.action_remove_interest(self.bees)
        self.assertFalse(request.interested_partner_ids)
