# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase


class TestLogEntry(TransactionCase):
    def test_new_entry_is_dated_today_and_internal(self):
        entry = self.env["komunigi.log.entry"].create({"name": "Oufticoop joins"})
        self.assertEqual(entry.date, fields.Date.context_today(entry))
        self.assertFalse(entry.is_published)

    def test_latest_entries_first(self):
        log = self.env["komunigi.log.entry"]
        old = log.create({"name": "Old", "date": "2022-09-01"})
        new = log.create({"name": "New", "date": "2023-01-15"})
        self.assertEqual(log.search([("id", "in", (old | new).ids)]), new | old)
        self.assertEqual(log.search([("id", "in", (old | new).ids)])[0], new)

    def test_analyst_reads_but_cannot_write(self):
        analyst = self.env["res.users"].create(
            {
                "name": "Analyst",
                "login": "analyst-test",
                "groups_id": [
                    (6, 0, [self.env.ref("komunigi_membership.group_analyst").id])
                ],
            }
        )
        entry = self.env["komunigi.log.entry"].create({"name": "Session closed"})
        self.assertEqual(entry.sudo(analyst).name, "Session closed")
        with self.assertRaises(AccessError):
            entry.sudo(analyst).write({"name": "Changed"})
