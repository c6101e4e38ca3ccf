# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import KomunigiCase


class TestSecurity(KomunigiCase):
    """The groups every komunigi addon builds on."""

    def test_coordinator_implies_analyst_and_internal_user(self):
        coordinator = self.env.ref("komunigi_membership.group_coordinator")
        analyst = self.env.ref("komunigi_membership.group_analyst")
        self.assertIn(analyst, coordinator.trans_implied_ids)
        self.assertIn(self.env.ref("base.group_user"), coordinator.trans_implied_ids)

    def test_admin_is_coordinator(self):
        self.assertTrue(
            self.env.ref("base.user_root").has_group(
                "komunigi_membership.group_coordinator"
            )
        )

    def test_demo_representatives_are_portal_users_of_their_coop(self):
        for xmlid, coop in [
            ("user_bees_rep", "partner_bees"),
            ("user_oufticoop_rep", "partner_oufticoop"),
        ]:
            user = self.env.ref("komunigi_membership." + xmlid)
            self.assertTrue(user.has_group("base.group_portal"))
            self.assertFalse(user.has_group("base.group_user"))
            self.assertEqual(
                user.partner_id.commercial_partner_id,
                self.env.ref("komunigi_membership." + coop),
            )

    def test_root_menu_only_for_komunigi_groups(self):
        menu = self.env.ref("komunigi_membership.menu_root")
        users = self.env["res.users"].with_context(no_reset_password=True)
        employee = users.create({"name": "Employee", "login": "employee-test"})
        analyst = users.create(
            {
                "name": "Analyst",
                "login": "analyst-test",
                "groups_id": [
                    (4, self.env.ref("komunigi_membership.group_analyst").id)
                ],
            }
        )
        menus = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, menus.sudo(employee)._visible_menu_ids())
        self.assertIn(menu.id, menus.sudo(analyst)._visible_menu_ids())
