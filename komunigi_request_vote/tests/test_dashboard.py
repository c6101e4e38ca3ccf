# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The overview's request pipeline: a count per state, of the intercooperation (on
top of the demo's requests, read before) and of one co-op (its requests and those it
needs too)."""

from .common import RequestCase


class TestDashboardPipeline(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Dashboard = cls.env["komunigi.dashboard"]
        # The chatter's tracking messages are not what these tests read.
        cls.Request = cls.Request.with_context(tracking_disable=True)
        cls.coop = cls.env["res.partner"].create(
            {"name": "Coop Pipeline", "is_company": True}
        )
        before = cls.Dashboard.create({})
        cls.before = (before.request_submitted_count, before.request_analysis_count)
        # Oufticoop asks for one (in analysis) and needs Demain's (submitted) too;
        # BEES's draft is no concern of Oufticoop's.
        cls.analysed = cls.new_request("Pipeline analysed")
        cls.analysed.action_submit()
        cls.analysed.action_start_analysis()
        cls.needed = cls.new_request("Pipeline needed too", coop=cls.demain)
        cls.needed.action_submit()
        cls.needed.action_add_interest(cls.oufticoop)
        cls.other = cls.new_request("Pipeline other", coop=cls.bees)

    def pipeline(self, coop):
        dashboard = self.Dashboard.create({"coop_id": coop.id})
        return dashboard.request_submitted_count, dashboard.request_analysis_count

    def test_the_intercooperation_counts_every_request(self):
        now = self.Dashboard.create({})
        self.assertEqual(
            (now.request_submitted_count, now.request_analysis_count),
            (self.before[0] + 1, self.before[1] + 1),
        )

    def test_a_coop_counts_its_requests_and_those_it_needs_too(self):
        own_submitted = self.Request.search_count(
            [
                "|",
                ("partner_id", "=", self.oufticoop.id),
                ("interested_partner_ids", "in", self.oufticoop.ids),
                ("state", "=", "submitted"),
            ]
        )
        submitted, analysis = self.pipeline(self.oufticoop)
        self.assertEqual(submitted, own_submitted)
        self.assertGreaterEqual(submitted, 1)
        self.assertGreaterEqual(analysis, 1)

    def test_another_coops_requests_are_not_counted(self):
        self.assertEqual(self.pipeline(self.coop), (0, 0))
        dashboard = self.Dashboard.create({"coop_id": self.oufticoop.id})
        found = self.Request.search(dashboard.action_open_requests()["domain"])
        self.assertIn(self.needed, found)
        self.assertNotIn(self.other, found)

    def test_the_stat_button_opens_the_requests_of_its_state(self):
        dashboard = self.Dashboard.create({"coop_id": self.oufticoop.id})
        action = dashboard.with_context(
            komunigi_request_state="analysis"
        ).action_open_requests()
        found = self.Request.search(action["domain"])
        self.assertIn(self.analysed, found)
        self.assertNotIn(self.needed, found)
        self.assertEqual(set(found.mapped("state")), {"analysis"})

    def test_the_portal_row_names_each_state(self):
        dashboard = self.Dashboard._of_membership(
            self.env["komunigi.membership"].search(
                [("partner_id", "=", self.oufticoop.id)], limit=1
            )
        )
        pipeline = dict(dashboard._request_pipeline())
        self.assertEqual(pipeline["In analysis"], dashboard.request_analysis_count)
        self.assertEqual(len(pipeline), 9)
