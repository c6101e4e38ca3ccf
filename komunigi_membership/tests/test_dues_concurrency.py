# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two dues runs at the same time, each in its own database transaction."""

from contextlib import contextmanager
from unittest import TestCase
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tests.common import get_db_name

from ..models import komunigi_membership_dues_run as dues_run


@contextmanager
def environment():
    with odoo.registry(get_db_name()).cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


class TestConcurrentRuns(TestCase):
    """Commits real data, then removes it: the runs must see each other's commits."""

    def setUp(self):
        super().setUp()
        self.members = []
        # Draft invoices, which the cleanup may delete (the demo validates and
        # e-mails its dues invoices); the e-mails without their PDF.
        self.addCleanup(self.settings, **self.settings(send=False, report=False))
        self.addCleanup(self.remove_data)
        for name in ("Coop Concurrent", "Coop Committed"):
            self.members.append(self.make_member(name))
        self.coop_id, self.membership_id = self.members[0]

    @staticmethod
    def settings(send, report):
        """Commit the company's dues e-mail option and the invoice e-mail's report
        (False: none); return what they were."""
        with environment() as env:
            company = env.user.company_id
            template = env.ref("account.email_template_edi_invoice")
            before = {
                "send": company.komunigi_dues_send,
                "report": template.report_template.id,
            }
            company.komunigi_dues_send = send
            template.report_template = report
            return before

    def make_member(self, name):
        """A committed co-op with an active monthly membership since January."""
        with environment() as env:
            coop = env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "street": "Rue 1",
                    "city": "Liège",
                    "country_id": env.ref("base.be").id,
                }
            )
            membership = env["komunigi.membership"].create(
                {
                    "partner_id": coop.id,
                    "tier_id": env.ref("komunigi_membership.tier_active").id,
                    "date_start": "2026-01-01",
                }
            )
            membership.action_activate()
            return coop.id, membership.id

    def remove_data(self):
        with environment() as env:
            for coop_id, membership_id in self.members:
                invoices = env["account.invoice"].search([("partner_id", "=", coop_id)])
                env["mail.mail"].search(
                    [("model", "=", invoices._name), ("res_id", "in", invoices.ids)]
                ).unlink()
                invoices.unlink()
                env["komunigi.membership"].browse(membership_id).unlink()
                env["res.partner"].browse(coop_id).unlink()

    def run_dues(self, env):
        membership = env["komunigi.membership"].browse(self.membership_id)
        return membership._invoice_dues(fields.Date.from_string("2026-03-31"))

    def count_dues(self, membership_id=None):
        with environment() as env:
            return env["komunigi.membership.dues"].search_count(
                [("membership_id", "=", membership_id or self.membership_id)]
            )

    def test_overlapping_runs_invoice_each_period_once(self):
        with environment() as env_a, environment() as env_b:
            # Both transactions start before either has invoiced anything.
            env_b["komunigi.membership"].browse(self.membership_id).state
            report_a = self.run_dues(env_a)
            report_b = self.run_dues(env_b)  # waits for nothing: NOWAIT lock fails
            self.assertEqual(len(report_a.invoices), 1)
            self.assertFalse(report_b.invoices)
            self.assertEqual(len(report_b.skipped), 1)
        self.assertEqual(self.count_dues(), 3)

    def test_run_after_a_commit_it_did_not_see(self):
        with environment() as env_b:
            env_b["komunigi.membership"].browse(self.membership_id).state
            with environment() as env_a:
                self.run_dues(env_a)
            # env_a committed; env_b's snapshot predates it.
            report_b = self.run_dues(env_b)
            self.assertFalse(report_b.invoices)
        self.assertEqual(self.count_dues(), 3)

    def test_sequential_runs(self):
        for _run in range(2):
            with environment() as env:
                self.run_dues(env)
        self.assertEqual(self.count_dues(), 3)

    def test_a_run_killed_half_way_keeps_the_batches_it_committed(self):
        """The scheduled action commits each batch: the next run goes on from there."""
        original = dues_run.KomunigiMembership._invoice_coop_dues
        ids = [membership_id for _coop_id, membership_id in self.members]

        def crash_on_second_coop(memberships, until, memo=None):
            if memberships.id == ids[1]:
                raise RuntimeError("worker killed")
            return original(memberships, until, memo)

        with patch.object(dues_run, "DUES_BATCH", 1), patch.object(
            dues_run.KomunigiMembership, "_invoice_coop_dues", crash_on_second_coop
        ), self.assertRaises(RuntimeError), environment() as env:
            env["komunigi.membership"].browse(ids)._invoice_dues(
                fields.Date.from_string("2026-03-31"), commit=True
            )
        self.assertEqual([self.count_dues(i) for i in ids], [3, 0])
        with environment() as env:
            env["komunigi.membership"].browse(ids)._invoice_dues(
                fields.Date.from_string("2026-03-31"), commit=True
            )
        self.assertEqual([self.count_dues(i) for i in ids], [3, 3])

    def test_overlapping_mail_runs_send_each_invoice_once(self):
        """The scheduled action that e-mails the dues invoices, twice at once: the run
        that locks an invoice sends it, the other leaves it."""
        with environment() as env:
            invoice = self.run_dues(env).invoices
            invoice.komunigi_dues_mail_pending = True
        with environment() as env_a, environment() as env_b:
            env_b["account.invoice"].browse(invoice.id).state
            sent_a = env_a["account.invoice"].browse(invoice.id)
            self.assertTrue(sent_a._komunigi_send_dues_isolated())
            # The row is locked by a, then a commits: b sends nothing either way.
            sent_b = env_b["account.invoice"].browse(invoice.id)
            self.assertFalse(sent_b._komunigi_send_dues_isolated())
        with environment() as env_c:
            sent_c = env_c["account.invoice"].browse(invoice.id)
            self.assertFalse(sent_c._komunigi_send_dues_isolated())
            mails = env_c["mail.mail"].search(
                [("model", "=", "account.invoice"), ("res_id", "=", invoice.id)]
            )
            self.assertEqual(len(mails), 1)
