# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The votes of a big .pb file: the import queues them as a job (its projects and
checks stay in the request), the scheduled action imports them batch by batch; the
round cannot open, nor take another file, until they are all in. (A small file
stays in the request: test_funding_round_pabulib imports 27 votes at once.)"""

import base64
import json
from unittest.mock import patch

from odoo.exceptions import UserError

from odoo.addons.komunigi_membership.models import komunigi_job

from ..lib import pabulib
from ..models import komunigi_funding_round
from ..models import komunigi_job_pb_votes as pb_job
from .common import CofinancingCase

# Five votes: a job from two votes on, two votes a batch (the constants patched).
PB_FILE = """META
key;value
description;Park
num_projects;2
num_votes;5
budget;300
vote_type;approval
PROJECTS
project_id;cost;name
1;100;Bench
2;250;Fountain
VOTES
voter_id;vote
v1;1
v2;1,2
v3;2
v4;2,1
v5;1
"""


class TestPabulibVotesJob(CofinancingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.text = PB_FILE
        cls.pb = pabulib.parse(PB_FILE)
        cls.round = cls.env["komunigi.funding.round"].create(
            {"name": "Big file", "date_to": "2030-01-01"}
        )

    def import_file(self, from_votes=2):
        """The coordinator's import, with jobs from `from_votes` votes on."""
        wizard = self.env["komunigi.funding.round.pabulib"].create(
            {
                "round_id": self.round.id,
                "data": base64.b64encode(self.text.encode("utf-8")),
            }
        )
        with patch.object(pb_job, "PB_JOB_FROM_VOTES", from_votes):
            return wizard.action_import()

    def run_jobs(self):
        """The scheduled action, 2 votes a batch; the votes done after each batch."""
        progress = []
        write_progress = komunigi_job.KomunigiJob._write_progress

        def spy(job, count, result_ids):
            write_progress(job, count, result_ids)
            progress.append(job.done)

        with patch.object(pb_job, "PB_VOTES_BATCH", 2), patch.object(
            komunigi_job.KomunigiJob, "_write_progress", spy
        ):
            self.env["komunigi.job"]._cron_run_jobs()
        return progress

    def queued_job(self):
        action = self.import_file()
        self.assertEqual(action["res_model"], "komunigi.job")
        return self.env["komunigi.job"].browse(action["res_id"])

    def test_big_file_votes_arrive_by_job_once(self):
        job = self.queued_job()
        self.assertEqual(
            (job.kind, job.state, job.done, job.total), ("pb_votes", "queued", 0, 5)
        )
        # The projects are in already, the votes not: the round cannot open yet,
        # nor take the file again.
        self.assertEqual(len(self.round.request_ids), len(self.pb.projects))
        self.assertFalse(self.round.participant_ids)
        with self.assertFails(UserError) as caught:
            self.round.action_open()
        self.assertIn("still being imported", caught.exception.name)
        with self.assertFails(UserError):
            self.import_file()
        self.assertEqual(self.run_jobs(), [2, 4, 5])
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        ballots = self.round.ballot_ids
        self.assertEqual(len(ballots), 5)
        self.assertEqual(len(self.round.participant_ids), 5)
        self.assertEqual(sorted(json.loads(job.result_ids)), sorted(ballots.ids))
        # Each voter approves the file's projects, with the file's endowment.
        by_voter = {
            ballot.partner_id.ref: sorted(ballot.approved_request_ids.mapped("title"))
            for ballot in ballots
        }
        titles = {row["project_id"]: row["name"] for row in self.pb.projects}
        for vote in self.pb.votes:
            expected = sorted(titles[p] for p in pabulib._listed(vote["vote"]))
            self.assertEqual(by_voter["pb:" + vote["voter_id"]], expected)
        self.assertEqual(self.round.participant_ids.mapped("budget"), [60.0] * 5)
        # The cron again adds nothing; the round opens now.
        self.assertEqual(self.run_jobs(), [])
        self.assertEqual(len(self.round.ballot_ids), 5)
        self.round.action_open()
        self.assertEqual(self.round.state, "open")

    def test_failed_batch_fails_the_job_and_keeps_the_round_draft(self):
        job = self.queued_job()
        import_votes = komunigi_funding_round.KomunigiFundingRound._import_pb_votes
        calls = []

        def crash_on_second_batch(funding_round, votes, endowment):
            calls.append(votes)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return import_votes(funding_round, votes, endowment)

        with patch.object(
            komunigi_funding_round.KomunigiFundingRound,
            "_import_pb_votes",
            crash_on_second_batch,
        ):
            self.assertEqual(self.run_jobs(), [2])
        self.assertEqual((job.state, job.done, job.result_count), ("failed", 2, 2))
        self.assertIn("disk full", job.message)
        self.assertEqual(self.round.state, "draft")
        self.assertEqual(len(self.round.ballot_ids), 2)
