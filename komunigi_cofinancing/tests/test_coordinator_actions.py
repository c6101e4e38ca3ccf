# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The coordinators' buttons refuse an analyst, whatever RPC lets it call.

An analyst reads everything and writes requests (analysis, estimate). The buttons
that decide or invoice hide from it in the forms; called over RPC they used to run
until a business rule or the first write stopped them (or not at all when nothing
was left to write). Found by the isolation matrix (tests/test_isolation_matrix.py).
"""

from odoo.exceptions import AccessError

from .common import FundingRoundCase


class TestCoordinatorActions(FundingRoundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Analyst",
                    "login": "coordinator-actions-analyst",
                    "email": "analyst@coordinator-actions.example",
                    "groups_id": [
                        (6, 0, [cls.env.ref("komunigi_membership.group_analyst").id])
                    ],
                }
            )
        )

    def as_analyst(self, records):
        return records.sudo(self.analyst)

    def test_analyst_estimates_but_decides_nothing(self):
        request = self.env["komunigi.request"].create(
            {"title": "Estimated by the analyst", "partner_id": self.coops[0].id}
        )
        request.action_submit()
        mine = self.as_analyst(request)
        mine.action_start_analysis()
        mine.write({"estimate_hours": 3, "hourly_rate": 50})
        mine.action_estimate()
        self.assertEqual(request.state, "estimated")
        for decide in ("action_put_in_vote", "action_approve", "action_fund"):
            with self.assertFails(AccessError):
                getattr(mine, decide)()
        with self.assertFails(AccessError):
            mine.action_reject("not needed")
        self.assertEqual(request.state, "estimated")

    def test_analyst_cannot_run_rounds_nor_check_funding(self):
        funding_round = self.new_round(
            [(self.coops[0], 100)], [self.costed_request("A", 90)]
        )
        with self.assertFails(AccessError):
            self.as_analyst(funding_round).action_open()
        with self.assertFails(AccessError):
            self.as_analyst(funding_round).action_close()
        with self.assertFails(AccessError):
            self.as_analyst(funding_round.participant_ids).write({"budget": 1000})
        self.assertEqual(funding_round.participant_ids.budget, 100)
        cofinancing = self.cofinancing(300, self.coops[:2])
        for button in ("action_check_funding", "action_compute_split"):
            with self.assertFails(AccessError):
                getattr(self.as_analyst(cofinancing), button)()

    def test_analyst_cannot_change_memberships(self):
        membership = self.env["komunigi.membership"].search(
            [("partner_id", "=", self.coops[2].id), ("state", "=", "active")]
        )
        for button in (
            "action_suspend",
            "action_activate",
            "action_grant_portal_access",
            "action_invoice_due_periods",
        ):
            with self.assertFails(AccessError):
                getattr(self.as_analyst(membership), button)()
        self.assertEqual(membership.state, "active")

    def test_analyst_writes_no_decision(self):
        """An analyst's write cannot do what the buttons refuse it: no state, co-op,
        supporters nor rejection written directly."""
        request = self.env["komunigi.request"].create(
            {"title": "Written by the analyst", "partner_id": self.coops[0].id}
        )
        mine = self.as_analyst(request)
        for values in (
            {"state": "approved"},
            {"partner_id": self.coops[1].id},
            {"interested_partner_ids": [(4, self.coops[1].id)]},
            {"rejection_reason": "not needed"},
        ):
            with self.assertFails(AccessError):
                mine.write(values)
        mine.write({"estimate_hours": 4})
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.estimate_hours, 4)
