# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The offer of a funding round: frozen when it opens, held until it closes.

An open round used to read its requests through a field whose domain (``state =
estimated``) also filters on read: a request that changed state vanished from the
round, its votes were refused and closing failed with a raw ``RuleError``.
"""

import base64
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from odoo.addons.komunigi_membership.tests.common import moment

from ..lib import pabulib
from .common import FundingRoundCase


class TestFundingRoundOffer(FundingRoundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = cls.costed_request("Offered A", 300)
        cls.b = cls.costed_request("Offered B", 200)
        cls.one, cls.two = cls.coops[0], cls.coops[2]
        cls.round = cls.new_round(
            [(cls.one, 300), (cls.two, 300)],
            cls.a | cls.b,
            name="Spring round",
            rule="mes",
        )
        cls.Ballot = cls.env["komunigi.funding.round.ballot"]

    def session_on(self, request):
        """A session whose yes/no item decides `request`, voting open now."""
        session = self.env["komunigi.session"].create(
            {
                "name": "Meeting",
                "date": fields.Date.today(),
                "voting_opens": moment(hours=-1),
                "voting_closes": moment(days=1),
            }
        )
        self.env["komunigi.session.item"].create(
            {
                "session_id": session.id,
                "name": "Decide",
                "method": "yes_no",
                "request_ids": [(6, 0, request.ids)],
            }
        )
        return session

    def attempt(self, action):
        """Do `action` as a coordinator would; a refusal (UserError) is an answer."""
        try:
            with self.env.cr.savepoint():
                action()
        except UserError:
            return False
        return True

    def things_happen_to(self, request):
        """What used to take a request out of an open round, in an order that leaves
        it out of the ``estimated`` state if nothing refuses."""
        self.attempt(lambda: request.write({"estimate_hours": 100}))
        self.attempt(lambda: self.session_on(request).action_open())
        self.attempt(request.action_approve)
        self.attempt(lambda: request.action_reject("Not now"))

    # --- the defects ----------------------------------------------------------------
    def test_vote_for_a_request_that_something_happened_to(self):
        self.things_happen_to(self.a)
        ballot = self.Ballot.cast(self.round, self.one, self.a | self.b)
        self.assertEqual(ballot.approved_request_ids, self.a | self.b)

    def test_close_after_something_happened_to_an_approved_request(self):
        self.Ballot.cast(self.round, self.one, self.a | self.b)
        self.Ballot.cast(self.round, self.two, self.a)
        self.things_happen_to(self.a)
        self.round.action_close()  # was: RuleError, "supports the unknown project"
        self.assertEqual(self.round.selected_request_ids, self.a)
        cofinancing = self.round.cofinancing_ids
        self.assertEqual(cofinancing.amount_total, 300)  # the cost at opening
        self.assertEqual(sorted(cofinancing.share_ids.mapped("amount")), [150, 150])
        self.assertEqual(self.a.state, "funded")

    def test_close_turns_rule_errors_into_user_errors(self):
        """A budget the model refuses, written behind its back (SQL, an import)."""
        self.env.cr.execute(
            "UPDATE komunigi_funding_round_participant SET budget = -5"
            " WHERE round_id = %s",
            [self.round.id],
        )
        self.round.invalidate_cache()
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            self.round.action_close()
        self.assertIn("Spring round", refusal.exception.name)
        self.assertEqual(self.round.state, "open")
        self.assertFalse(self.round.cofinancing_ids)

    def test_cron_closes_each_ended_round_on_its_own(self):
        """A round that cannot close neither blocks the others nor half-closes."""
        good = self.new_round(
            [(self.one, 100)], self.costed_request("C", 50), name="Good round"
        )
        yesterday = fields.Date.to_string(datetime.now() - timedelta(days=1))
        (self.round | good).write({"date_from": yesterday, "date_to": yesterday})
        self.env.cr.execute(
            "UPDATE komunigi_funding_round_participant SET budget = -5"
            " WHERE round_id = %s",
            [self.round.id],
        )
        self.round.invalidate_cache()
        self.env["komunigi.funding.round"]._cron_close_rounds()
        self.assertEqual(good.state, "closed")
        self.assertEqual(self.round.state, "open")
        self.assertFalse(self.round.cofinancing_ids)

    def test_open_round_holds_its_requests(self):
        other = self.env["komunigi.funding.round"].create(
            {
                "name": "Other round",
                "date_to": self.round.date_to,
                "participant_ids": [(0, 0, {"partner_id": self.one.id, "budget": 50})],
                "request_ids": [(6, 0, self.b.ids)],
            }
        )
        refusals = [
            other.action_open,
            lambda: self.session_on(self.b).action_open(),
            lambda: self.b.write({"fixed_costs": 250}),
            lambda: self.b.action_reject("Not now"),
            self.b.action_put_in_vote,
        ]
        for refused in refusals:
            with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
                refused()
            self.assertIn("Spring round", refusal.exception.name)
            self.assertIn(self.b.name, refusal.exception.name)
        self.assertEqual(self.b.state, "estimated")
        self.assertEqual(self.b.estimate_total, 200)
        self.assertEqual(other.state, "draft")
        self.round.action_close()  # nobody voted: nothing selected, b is free again
        other.action_open()
        self.assertEqual(other.state, "open")

    def test_offer_is_frozen_at_opening(self):
        participant = self.round.participant_ids[0]
        refusals = [
            lambda: participant.write({"budget": 1000}),
            participant.unlink,
            lambda: self.round.write(
                {
                    "participant_ids": [
                        (0, 0, {"partner_id": self.coops[1].id, "budget": 9})
                    ]
                }
            ),
            lambda: self.round.write({"request_ids": [(5,)]}),
        ]
        for refused in refusals:
            with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
                refused()
            self.assertIn("Spring round", refusal.exception.name)
        lines = self.round.line_ids
        self.assertEqual(lines.mapped("request_id"), self.a | self.b)
        self.assertEqual(sorted(lines.mapped("cost")), [200, 300])
        self.assertEqual(
            sorted(lines.mapped("reference")), sorted((self.a | self.b).mapped("name"))
        )

    def test_closed_round_keeps_its_offer_and_selection(self):
        self.Ballot.cast(self.round, self.one, self.a)
        self.Ballot.cast(self.round, self.two, self.a)
        self.round.action_close()
        self.a.action_start_development()
        self.b.write({"fixed_costs": 999})  # free again: the round keeps its cost
        self.session_on(self.b).action_open()
        self.assertEqual(self.round.selected_request_ids, self.a)
        by_request = {line.request_id: line for line in self.round.line_ids}
        self.assertEqual(set(by_request), {self.a, self.b})
        self.assertTrue(by_request[self.a].selected)
        self.assertFalse(by_request[self.b].selected)
        self.assertEqual(by_request[self.b].cost, 200)

    def test_closed_round_exports_its_whole_offer(self):
        self.Ballot.cast(self.round, self.one, self.a)
        self.Ballot.cast(self.round, self.two, self.a)
        self.round.action_close()
        self.a.action_start_development()
        wizard = self.env["komunigi.funding.round.pabulib"].create(
            {"round_id": self.round.id}
        )
        wizard.action_export()
        pb = pabulib.parse(base64.b64decode(wizard.data).decode("utf-8"))
        projects = {row["project_id"]: row for row in pb.projects}
        self.assertEqual(set(projects), {self.a.name, self.b.name})
        self.assertEqual(projects[self.a.name].get("selected"), "1")
        self.assertEqual(projects[self.b.name].get("selected"), "0")
        self.assertEqual(float(projects[self.a.name]["cost"]), 300)
        self.assertEqual({row["vote"] for row in pb.votes}, {self.a.name})

    def test_closing_twice_has_its_effect_once(self):
        self.Ballot.cast(self.round, self.one, self.a)
        self.Ballot.cast(self.round, self.two, self.a)
        self.round.action_close()
        self.round.action_close()  # a double click
        self.env["komunigi.funding.round"]._cron_close_rounds()
        self.assertEqual(len(self.round.cofinancing_ids), 1)
        closings = self.round.message_ids.filtered(
            lambda m: "Round closed" in (m.body or "")
        )
        self.assertEqual(len(closings), 1)

    def test_draft_round_cannot_close(self):
        draft = self.env["komunigi.funding.round"].create(
            {"name": "Draft round", "date_to": self.round.date_to}
        )
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            draft.action_close()
        self.assertIn("Draft round", refusal.exception.name)

    def test_backend_cannot_store_a_ballot_the_portal_would_refuse(self):
        not_offered = self.costed_request("Not offered", 10)
        for values in (
            {"partner_id": self.coops[1].id, "approved_request_ids": [(6, 0, [])]},
            {"partner_id": self.one.id, "approved_request_ids": [(4, not_offered.id)]},
        ):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.Ballot.create(dict(values, round_id=self.round.id))
        self.assertFalse(self.round.ballot_ids)
        ballot = self.Ballot.cast(self.round, self.one, self.a)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            ballot.write({"approved_request_ids": [(4, not_offered.id)]})
        self.round.action_close()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            ballot.write({"approved_request_ids": [(4, self.b.id)]})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            ballot.unlink()
        self.assertEqual(ballot.approved_request_ids, self.a)
