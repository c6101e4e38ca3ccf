# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import TransactionCase


def month_start(months_ago=0):
    """First day of the month `months_ago` months before today's, as an Odoo string."""
    first = date.today().replace(day=1) - relativedelta(months=months_ago)
    return fields.Date.to_string(first)


class KomunigiCase(TransactionCase):
    """Co-ops and tiers of the tests, apart from the demo data."""

    @contextmanager
    def assertFails(self, exception):
        """The error is raised and the failed operation leaves nothing written."""
        with self.assertRaises(exception), self.env.cr.savepoint():
            yield

    def setUp(self):
        super().setUp()
        self.Membership = self.env["komunigi.membership"]
        self.tier = self.env["komunigi.membership.tier"].create(
            {
                "name": "Test active",
                "monthly_rate": 25.0,
                "product_id": self.env.ref("komunigi_membership.product_dues").id,
                "has_voting_right": True,
            }
        )
        self.be = self.env.ref("base.be")

    def make_coop(self, name, **values):
        address = {
            "street": "Rue de la Coop 1",
            "city": "Bruxelles",
            "country_id": self.be.id,
        }
        address.update(values)
        return self.env["res.partner"].create(dict(address, name=name, is_company=True))

    def make_membership(self, coop, activate=True, **values):
        membership = self.Membership.create(
            dict(
                {
                    "partner_id": coop.id,
                    "tier_id": self.tier.id,
                    "date_start": month_start(2),
                },
                **values,
            )
        )
        if activate:
            membership.action_activate()
        return membership

    def invoice(self, memberships, until=None):
        return memberships._invoice_dues(
            fields.Date.from_string(until or fields.Date.today())
        )
