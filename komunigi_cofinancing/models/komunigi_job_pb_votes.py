# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The votes of a big pabulib file as a job: a voter co-op, its budget and its ballot
per vote, batch by batch, with progress, while the request that imported the file
returns at once."""

import json
from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# From this many votes, the import of a .pb file leaves the votes to a job.
PB_JOB_FROM_VOTES = 300
# Votes imported per batch of the job (each batch committed with its progress).
PB_VOTES_BATCH = 100


class KomunigiJob(models.Model):
    _inherit = "komunigi.job"

    kind = fields.Selection(selection_add=[("pb_votes", "Pabulib votes")])

    @api.model
    def _enqueue_pb_votes(self, funding_round, votes, endowment):
        """Queue `votes` ([voter, [request ids]] pairs) into `funding_round`, each
        voter with `endowment` (a Fraction, kept exact as text); progress counts votes."""
        return self._enqueue(
            "pb_votes",
            _("Votes of the round %s") % funding_round.name,
            funding_round,
            len(votes),
            "komunigi.funding.round.ballot",
            {"votes": votes, "endowment": str(endowment)},
        )

    @api.model
    def _pending_pb_votes(self, funding_round):
        """The vote imports of `funding_round` still queued or running, whoever
        queued them (sudo: the job rules show each user their own jobs)."""
        return self.sudo().search(
            [
                ("kind", "=", "pb_votes"),
                ("state", "in", ("queued", "running")),
                ("input_model", "=", funding_round._name),
                ("input_ids", "=", json.dumps(funding_round.ids)),
            ]
        )

    def _job_run_pb_votes(self):
        """`_import_pb_votes` on `PB_VOTES_BATCH` votes at a time, into a round still
        in draft (the job only runs once: a finished job is never taken again)."""
        funding_round = self._inputs()
        if not funding_round:
            raise UserError(_("The round of these votes was deleted."))
        params = self._params()
        votes = params["votes"]
        endowment = Fraction(params["endowment"])
        for start in range(0, len(votes), PB_VOTES_BATCH):
            if funding_round.state != "draft":
                raise UserError(_("Import into a draft round."))
            batch = votes[start : start + PB_VOTES_BATCH]
            ballots = funding_round._import_pb_votes(batch, endowment)
            yield len(batch), ballots.ids
