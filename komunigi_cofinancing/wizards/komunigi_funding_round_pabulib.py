# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from fractions import Fraction

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.komunigi_membership.wizards.opened_from import opened_from

from ..lib import pabulib
from ..models import komunigi_job_pb_votes as pb_job


class KomunigiFundingRoundPabulib(models.TransientModel):
    """Exchange a funding round with pabulib.org's ``.pb`` format.

    Export makes a round checkable by anyone with pabutools; import brings a real
    participatory budgeting instance into a draft round (approval ballots): its voters
    become participants, its projects estimated requests.
    """

    _name = "komunigi.funding.round.pabulib"
    _description = "Funding round: pabulib import and export"

    round_id = opened_from("komunigi.funding.round")
    data = fields.Binary(string=".pb file")
    filename = fields.Char()

    def action_export(self):
        self.ensure_one()
        text = pabulib.dumps(self._round_file())
        self.write(
            {
                "data": base64.b64encode(text.encode("utf-8")),
                "filename": "%s.pb" % self.round_id.name.replace("/", "-"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/data/%s?download=true"
            % (self._name, self.id, self.filename),
        }

    def _offer_rows(self):
        """The projects: the frozen offer of an open or closed round (with whether each
        was selected, once closed), the requests chosen so far in a draft."""
        funding_round = self.round_id
        if funding_round.state == "draft":
            return [
                {"project_id": r.name, "cost": str(r.estimate_total), "name": r.title}
                for r in funding_round.request_ids
            ]
        rows = []
        for line in funding_round.line_ids:
            row = {
                "project_id": line.reference,
                "cost": str(line.cost),
                "name": line.title or "",
            }
            if funding_round.state == "closed":
                row["selected"] = "1" if line.selected else "0"
            rows.append(row)
        return rows

    def _round_file(self):
        funding_round = self.round_id
        projects = self._offer_rows()
        approvals = {
            b.partner_id: b.approved_request_ids for b in funding_round.ballot_ids
        }
        meta = {
            "description": funding_round.name,
            "country": funding_round.company_id.country_id.name or "",
            "unit": funding_round.company_id.name,
            "instance": funding_round.date_to,
            "num_projects": str(len(projects)),
            "num_votes": str(len(funding_round.participant_ids)),
            "budget": str(funding_round.budget_total),
            "vote_type": "approval",
            "rule": funding_round.rule,
        }
        votes = [
            {
                "voter_id": str(p.partner_id.id),
                "vote": ",".join(approvals.get(p.partner_id, []).mapped("name")),
            }
            for p in funding_round.participant_ids
        ]
        return pabulib.PabulibFile(meta, projects, votes)

    def action_import(self):
        """Fill the draft round from the file; a bad file writes nothing. The votes of
        a big file are left to a job (its form opened): the request stays short."""
        self.ensure_one()
        self.round_id.check_access_rights("write")  # coordinators fill rounds
        # One import (or opening) of the round at a time: the other waits, then fails
        # to serialize and is retried, and sees the job queued by this one.
        self.round_id._lock()
        if self.round_id.state != "draft":
            raise UserError(_("Import into a draft round."))
        if not self.data:
            raise UserError(_("Choose a .pb file."))
        try:
            pb = pabulib.parse(base64.b64decode(self.data).decode("utf-8-sig"))
            election = pabulib.election(pb)  # checks the whole file first
        except (pabulib.PabulibError, pabulib.mes.RuleError) as error:
            raise UserError(_(error.msgid) % error.params) from error
        except UnicodeDecodeError as error:
            raise UserError(_("The file is not a UTF-8 text file.")) from error
        if pb.meta["vote_type"].strip().lower() not in pabulib.APPROVAL_TYPES:
            raise UserError(_("Only approval ballots can be imported into a round."))
        self.round_id._check_no_votes_importing()  # nor twice at once
        requests = self._import_projects(pb)
        votes = self._vote_rows(pb, requests)
        endowment = election.budget_limit / len(pb.votes)
        if len(votes) <= pb_job.PB_JOB_FROM_VOTES:
            self.round_id._import_pb_votes(votes, endowment)
            return {"type": "ir.actions.act_window_close"}
        job = self.env["komunigi.job"]._enqueue_pb_votes(
            self.round_id, votes, endowment
        )
        return job._form_action()

    def _import_projects(self, pb):
        """The projects as requests estimated through their life cycle, on offer."""
        id_column = pb.project_columns[0]
        Request = self.env["komunigi.request"]
        requests = {}
        for row in pb.projects:
            requests[row[id_column]] = Request.create(
                {
                    "title": row.get("name") or row[id_column],
                    "partner_id": self.round_id.company_id.partner_id.id,
                    "fixed_costs": float(Fraction(row["cost"].replace(",", "."))),
                    "hourly_rate": 0,
                }
            )
        created = Request.union(*requests.values())
        created.action_submit()
        created.action_start_analysis()
        created.action_estimate()
        self.round_id.request_ids = [(6, 0, created.ids)]
        return requests

    @staticmethod
    def _vote_rows(pb, requests):
        """The votes as [voter, [ids of the approved requests]], as JSON keeps them."""
        return [
            [
                vote.get("voter_id", str(index)),
                [requests[p].id for p in pabulib._listed(vote.get("vote", ""))],
            ]
            for index, vote in enumerate(pb.votes)
        ]
