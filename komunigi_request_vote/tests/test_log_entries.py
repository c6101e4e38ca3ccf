# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The project log entries of requests and sessions: drafted at the transition, dated
the day it happens, once per record and event, with the record's links."""

from odoo import fields
from odoo.tests.common import TransactionCase

from odoo.addons.komunigi_membership.tests.common import KomunigiMixin, moment


class TestRequestVoteLogEntries(KomunigiMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.Entry = self.env["komunigi.log.entry"]
        self.bees = self.env.ref("komunigi_membership.partner_bees")
        self.today = fields.Date.context_today(self.Entry)

    def new_request(self, title):
        return self.env["komunigi.request"].create(
            {"title": title, "partner_id": self.bees.id, "estimate_hours": 3}
        )

    def estimated(self, title):
        request = self.new_request(title)
        request.action_submit()
        request.action_start_analysis()
        request.action_estimate()
        return request

    def closed_session(self, request):
        session = self.env["komunigi.session"].create(
            {
                "name": "Log test session",
                "date": self.today,
                "voting_opens": moment(hours=-1),
                "voting_closes": moment(days=1),
                "item_ids": [
                    (0, 0, {"name": "Log item", "request_ids": [(6, 0, request.ids)]})
                ],
            }
        )
        session.action_open()
        session.action_close()
        return session

    def test_a_submitted_request_is_drafted_with_its_links(self):
        request = self.new_request("Log test shelf labels")
        self.assertFalse(self.log_entries(request, "request_submitted"))
        request.action_submit()
        entry = self.assertDrafted(request, "request_submitted")
        self.assertIn("Log test shelf labels", entry.name)
        self.assertIn(self.bees.name, entry.body)
        self.assertEqual(entry.member_url, "/my/requests/%d" % request.id)
        self.assertEqual(entry.public_url, request.website_url)
        # Moves that the log does not report draft nothing.
        request.action_start_analysis()
        self.assertEqual(
            self.Entry.search_count(
                [("source_model", "=", request._name), ("source_id", "=", request.id)]
            ),
            1,
        )

    def test_a_delivered_request_is_drafted_once(self):
        request = self.estimated("Log test wallet")
        request.action_approve()
        request.action_start_development()
        request.action_deliver()
        entry = self.log_entries(request, "request_delivered")
        self.assertEqual(len(entry), 1)
        self.assertIn("Log test wallet", entry.name)
        entry.action_drop()
        # The transition happening again (a request moved back and delivered anew)
        # finds the dropped entry: it never comes back.
        request._write_state("development")
        request.action_deliver()
        self.assertEqual(self.log_entries(request, "request_delivered"), entry)
        self.assertFalse(entry.active)

    def test_a_closed_session_is_drafted_once_with_its_results(self):
        request = self.estimated("Log test vote")
        session = self.closed_session(request)
        entry = self.log_entries(session, "session_closed")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.date, self.today)
        self.assertIn("Log item", entry.body)
        self.assertIn(session.item_ids.result_summary, entry.body)
        self.assertEqual(entry.public_url, session.website_url)
        self.assertEqual(entry.member_url, "/my/sessions")
        session.action_close()  # closing twice has its effect once
        self.assertEqual(self.log_entries(session, "session_closed"), entry)

    def test_a_representative_reads_only_published_entries(self):
        request = self.new_request("Log test reading")
        request.action_submit()
        entry = self.log_entries(request, "request_submitted")
        representative = self.env.ref("komunigi_membership.user_bees_rep")
        as_rep = self.Entry.sudo(representative)
        self.assertFalse(as_rep.search([("id", "=", entry.id)]))
        entry.action_publish()
        self.assertEqual(as_rep.search([("id", "=", entry.id)]), entry)
        self.assertFalse(entry.sudo(representative).check_access_rights("write", False))
