# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dues run for many co-ops as a job: the dues run's own batches, with progress."""

from odoo import _, api, fields, models

from . import komunigi_membership_dues_run as dues_run


class KomunigiJob(models.Model):
    _inherit = "komunigi.job"

    kind = fields.Selection(selection_add=[("dues", "Dues run")])

    @api.model
    def _enqueue_dues(self, memberships, until):
        """Queue the dues of `memberships` up to `until`; its progress counts co-ops."""
        coops = len(memberships.mapped("partner_id"))
        return self._enqueue(
            "dues",
            _("Dues for %d co-ops") % coops,
            memberships,
            coops,
            "account.invoice",
            {"until": fields.Date.to_string(until)},
        )

    def _job_run_dues(self):
        """`_invoice_dues` on `DUES_BATCH` co-ops at a time (the scheduled dues run's
        batches): each co-op invoiced once, whoever ran before. The co-ops that fail
        are told in their chatter, as in any dues run, and counted in the message."""
        until = fields.Date.from_string(self._params()["until"])
        memberships = self._inputs().filtered(lambda m: m.state == "active")
        coops = memberships._group_by_coop()
        if len(coops) >= dues_run.ANALYZE_FROM_COOPS:
            memberships._analyze_stale_tables()
        failed = []
        for start in range(0, len(coops), dues_run.DUES_BATCH):
            batch = coops[start : start + dues_run.DUES_BATCH]
            ids = [m.id for _partner, group in batch for m in group]
            report = memberships.browse(ids)._invoice_dues(until)
            failed += [partner.name for partner, _message in report.failed]
            yield len(batch), report.invoice_ids
        if failed:
            self.message = _(
                "Co-ops not invoiced (the reason is in their chatter): %s"
            ) % ", ".join(failed)
