# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import KomunigiCase
from .users import make_user


class LogCase(KomunigiCase):
    """Users and people of the log tests, apart from the demo data."""

    def make_person(self, coop, name):
        return self.env["res.partner"].create({"name": name, "parent_id": coop.id})

    def make_user(self, login, groups, partner=None):
        return make_user(self.env, login, groups, partner)


class TestLogEntry(LogCase):
    """The project log itself: review, publication, who reads what."""

    def test_new_entry_is_dated_today_kept_and_internal(self):
        entry = self.env["komunigi.log.entry"].create({"name": "Oufticoop joins"})
        self.assertEqual(entry.date, fields.Date.context_today(entry))
        self.assertEqual(entry.state, "kept")
        self.assertFalse(entry.is_published)

    def test_latest_entries_first(self):
        log = self.env["komunigi.log.entry"]
        old = log.create({"name": "Old", "date": "2022-09-01"})
        new = log.create({"name": "New", "date": "2023-01-15"})
        self.assertEqual(log.search([("id", "in", (old | new).ids)]), new | old)
        self.assertEqual(log.search([("id", "in", (old | new).ids)])[0], new)

    def test_analyst_reads_but_cannot_write(self):
        analyst = self.make_user("analyst-test", ["komunigi_membership.group_analyst"])
        entry = self.env["komunigi.log.entry"].create({"name": "Session closed"})
        self.assertEqual(entry.sudo(analyst).name, "Session closed")
        with self.assertRaises(AccessError):
            entry.sudo(analyst).write({"name": "Changed"})

    def test_tags(self):
        tag = self.env["komunigi.log.tag"].create({"name": "Migration test"})
        entry = self.env["komunigi.log.entry"].create(
            {"name": "Migration funded", "tag_ids": [(6, 0, tag.ids)]}
        )
        self.assertEqual(
            self.env["komunigi.log.entry"].search([("tag_ids", "in", tag.ids)]), entry
        )

    def test_review_keep_publish_drop(self):
        Entry = self.env["komunigi.log.entry"]
        coop = self.make_coop("Review Coop")
        entry = Entry._draft_event(
            coop,
            "joined",
            "2026-01-10",
            "Review Coop joins",
            member_url="/my/komunigi",
            public_url="/komunigi/log",
        )
        self.assertEqual(entry.member_url, "/my/komunigi")
        self.assertEqual(entry.public_url, "/komunigi/log")
        self.assertEqual(entry.state, "draft")
        entry.action_keep()
        self.assertEqual(entry.state, "kept")
        entry.action_publish()
        self.assertTrue(entry.is_published)
        self.assertEqual(entry.website_url, "/komunigi/log/%d" % entry.id)
        entry.action_drop()
        self.assertFalse(entry.active)
        self.assertFalse(entry.is_published)
        # A dropped entry never comes back: drafting its event again finds it.
        self.assertEqual(
            Entry._draft_event(coop, "joined", "2026-01-11", "Review Coop joins"), entry
        )
        self.assertEqual(
            Entry.with_context(active_test=False).search_count(
                [("source_model", "=", "res.partner"), ("source_id", "=", coop.id)]
            ),
            1,
        )

    def test_publish_a_draft_or_dropped_entry_is_refused(self):
        Entry = self.env["komunigi.log.entry"]
        entry = Entry._draft_event(
            self.make_coop("Draft Coop"), "joined", "2026-01-10", "x"
        )
        with self.assertFails(ValidationError):
            entry.write({"is_published": True})
        self.assertFalse(entry.is_published)
        entry.action_keep()
        entry.action_drop()
        with self.assertFails(ValidationError):
            entry.write({"is_published": True})

    def test_an_event_has_one_entry_even_when_two_runs_insert_it(self):
        Entry = self.env["komunigi.log.entry"]
        coop = self.make_coop("Twin Coop")
        Entry._draft_event(coop, "left", "2026-01-10", "Twin Coop leaves")
        with self.assertFails(Exception):
            Entry.create(
                {
                    "name": "Twin",
                    "source_model": "res.partner",
                    "source_id": coop.id,
                    "source_event": "left",
                }
            )

    def test_outside_komunigi_only_published_entries_are_read(self):
        Entry = self.env["komunigi.log.entry"]
        public = Entry.create({"name": "Public news", "is_published": True})
        internal = Entry.create({"name": "Internal note"})
        coop = self.make_coop("Portal Coop")
        person = self.make_person(coop, "Paula Portal")
        portal = self.make_user("portal-log", ["base.group_portal"], person)
        employee = self.make_user("employee-log", ["base.group_user"])
        visitor = self.env.ref("base.public_user")
        for user in (portal, employee, visitor):
            found = Entry.sudo(user).search([("id", "in", (public | internal).ids)])
            self.assertEqual(found, public, user.login)
            with self.assertRaises(AccessError):
                public.sudo(user).write({"name": "Changed"})
        analyst = self.make_user("analyst-log", ["komunigi_membership.group_analyst"])
        self.assertEqual(
            Entry.sudo(analyst).search([("id", "in", (public | internal).ids)]),
            public | internal,
        )


class TestJoinLeaveEntries(LogCase):
    """A co-op that joins or leaves gets a draft entry for the coordinator to review,
    dated the day it happens, once."""

    def test_join_then_leave(self):
        coop = self.make_coop("Joining Coop")
        membership = self.make_membership(coop, activate=False)
        self.assertFalse(self.log_entries(membership, "joined"))
        membership.action_activate()
        joined = self.assertDrafted(membership, "joined")
        self.assertIn("Joining Coop", joined.name)
        self.assertIn("Test active", joined.body)
        # A suspension and a re-activation are no new join.
        membership.action_suspend()
        membership.action_activate()
        self.assertEqual(len(self.log_entries(membership, "joined")), 1)
        membership.action_end()
        left = self.log_entries(membership, "left")
        self.assertEqual(len(left), 1)
        self.assertIn("Joining Coop", left.name)
        self.assertEqual(left.date, fields.Date.context_today(left))

    def test_a_dropped_join_entry_stays_dropped(self):
        coop = self.make_coop("Dropped Coop")
        membership = self.make_membership(coop)
        self.log_entries(membership, "joined").action_drop()
        membership.action_suspend()
        membership.action_activate()
        entry = self.log_entries(membership, "joined")
        self.assertEqual(len(entry), 1)
        self.assertFalse(entry.active)

    def test_a_representative_reads_the_entry_once_published(self):
        coop = self.make_coop("Published Coop")
        membership = self.make_membership(coop)
        entry = self.log_entries(membership, "joined")
        person = self.make_person(coop, "Rita Representative")
        representative = self.make_user("rep-log", ["base.group_portal"], person)
        Entry = self.env["komunigi.log.entry"].sudo(representative)
        self.assertFalse(Entry.search([("id", "=", entry.id)]))
        entry.action_publish()
        self.assertEqual(Entry.search([("id", "=", entry.id)]), entry)
