# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase


class TestCofinancing(TransactionCase):
    def test_total_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.env["komunigi.cofinancing"].create(
                {"name": "Deposits", "amount_total": 0}
            )

    def test_total_in_company_currency(self):
        cofinancing = self.env["komunigi.cofinancing"].create(
            {"name": "Shift reminder e-mails", "amount_total": 300}
        )
        self.assertEqual(cofinancing.currency_id, self.env.user.company_id.currency_id)

    def test_representative_has_no_backend_access(self):
        portal_user = self.env.ref("komunigi_membership.user_bees_rep")
        with self.assertRaises(AccessError):
            self.env["komunigi.cofinancing"].sudo(portal_user).search([])
