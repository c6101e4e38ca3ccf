# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Long work done in the background, batch by batch, with its progress.

A backend button that would keep the user's request busy for minutes (a dues run for
hundreds of co-ops) queues a job instead; a scheduled action runs the queued jobs.

The contract for a kind of job (this addon's dues, the higher addons' own): extend
`kind` with `selection_add`, queue the job with `_enqueue`, and define
`_job_run_<kind>(self)`: a generator that does the work batch by batch and yields,
after each batch, how many of the `total` items it did and the ids of the result
records it made (of `result_model`). The job runs as its owner, in their language.
"""

import json
import logging
import threading

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .account_invoice import CONCURRENT_RUN_PGCODES

_logger = logging.getLogger(__name__)


class KomunigiJob(models.Model):
    _name = "komunigi.job"
    _inherit = ["komunigi.company.owned"]
    _description = "Job run in the background"
    _order = "id desc"

    name = fields.Char("Job", required=True, readonly=True)
    kind = fields.Selection([], required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        readonly=True,
        default="queued",
    )
    done = fields.Integer(readonly=True)
    total = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    message = fields.Text(readonly=True)
    date_start = fields.Datetime("Started", readonly=True)
    date_end = fields.Datetime("Ended", readonly=True)
    # What the job works on and with: the records of `input_model` and its own
    # parameters, both as JSON, read back by `_inputs` and `_params`.
    input_model = fields.Char("Input model", readonly=True)
    input_ids = fields.Text("Input records", readonly=True, default="[]")
    params = fields.Text("Parameters", readonly=True, default="{}")
    result_model = fields.Char("Result model", readonly=True)
    result_ids = fields.Text("Result records", readonly=True, default="[]")
    result_count = fields.Integer("Records made", readonly=True)

    @api.depends("done", "total", "state")
    def _compute_progress(self):
        for job in self:
            if job.total:
                job.progress = 100.0 * job.done / job.total
            else:
                job.progress = 100.0 if job.state == "done" else 0.0

    # --- queueing ------------------------------------------------------------------------
    @api.model
    def _enqueue(self, kind, name, records, total, result_model, params=None):
        """Queue a job of `kind` over `records`: `total` items to do (its progress)."""
        return self.create(
            {
                "name": name,
                "kind": kind,
                "input_model": records._name,
                "input_ids": json.dumps(records.ids),
                "params": json.dumps(params or {}),
                "total": total,
                "result_model": result_model,
            }
        )

    def _form_action(self):
        """The job's form, where the user who queued it follows its progress."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "name": _("%s: queued") % self.name,
        }

    def _inputs(self):
        """The records the job works on, those still there."""
        return self.env[self.input_model].browse(json.loads(self.input_ids)).exists()

    def _params(self):
        return json.loads(self.params)

    # --- the user's button ---------------------------------------------------------------
    def action_open_result(self):
        """Button: the records the job made (the invoices of a dues run)."""
        self.ensure_one()
        if not self.result_model:
            raise UserError(_("This job makes no records to open."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.result_model,
            "view_mode": "tree,form",
            "domain": [("id", "in", json.loads(self.result_ids))],
            "name": self.name,
        }

    # --- the scheduled action --------------------------------------------------------------
    @api.model
    def _cron_run_jobs(self):
        """Run the queued jobs one after the other, each taken by one cron only."""
        commit = not getattr(threading.current_thread(), "testing", False)
        job = self._take_next()
        while job:
            job._run(commit)
            job = self._take_next()

    @api.model
    def _take_next(self):
        """The oldest queued job, locked and marked running; none when every queued
        job is locked by another cron (SKIP LOCKED: two crons never take the same).
        Once committed, `running` keeps the others away after the lock is gone; a
        cron whose snapshot predates that commit fails to lock it: none either."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "SELECT id FROM komunigi_job WHERE state = 'queued' "
                    "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                    log_exceptions=False,
                )
                row = self.env.cr.fetchone()
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENT_RUN_PGCODES:
                raise
            return self.browse()
        if not row:
            return self.browse()
        job = self.browse(row[0])
        job.write({"state": "running", "date_start": fields.Datetime.now()})
        return job

    def _run(self, commit):
        """Run the job's batches; a batch that raises is rolled back and the job is
        marked failed with the message, in its owner's language. (A worker killed
        half-way leaves its job running, with the batches it committed.)"""
        self.ensure_one()
        job = self.with_context(lang=self.user_id.lang, tz=self.user_id.tz)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            job._run_batches(commit)
        except Exception as error:  # pylint: disable=broad-except
            _logger.exception("Job %d (%s) failed", self.id, self.kind)
            if commit:  # what is not committed is the failed batch (or its commit)
                self.env.cr.rollback()
            self.env.clear()
            job._fail(error)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _run_batches(self, commit):
        """Each batch in a savepoint, then its progress written (and committed)."""
        batches = getattr(self.sudo(self.user_id), "_job_run_%s" % self.kind)()
        while True:
            with self.env.cr.savepoint():
                step = next(batches, None)
            if step is None:
                break
            self._write_progress(*step)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self.write({"state": "done", "date_end": fields.Datetime.now()})

    def _write_progress(self, count, result_ids):
        """Add a batch's `count` items done and the records it made."""
        results = json.loads(self.result_ids) + list(result_ids)
        self.write(
            {
                "done": self.done + count,
                "result_ids": json.dumps(results),
                "result_count": len(results),
            }
        )

    def _fail(self, error):
        """Mark the job failed with the error's message (a user error's own text)."""
        if isinstance(error, (UserError, ValidationError, AccessError)):
            message = error.name
        else:
            message = _("The job stopped on an unexpected error: %s") % (error,)
        self.write(
            {
                "state": "failed",
                "message": message,
                "date_end": fields.Datetime.now(),
            }
        )
