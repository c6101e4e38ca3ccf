# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dues of many co-ops from the backend: queued as a job, run by the scheduled
action batch by batch, each period invoiced once; a job that raises is marked failed."""

from unittest.mock import patch

from odoo import _
from odoo.exceptions import UserError

from ..models import komunigi_job
from ..models import komunigi_membership_dues_run as dues_run
from .common import KomunigiCase, month_start
from .users import make_user

COOPS = dues_run.DUES_JOB_FROM_COOPS + 5


class TestDuesJob(KomunigiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Job = cls.env["komunigi.job"]
        # The owner reads the job's messages in French. A coordinator who invoices
        # (Odoo's group) and writes the co-ops, with an e-mail address: it posts in
        # the chatter of a co-op that could not be invoiced.
        cls.owner = make_user(
            cls.env,
            "job_owner",
            [
                "komunigi_membership.group_coordinator",
                "account.group_account_invoice",
                "base.group_partner_manager",
            ],
        )
        cls.owner.write({"lang": "fr_FR", "email": "job.owner@example.com"})
        cls.memberships = cls.make_quiet_memberships(COOPS)

    @classmethod
    def make_quiet_memberships(cls, count):
        """`count` co-ops, each with an active membership from this month (one
        period due), made without the chatter's messages: they cost most of it."""
        quiet = cls.env(context=dict(cls.env.context, tracking_disable=True))
        coops = [
            quiet["res.partner"].create(
                {
                    "name": "Coop Job %02d" % index,
                    "is_company": True,
                    "street": "Rue de la Coop 1",
                    "city": "Bruxelles",
                    "country_id": cls.be.id,
                }
            )
            for index in range(count)
        ]
        Membership = quiet["komunigi.membership"]
        memberships = Membership.browse(
            [
                Membership.create(
                    {
                        "partner_id": coop.id,
                        "tier_id": cls.tier.id,
                        "date_start": month_start(0),
                    }
                ).id
                for coop in coops
            ]
        )
        memberships.action_activate()
        return memberships.with_env(cls.env)

    def queue(self, memberships=None):
        """The coordinator's button on the memberships (all): the job's form."""
        memberships = memberships or self.memberships
        action = memberships.sudo(self.owner).action_invoice_due_periods()
        self.assertEqual(action["res_model"], "komunigi.job")
        return self.Job.browse(action["res_id"])

    def run_jobs(self, batch=10):
        """The scheduled action, `batch` co-ops a batch; the progress it wrote (the
        co-ops done after each batch)."""
        progress = []
        write_progress = komunigi_job.KomunigiJob._write_progress

        def spy(job, count, result_ids):
            write_progress(job, count, result_ids)
            progress.append(job.done)

        with patch.object(dues_run, "DUES_BATCH", batch), patch.object(
            komunigi_job.KomunigiJob, "_write_progress", spy
        ):
            self.Job._cron_run_jobs()
        return progress

    def dues_invoices(self):
        return self.env["account.invoice"].search(
            [("partner_id", "in", self.memberships.mapped("partner_id").ids)]
        )

    def test_many_coops_are_queued_then_invoiced_once_batch_by_batch(self):
        job = self.queue()
        self.assertEqual(
            (job.state, job.kind, job.user_id, job.done, job.total),
            ("queued", "dues", self.owner, 0, COOPS),
        )
        self.assertFalse(self.memberships.mapped("dues_ids"))
        self.assertEqual(self.run_jobs(), [10, 20, 25])
        self.assertEqual((job.state, job.done, job.progress), ("done", COOPS, 100.0))
        invoices = self.dues_invoices()
        self.assertEqual(len(invoices), COOPS)
        self.assertEqual(invoices.mapped("create_uid"), self.owner)
        result = job.action_open_result()
        self.assertEqual(self.env["account.invoice"].search(result["domain"]), invoices)
        # The cron again: nothing queued. The same co-ops queued again: nothing due.
        self.assertEqual(self.run_jobs(), [])
        again = self.queue()
        self.run_jobs()
        self.assertEqual(
            (again.state, again.done, again.result_count), ("done", COOPS, 0)
        )
        self.assertEqual(len(self.dues_invoices()), COOPS)
        self.assertEqual(len(self.memberships.mapped("dues_ids")), COOPS)

    def test_a_job_that_raises_fails_with_its_message_and_keeps_its_batches(self):
        job = self.queue()
        invoice_coop = type(self.Membership)._invoice_coop_dues
        seen = []

        def crash_on_eleventh_coop(memberships, until, lookups=None):
            seen.append(memberships)
            if len(seen) == 11:
                raise RuntimeError("disk full")
            return invoice_coop(memberships, until, lookups)

        with patch.object(
            dues_run.KomunigiMembership, "_invoice_coop_dues", crash_on_eleventh_coop
        ):
            self.assertEqual(self.run_jobs(), [10])
        self.assertEqual((job.state, job.done, job.result_count), ("failed", 10, 10))
        # In the owner's language.
        self.assertEqual(
            job.message, "La tâche s'est arrêtée sur une erreur inattendue : disk full"
        )
        # The first batch stays; nothing of the failed batch is written.
        self.assertEqual(len(self.dues_invoices()), 10)
        self.assertEqual(len(self.memberships.mapped("dues_ids")), 10)

    def test_coops_that_fail_are_named_in_the_message(self):
        few = self.memberships[:3]
        failing = few[1].partner_id
        invoice_coop = type(self.Membership)._invoice_coop_dues

        def refuse_one(memberships, until, lookups=None):
            if memberships.partner_id == failing:
                raise UserError(_("%s has no complete address.") % failing.name)
            return invoice_coop(memberships, until, lookups)

        with patch.object(dues_run, "DUES_JOB_FROM_COOPS", 2), patch.object(
            dues_run.KomunigiMembership, "_invoice_coop_dues", refuse_one
        ):
            job = self.queue(few)
            self.run_jobs(batch=2)
        self.assertEqual((job.state, job.done, job.result_count), ("done", 3, 2))
        self.assertEqual(
            job.message,
            "Coopératives non facturées (la raison est dans leur historique) : "
            "Coop Job 01",
        )

    def test_up_to_the_limit_the_coops_are_invoiced_at_once(self):
        few = self.memberships[:3]
        jobs = self.Job.search([])  # the database may have others' jobs
        with patch.object(dues_run, "DUES_JOB_FROM_COOPS", 3):
            action = few.action_invoice_due_periods()
        self.assertEqual(action["res_model"], "account.invoice")
        self.assertEqual(len(self.env["account.invoice"].search(action["domain"])), 3)
        self.assertEqual(self.Job.search([]), jobs)
