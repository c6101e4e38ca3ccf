# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The project log entry of a funded co-financing: drafted when it is funded, dated
that day, once even when it is funded again, naming only its co-funders."""

from odoo import fields
from odoo.tests.common import TransactionCase


class TestCofinancingLogEntries(TransactionCase):
    def setUp(self):
        super().setUp()
        ref = self.env.ref
        self.Entry = self.env["komunigi.log.entry"]
        self.bees = ref("komunigi_membership.partner_bees")
        self.lafeve = ref("komunigi_membership.partner_lafeve")
        self.demain = ref("komunigi_membership.partner_demain")
        self.cofinancing = self.env["komunigi.cofinancing"].create(
            {
                "name": "Log test development",
                "amount_total": 400,
                "share_ids": [
                    (0, 0, {"partner_id": coop.id})
                    for coop in (self.bees, self.lafeve, self.demain)
                ],
            }
        )

    def share_of(self, coop):
        return self.cofinancing.share_ids.filtered(lambda s: s.partner_id == coop)

    def entries(self):
        return self.Entry.with_context(active_test=False).search(
            [
                ("source_model", "=", "komunigi.cofinancing"),
                ("source_id", "=", self.cofinancing.id),
            ]
        )

    def test_funded_is_drafted_once_naming_the_cofunders(self):
        self.share_of(self.bees).action_pledge(300)
        self.assertEqual(self.cofinancing.state, "open")
        self.assertFalse(self.entries())
        self.share_of(self.lafeve).action_pledge(100)
        self.assertEqual(self.cofinancing.state, "funded")
        entry = self.entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.source_event, "cofinancing_funded")
        self.assertEqual(entry.state, "draft")
        self.assertEqual(entry.date, fields.Date.context_today(entry))
        self.assertIn("Log test development", entry.name)
        # Co-funders are the co-ops that committed, not those only listed; no amount.
        self.assertIn(self.bees.name, entry.body)
        self.assertIn(self.lafeve.name, entry.body)
        self.assertNotIn(self.demain.name, entry.body)
        self.assertNotIn("300", entry.body)
        self.assertEqual(entry.public_url, self.cofinancing.website_url)
        self.assertEqual(entry.member_url, "/my/cofinancings/%d" % self.cofinancing.id)

    def test_funded_again_after_a_withdrawal_keeps_one_entry(self):
        self.share_of(self.bees).action_pledge(400)
        entry = self.entries()
        entry.action_drop()
        self.share_of(self.bees).action_pledge(0)  # withdrawn before any invoice
        self.assertEqual(self.cofinancing.state, "open")
        self.share_of(self.bees).action_pledge(400)
        self.assertEqual(self.cofinancing.state, "funded")
        self.assertEqual(self.entries(), entry)
        self.assertFalse(entry.active)

    def test_a_representative_reads_the_entry_once_published(self):
        self.share_of(self.bees).action_pledge(400)
        entry = self.entries()
        representative = self.env.ref("komunigi_membership.user_bees_rep")
        as_rep = self.Entry.sudo(representative)
        self.assertFalse(as_rep.search([("id", "=", entry.id)]))
        entry.action_publish()
        self.assertEqual(as_rep.search([("id", "=", entry.id)]), entry)
