# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import KomunigiCase


def day(**delta):
    return fields.Date.to_string(date.today() + relativedelta(**delta))


class TestMandate(KomunigiCase):
    """The demo core group: 1 provider member (open-ended) and 2 co-op members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mandate = cls.env["komunigi.mandate"]
        cls.provider = cls.env.ref("komunigi_membership.partner_coopiteasy")
        cls.coop = cls.env.ref("komunigi_membership.partner_lafeve")

    def person(self, name, organisation):
        return self.env["res.partner"].create(
            {"name": name, "parent_id": organisation.id}
        )

    def mandate(self, organisation, start, end=None, name="Someone"):
        return self.Mandate.create(
            {
                "partner_id": self.person(name, organisation).id,
                "organisation_id": organisation.id,
                "date_start": start,
                "date_end": end,
            }
        )

    def test_provider_flag_follows_setting(self):
        demo = self.env.ref("komunigi_membership.mandate_provider")
        self.assertTrue(demo.is_provider)
        self.assertFalse(self.env.ref("komunigi_membership.mandate_bees").is_provider)

    def test_coop_mandate_lasts_at_most_two_years(self):
        with self.assertFails(ValidationError):
            self.mandate(self.coop, day(), day(years=2))
        with self.assertFails(ValidationError):
            self.mandate(self.coop, day(), None)
        third = self.mandate(self.coop, day(), day(years=2, days=-1))
        self.assertEqual(third.date_end, day(years=2, days=-1))

    def test_at_most_three_coop_members(self):
        self.mandate(self.coop, day(), day(months=6))
        with self.assertFails(ValidationError):
            self.mandate(self.coop, day(months=1), day(months=3), name="Fourth")

    def test_at_most_two_provider_members(self):
        self.mandate(self.provider, day(days=1))
        with self.assertFails(ValidationError):
            self.mandate(self.provider, day(days=2), name="Third provider")

    def test_ending_a_mandate_may_not_break_the_minimum(self):
        bees = self.env.ref("komunigi_membership.mandate_bees")
        with self.assertFails(ValidationError):
            bees.date_end = day(days=10)
        with self.assertFails(ValidationError):
            self.env.ref("komunigi_membership.mandate_provider").unlink()

    def test_a_successor_allows_ending_a_mandate(self):
        bees = self.env.ref("komunigi_membership.mandate_bees")
        self.mandate(self.coop, day(days=11), day(years=2, days=-1))
        bees.date_end = day(days=10)
        self.assertEqual(bees.date_end, day(days=10))

    def test_end_reminder_once_60_days_before(self):
        mandate = self.mandate(self.coop, day(months=-20), day(days=50))
        far = self.mandate(self.provider, day(), day(days=200), name="Far")
        reminded = self.Mandate._cron_end_reminders()
        self.assertIn(mandate, reminded)
        self.assertNotIn(far, reminded)
        self.assertEqual(len(mandate.activity_ids), 1)
        self.assertEqual(mandate.activity_ids.date_deadline, mandate.date_end)
        self.Mandate._cron_end_reminders()
        self.assertEqual(len(mandate.activity_ids), 1)
