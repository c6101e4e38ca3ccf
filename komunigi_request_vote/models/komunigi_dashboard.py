# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from .komunigi_request import STATES

# The pipeline: the states a request moves through (rejected and merged ones left it).
PIPELINE = [(key, label) for key, label in STATES if key not in ("rejected", "merged")]


def pipeline_count(label):
    return fields.Integer(string=label, compute="_compute_request_pipeline")


class KomunigiDashboard(models.TransientModel):
    """The request pipeline: how many requests are in each state.

    For a co-op: its own requests and those it said "we need this too" for.
    """

    _inherit = "komunigi.dashboard"

    request_draft_count = pipeline_count("Draft")
    request_submitted_count = pipeline_count("Submitted")
    request_analysis_count = pipeline_count("In analysis")
    request_estimated_count = pipeline_count("Estimated")
    request_vote_count = pipeline_count("In vote")
    request_approved_count = pipeline_count("Approved")
    request_funded_count = pipeline_count("Funded")
    request_development_count = pipeline_count("In development")
    request_delivered_count = pipeline_count("Delivered")

    def _request_domain(self):
        """The requests the figures count: the company's; of a co-op, those it asked
        for and those it needs too."""
        domain = [("company_id", "=", self.company_id.id)]
        if self.coop_id:
            domain += [
                "|",
                ("partner_id", "=", self.coop_id.id),
                ("interested_partner_ids", "in", self.coop_id.ids),
            ]
        return domain

    @api.depends("coop_id", "company_id")
    def _compute_request_pipeline(self):
        self._check_figures_reader()
        for dashboard in self:
            groups = self.env["komunigi.request"].read_group(
                dashboard._request_domain(), ["state"], ["state"]
            )
            counts = {group["state"]: group["state_count"] for group in groups}
            for state, _label in PIPELINE:
                dashboard["request_%s_count" % state] = counts.get(state, 0)

    def _request_pipeline(self):
        """(label, count) of each state of the pipeline, in order: the portal's row."""
        labels = dict(
            self.env["komunigi.request"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        return [
            (labels[state], self["request_%s_count" % state])
            for state, _label in PIPELINE
        ]

    def action_open_requests(self):
        """The requests the figures count, of the state the button gives in its
        context (`komunigi_request_state`), all of them without."""
        self.ensure_one()
        domain = self._request_domain()
        state = self.env.context.get("komunigi_request_state")
        if state:
            domain += [("state", "=", state)]
        return self._open_list("komunigi.request", _("Requests"), domain)
