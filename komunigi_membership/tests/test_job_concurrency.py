# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two scheduled actions taking queued jobs at the same time, each in its own
database transaction: never the same job."""

from unittest import TestCase

from . import test_dues_concurrency as concurrency


class TestConcurrentTaking(TestCase):
    """Commits a queued job, then removes it: the crons must see each other's locks
    and commits."""

    def setUp(self):
        super().setUp()
        with concurrency.environment() as env:
            job = env["komunigi.job"]._enqueue(
                "dues",
                "Concurrency probe",
                env["komunigi.membership"],
                0,
                "account.invoice",
                {"until": "2026-01-01"},
            )
            self.job_id = job.id
        self.addCleanup(self.remove_job)

    def remove_job(self):
        with concurrency.environment() as env:
            env["komunigi.job"].browse(self.job_id).unlink()

    def test_a_locked_job_is_skipped(self):
        with concurrency.environment() as env_a, concurrency.environment() as env_b:
            taken_a = env_a["komunigi.job"]._take_next()
            taken_b = env_b["komunigi.job"]._take_next()  # does not wait for A
            self.assertEqual(taken_a.id, self.job_id)
            self.assertFalse(taken_b)
            env_a.cr.rollback()
            env_b.cr.rollback()

    def test_a_job_taken_and_committed_is_not_taken_again(self):
        with concurrency.environment() as env_b:
            env_b["komunigi.job"].search_count([])  # B's snapshot predates A's commit
            with concurrency.environment() as env_a:
                self.assertEqual(env_a["komunigi.job"]._take_next().id, self.job_id)
            self.assertFalse(env_b["komunigi.job"]._take_next())
            env_b.cr.rollback()
        with concurrency.environment() as env:
            self.assertFalse(env["komunigi.job"]._take_next())
            self.assertEqual(env["komunigi.job"].browse(self.job_id).state, "running")
