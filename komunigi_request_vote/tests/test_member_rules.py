# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Only a member co-op submits a request or says it needs one: the request model
refuses the others whatever the door (the portal's forms, the backend, RPC), with the
message the portal shows, and writes nothing."""

from odoo.exceptions import UserError

from .test_request import RequestCase

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

    def test_member_coop_submits(self):
        request = self.new_request(coop=self.bees)
        request.action_submit()
        self.assertEqual(request.state, "submitted")

    def test_coop_that_is_no_member_cannot_submit(self):
        request = self.new_request(coop=self.vervicoop)
        self.assertEqual(self.refusal(request.action_submit), SUBMIT_REFUSED)
        self.assertEqual(request.state, "draft")
        self.assertEqual(
            self.refusal(self.Request._check_submitter_coop, self.vervicoop),
            SUBMIT_REFUSED,
        )
        # A user acting for no co-op at all (the portal's form asks first).
        self.assertEqual(
            self.refusal(
                self.Request._check_submitter_coop, self.env["res.partner"].browse()
            ),
            SUBMIT_REFUSED,
        )

    def test_network_submits_its_own_requests(self):
        """The projects a coordinator imports into a funding round are the network's."""
        network = self.env.user.company_id.partner_id
        request = self.new_request(coop=network)
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
