# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import KomunigiCase, month_start


class TestMembership(KomunigiCase):
    def test_life_cycle_and_partner_state(self):
        coop = self.make_coop("Coop Alpha")
        self.assertEqual(coop.komunigi_membership_state, "none")
        membership = self.make_membership(coop, activate=False)
        self.assertEqual(coop.komunigi_membership_state, "draft")
        membership.action_activate()
        self.assertEqual(coop.komunigi_membership_state, "active")
        membership.action_suspend()
        self.assertEqual(coop.komunigi_membership_state, "suspended")
        membership.action_activate()
        membership.action_end()
        self.assertEqual(membership.state, "ended")
        self.assertTrue(membership.date_end)
        self.assertEqual(coop.komunigi_membership_state, "ended")
        self.assertIn(
            coop,
            self.env["res.partner"].search(
                [("komunigi_membership_state", "=", "ended")]
            ),
        )

    def test_wrong_transitions_are_refused(self):
        membership = self.make_membership(self.make_coop("Coop Beta"), activate=False)
        with self.assertFails(UserError):
            membership.action_suspend()
        membership.action_end()
        with self.assertFails(UserError):
            membership.action_activate()
        with self.assertFails(UserError):
            membership.action_end()

    def test_one_active_membership_per_coop(self):
        coop = self.make_coop("Coop Gamma")
        self.make_membership(coop)
        second = self.make_membership(coop, activate=False)
        with self.assertFails(ValidationError):
            second.action_activate()
        self.assertEqual(second.state, "draft")

    def test_unique_index_guards_concurrent_activation(self):
        coop = self.make_coop("Coop Delta")
        self.make_membership(coop)
        second = self.make_membership(coop, activate=False)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env.cr.execute(
                "UPDATE komunigi_membership SET state = 'active' WHERE id = %s",
                (second.id,),
            )

    def test_end_before_start_is_refused(self):
        with self.assertFails(ValidationError):
            self.make_membership(
                self.make_coop("Coop Epsilon"),
                date_start=month_start(0),
                date_end=month_start(1),
            )

    def test_representatives_belong_to_the_coop(self):
        coop = self.make_coop("Coop Zeta")
        stranger = self.env.ref("komunigi_membership.partner_bees_rep")
        with self.assertFails(ValidationError):
            self.make_membership(coop, representative_ids=[(6, 0, stranger.ids)])

    def test_grant_portal_access_creates_portal_users(self):
        coop = self.make_coop("Coop Eta")
        rep = self.env["res.partner"].create(
            {"name": "Rep Eta", "parent_id": coop.id, "email": "rep@eta.example"}
        )
        membership = self.make_membership(coop, representative_ids=[(6, 0, rep.ids)])
        membership.action_grant_portal_access()
        self.assertTrue(rep.user_ids)
        self.assertTrue(rep.user_ids.has_group("base.group_portal"))
        # A second click changes nothing.
        membership.action_grant_portal_access()
        self.assertEqual(len(rep.with_context(active_test=False).user_ids), 1)

    def test_grant_portal_access_needs_an_email(self):
        coop = self.make_coop("Coop Theta")
        rep = self.env["res.partner"].create({"name": "No mail", "parent_id": coop.id})
        membership = self.make_membership(coop, representative_ids=[(6, 0, rep.ids)])
        with self.assertFails(UserError):
            membership.action_grant_portal_access()
        self.assertFalse(rep.user_ids)

    def test_tier_change_applies_from_next_period(self):
        membership = self.make_membership(self.make_coop("Coop Iota"))
        self.invoice(membership)
        observer = self.env.ref("komunigi_membership.tier_observer")
        wizard = self.env["komunigi.membership.change.wizard"].with_context(
            active_id=membership.id
        )
        wizard.create({"tier_id": observer.id, "date": False}).action_apply()
        self.assertEqual(membership.change_ids.previous_tier_id, self.tier)
        self.assertEqual(membership.change_ids.date, month_start(-1))
        self.assertEqual(membership.tier_id, observer)
        self.invoice(membership, until=month_start(-1))
        self.assertEqual(
            [dues.tier_id for dues in membership.dues_ids.sorted("period_start")],
            [self.tier] * 3 + [observer],
        )

    def test_representative_reads_only_own_coop(self):
        bees_user = self.env.ref("komunigi_membership.user_bees_rep")
        visible = self.Membership.sudo(bees_user).search([])
        self.assertEqual(
            visible.mapped("partner_id"),
            self.env.ref("komunigi_membership.partner_bees"),
        )
        with self.assertRaises(Exception):
            self.env.ref("komunigi_membership.membership_oufticoop").sudo(
                bees_user
            ).name
