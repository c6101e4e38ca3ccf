# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bases of the addons' tests.

Each case builds its fixtures once, in `setUpClass`, and runs every test in a savepoint
rolled back after it: what a test writes never reaches the next, and the fixtures are not
built again for each test (they used to be, in `TransactionCase.setUp`, and that made up
most of the suite's time). Builders are class methods, so that `setUpClass` and the tests
call the same ones.
"""

import html
import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import SavepointCase


def month_start(months_ago=0):
    """First day of the month `months_ago` months before today's, as an Odoo string."""
    first = date.today().replace(day=1) - relativedelta(months=months_ago)
    return fields.Date.to_string(first)


def moment(**delta):
    """Now moved by `delta` (timedelta's arguments), as an Odoo datetime string."""
    return fields.Datetime.to_string(datetime.now() + timedelta(**delta))


def text_of(markup):
    """The visible text of HTML (a report's page), whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@contextmanager
def on(day):
    """Today is `day` (an Odoo date string) for the code under test."""
    with patch.object(
        fields.Date, "context_today", lambda record, timestamp=None: day
    ), patch.object(fields.Date, "today", lambda *args: day):
        yield


class KomunigiMixin:
    """What every komunigi test case asserts the same way."""

    @contextmanager
    def assertFails(self, exception):
        """The error is raised and the failed operation leaves nothing written."""
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            yield caught

    @classmethod
    def demo(cls, *names):
        """The demo records of komunigi_membership named `names` (xml ids)."""
        return [cls.env.ref("komunigi_membership." + name) for name in names]

    def log_entries(self, record, event):
        """The project log's entries of `record` for `event`, dropped ones included."""
        return (
            self.env["komunigi.log.entry"]
            .with_context(active_test=False)
            .search(
                [
                    ("source_model", "=", record._name),
                    ("source_id", "=", record.id),
                    ("source_event", "=", event),
                ]
            )
        )

    def assertDrafted(self, record, event):
        """`record` has one entry for `event`: a draft for the coordinator to review,
        unpublished, dated today. Returns it."""
        entry = self.log_entries(record, event)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.state, "draft")
        self.assertFalse(entry.is_published)
        self.assertEqual(entry.date, fields.Date.context_today(entry))
        return entry


class KomunigiCase(KomunigiMixin, SavepointCase):
    """Co-ops and tiers of the tests, apart from the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Membership = cls.env["komunigi.membership"]
        cls.tier = cls.env["komunigi.membership.tier"].create(
            {
                "name": "Test active",
                "monthly_rate": 25.0,
                "product_id": cls.env.ref("komunigi_membership.product_dues").id,
                "has_voting_right": True,
            }
        )
        cls.be = cls.env.ref("base.be")

    @classmethod
    def make_coop(cls, name, **values):
        address = {
            "street": "Rue de la Coop 1",
            "city": "Bruxelles",
            "country_id": cls.be.id,
        }
        address.update(values)
        return cls.env["res.partner"].create(dict(address, name=name, is_company=True))

    @classmethod
    def make_membership(cls, coop, activate=True, **values):
        membership = cls.Membership.create(
            dict(
                {
                    "partner_id": coop.id,
                    "tier_id": cls.tier.id,
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


class DuesLifeCycleCase(KomunigiCase):
    """Memberships started on a given day, and the daily dues run on a given day."""

    def start(self, day="2025-01-01", **values):
        """An active membership from `day`, its first period invoiced on that day."""
        with on(day):
            membership = self.make_membership(
                self.make_coop("Coop Life"), date_start=day, **values
            )
            self.run_dues(day)
        return membership

    def run_dues(self, day):
        """The daily dues run, as the scheduled action does it, on `day`."""
        with on(day):
            self.Membership._cron_invoice_dues()

    def invoices(self, membership, type_):
        return self.env["account.invoice"].search(
            [
                ("partner_id", "=", membership.partner_id.id),
                ("type", "=", type_),
                ("state", "!=", "cancel"),
            ]
        )

    def net_dues(self, membership):
        """What the co-op owes in dues: invoiced minus credited, untaxed."""
        invoiced = sum(
            self.invoices(membership, "out_invoice").mapped("amount_untaxed")
        )
        credited = sum(self.invoices(membership, "out_refund").mapped("amount_untaxed"))
        return round(invoiced - credited, 2)

    def period_starts(self, membership):
        return sorted(membership.dues_ids.mapped("period_start"))
