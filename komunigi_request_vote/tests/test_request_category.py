# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import RequestCase


class TestRequestCategory(RequestCase):
    def test_seed_categories_are_loaded_in_order(self):
        names = self.env["komunigi.request.category"].search([]).mapped("name")
        self.assertEqual(names[:2], ["Shifts", "Point of sale"])

    def test_name_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["komunigi.request.category"].create({"name": "Shifts"})

    def test_representative_reads_but_cannot_create(self):
        portal_user = self.env.ref("komunigi_membership.user_bees_rep")
        categories = self.env["komunigi.request.category"].sudo(portal_user)
        self.assertTrue(categories.search([]))
        with self.assertRaises(AccessError):
            categories.create({"name": "Deposits"})
