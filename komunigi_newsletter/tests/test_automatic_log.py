# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields

from .common import NewsletterCase


def installed(env, model):
    return model in env


class TestJoinLeaveEntries(NewsletterCase):
    """A co-op that joins or leaves gets a draft entry for the coordinator to review."""

    def entries(self, membership, event):
        return (
            self.env["komunigi.log.entry"]
            .with_context(active_test=False)
            .search(
                [
                    ("source_model", "=", "komunigi.membership"),
                    ("source_id", "=", membership.id),
                    ("source_event", "=", event),
                ]
            )
        )

    def test_join_then_leave(self):
        coop = self.make_coop("Joining Coop")
        membership = self.make_membership(coop, activate=False)
        self.assertFalse(self.entries(membership, "joined"))
        membership.action_activate()
        joined = self.entries(membership, "joined")
        self.assertEqual(len(joined), 1)
        self.assertEqual(joined.state, "draft")
        self.assertFalse(joined.is_published)
        self.assertIn("Joining Coop", joined.name)
        self.assertEqual(joined.date, fields.Date.context_today(joined))
        # A suspension and a re-activation are no new join.
        membership.action_suspend()
        membership.action_activate()
        self.assertEqual(len(self.entries(membership, "joined")), 1)
        membership.action_end()
        left = self.entries(membership, "left")
        self.assertEqual(len(left), 1)
        self.assertIn("Joining Coop", left.name)

    def test_a_dropped_join_entry_stays_dropped(self):
        coop = self.make_coop("Dropped Coop")
        membership = self.make_membership(coop)
        self.entries(membership, "joined").action_drop()
        membership.action_suspend()
        membership.action_activate()
        entry = self.entries(membership, "joined")
        self.assertEqual(len(entry), 1)
        self.assertFalse(entry.active)


class TestOptionalEvents(NewsletterCase):
    """Sessions closed, co-financings funded, requests delivered: drafted by a cron
    that reads the optional addons when they are installed."""

    def setUp(self):
        super().setUp()
        self.coop = self.make_coop("Event Coop")
        self.make_membership(self.coop)

    def make_request(self, title, state="estimated"):
        request = self.env["komunigi.request"].create(
            {"title": title, "partner_id": self.coop.id, "estimate_hours": 4}
        )
        steps = {
            "submitted": ["action_submit"],
            "estimated": ["action_submit", "action_start_analysis", "action_estimate"],
            "delivered": [
                "action_submit",
                "action_start_analysis",
                "action_estimate",
                "action_approve",
                "action_start_development",
                "action_deliver",
            ],
        }[state]
        for step in steps:
            getattr(request, step)()
        return request

    def test_without_the_optional_addons_the_cron_drafts_nothing(self):
        if installed(self.env, "komunigi.request"):
            self.skipTest("komunigi_request_vote is installed")
        self.assertFalse(self.env["komunigi.log.entry"]._cron_draft_entries())

    def test_delivered_request_drafted_once(self):
        if not installed(self.env, "komunigi.request"):
            self.skipTest("komunigi_request_vote is not installed")
        request = self.make_request("Shelf labels for the test", "delivered")
        Entry = self.env["komunigi.log.entry"]
        drafted = Entry._cron_draft_entries()
        entry = drafted.filtered(lambda e: e.source_id == request.id)
        self.assertEqual(entry.source_event, "request_delivered")
        self.assertEqual(entry.state, "draft")
        self.assertIn("Shelf labels for the test", entry.name)
        again = Entry._cron_draft_entries()
        self.assertEqual(again.filtered(lambda e: e.source_id == request.id), entry)
        self.assertEqual(
            Entry.search_count(
                [
                    ("source_model", "=", "komunigi.request"),
                    ("source_id", "=", request.id),
                ]
            ),
            1,
        )

    def test_closed_session_drafted_with_its_results(self):
        if not installed(self.env, "komunigi.session"):
            self.skipTest("komunigi_request_vote is not installed")
        request = self.make_request("Wallet for the session test")
        session = self.env["komunigi.session"].create(
            {
                "name": "Test session",
                "date": fields.Date.context_today(self.env.user),
                "voting_opens": "2026-01-01 10:00:00",
                "voting_closes": "2026-01-02 10:00:00",
                "item_ids": [
                    (0, 0, {"name": "Wallet?", "request_ids": [(6, 0, request.ids)]})
                ],
            }
        )
        session.action_open()
        session.action_close()
        entries = self.env["komunigi.log.entry"]._cron_draft_entries()
        entry = entries.filtered(
            lambda e: e.source_model == "komunigi.session" and e.source_id == session.id
        )
        self.assertEqual(entry.source_event, "session_closed")
        self.assertIn("Wallet?", entry.body)

    def test_funded_cofinancing_drafted_once(self):
        if not installed(self.env, "komunigi.cofinancing"):
            self.skipTest("komunigi_cofinancing is not installed")
        cofinancing = self.env["komunigi.cofinancing"].create(
            {
                "name": "Test co-financing",
                "amount_total": 300,
                "share_ids": [(0, 0, {"partner_id": self.coop.id})],
            }
        )
        cofinancing.share_ids.action_pledge(300)
        self.assertEqual(cofinancing.state, "funded")
        Entry = self.env["komunigi.log.entry"]
        first = Entry._cron_draft_entries().filtered(
            lambda e: (
                e.source_model == "komunigi.cofinancing"
                and e.source_id == cofinancing.id
            )
        )
        self.assertEqual(first.source_event, "cofinancing_funded")
        self.assertIn("Event Coop", first.body)
        first.action_drop()
        Entry._cron_draft_entries()
        self.assertEqual(
            Entry.with_context(active_test=False).search_count(
                [
                    ("source_model", "=", "komunigi.cofinancing"),
                    ("source_id", "=", cofinancing.id),
                ]
            ),
            1,
        )
