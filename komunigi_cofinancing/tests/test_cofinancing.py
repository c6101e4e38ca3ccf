# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.komunigi_membership.tests.chart import make_belgian_positions

from .common import CofinancingCase


class TestCofinancing(CofinancingCase):
    def test_migration_among_seven(self):
        migration = self.cofinancing(50000, self.coops + [self.provider])
        amounts = migration.share_ids.mapped("amount_offered")
        self.assertAlmostEqual(sum(amounts), 50000.00, places=2)
        self.assertLessEqual(max(amounts) - min(amounts), 0.0100001)

    def test_small_developments(self):
        self.assertEqual(
            self.cofinancing(300, self.coops[:4]).share_ids.mapped("amount_offered"),
            [75.0] * 4,
        )
        self.assertEqual(
            self.cofinancing(400, self.coops[:2]).share_ids.mapped("amount_offered"),
            [200.0] * 2,
        )

    def test_common_pot_and_provider(self):
        pot = self.cofinancing(
            1000, self.coops[:3], split_method="common_pot", pot_rate=30
        )
        self.assertEqual(pot.pot_amount, 300.0)
        self.assertAlmostEqual(
            sum(pot.share_ids.mapped("amount_offered")), 700.0, places=2
        )
        provider = self.cofinancing(
            1000, self.coops[:2], split_method="provider", provider_amount=200
        )
        self.assertEqual(provider.share_ids.mapped("amount_offered"), [400.0, 400.0])

    def test_bad_split_input_writes_nothing(self):
        with self.assertFails(UserError):
            self.cofinancing(1000, [])
        record = self.cofinancing(1000, self.coops[:2], split_method="weighted")
        record.share_ids.write({"weight": 0})
        with self.assertFails(UserError):
            record.action_compute_split()
        with self.assertFails(UserError):
            record.share_ids[0].pledge = -5
        self.assertEqual(record.share_ids.mapped("commitment"), ["none", "none"])
        with self.assertFails(ValidationError):
            self.cofinancing(100, self.coops[:2], milestones=(50, 40))

    def test_funded_when_pledges_cover_the_total_and_request_follows(self):
        request = self.approved_request(hours=6.6)
        record = self.cofinancing(330, self.coops[:3], request_id=request.id)
        with self.assertFails(UserError):
            record.action_check_funding()
        self.fund(record)
        self.assertEqual(record.state, "funded")
        self.assertEqual(request.state, "funded")

    def test_milestones_invoice_each_share_once_to_the_cent(self):
        positions = make_belgian_positions(self.env)
        record = self.cofinancing(100, self.coops[:3], milestones=(50, 50))
        self.fund(record)
        first, second = record.milestone_ids
        invoices = record.action_invoice_milestone(first)
        self.assertEqual(len(invoices), 3)
        self.assertFalse(record.action_invoice_milestone(first))  # double click
        record.action_invoice_milestone(second)
        self.assertEqual(record.state, "done")  # standalone: no delivery to wait for
        for share in record.share_ids:
            self.assertAlmostEqual(share.amount_invoiced, share.amount, places=2)
        self.assertEqual(len(record.share_ids.mapped("invoice_link_ids")), 6)
        # Fiscal position of the co-op applied (La Fève: export outside the EU).
        lafeve = record.share_ids.filtered(lambda s: s.partner_id == self.coops[1])
        self.assertEqual(
            lafeve.invoice_link_ids[0].invoice_id.fiscal_position_id,
            positions["export"],
        )

    def test_unfunded_cannot_be_invoiced(self):
        record = self.cofinancing(100, self.coops[:2])
        with self.assertFails(UserError):
            record.action_invoice_milestone(record.milestone_ids)
        self.assertFalse(record.mapped("share_ids.invoice_link_ids"))

    def test_late_joiner_money_in_equals_money_out(self):
        record = self.cofinancing(2200, self.coops[:2])
        self.fund(record)
        record.action_invoice_milestone(record.milestone_ids)
        newcomer = record.action_add_late_joiner(self.coops[2], discount=20)
        links = record.mapped("share_ids.invoice_link_ids")
        money_in = sum(
            links.filtered(lambda link: link.kind == "join").mapped("amount")
        )
        money_out = sum(
            links.filtered(lambda link: link.kind == "refund").mapped("amount")
        )
        self.assertAlmostEqual(money_in, 586.67, places=2)
        self.assertAlmostEqual(money_in, money_out, places=2)
        self.assertAlmostEqual(sum(record.share_ids.mapped("amount")), 2200, places=2)
        self.assertEqual(newcomer.amount, 586.67)
        refunds = links.filtered(lambda link: link.kind == "refund").mapped(
            "invoice_id"
        )
        self.assertEqual(set(refunds.mapped("type")), {"out_refund"})
        with self.assertFails(UserError):
            record.action_add_late_joiner(self.coops[2])
        with self.assertFails(UserError):
            record.action_add_late_joiner(self.coops[3], discount=100)

    def test_join_before_delivery_is_refused(self):
        record = self.cofinancing(100, self.coops[:2])
        with self.assertFails(UserError):
            record.action_add_late_joiner(self.coops[2])
        self.assertEqual(len(record.share_ids), 2)

    def test_total_must_be_positive(self):
        with self.assertFails(ValidationError):
            self.Cofinancing.create({"name": "Deposits", "amount_total": 0})

    def test_representative_sees_only_own_coop_cofinancings(self):
        mine = self.cofinancing(100, self.coops[:2])
        other = self.cofinancing(100, self.coops[2:4])
        portal_user = self.env.ref("komunigi_membership.user_bees_rep")
        visible = self.Cofinancing.sudo(portal_user).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)
        shares = self.env["komunigi.cofinancing.share"].sudo(portal_user).search([])
        self.assertEqual(shares.mapped("partner_id"), self.coops[0])
        with self.assertRaises(AccessError):
            mine.sudo(portal_user).write({"name": "Changed"})
