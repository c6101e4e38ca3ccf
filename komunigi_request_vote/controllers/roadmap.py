# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from .portal import RequestVotePortal

# The requests the public roadmap lists: decided, paid for or being built.
ROADMAP_STATES = ("approved", "funded", "development", "delivered")


class RoadmapPortal(RequestVotePortal):
    """/komunigi/roadmap: what the co-ops decided to build, for everyone."""

    @staticmethod
    def _roadmap_rows(requests, show_costs):
        """Plain values: no description, no co-op name, no cost unless published."""
        return [
            {
                "reference": req.name,
                "title": req.title,
                "category": req.category_id.name or "",
                "state": req.state,
                "interest_count": req.interest_count,
                "cost": req.estimate_total if show_costs else None,
                "currency": req.currency_id,
            }
            for req in requests
        ]

    @route(["/komunigi/roadmap"], type="http", auth="public", website=True)
    def komunigi_roadmap(self, **kw):
        """What the co-ops decided to build, for everyone (read with sudo)."""
        company = request.website.company_id
        show_costs = company.sudo().komunigi_roadmap_show_costs
        requests = (
            request.env["komunigi.request"]
            .sudo()
            .search(
                [("state", "in", ROADMAP_STATES), ("company_id", "=", company.id)],
                order="interest_count desc, name",
            )
        )
        rows = self._roadmap_rows(requests, show_costs)
        labels = dict(self._requests_states())
        sections = [
            {"label": labels[state], "rows": [r for r in rows if r["state"] == state]}
            for state in ROADMAP_STATES
        ]
        return request.render(
            "komunigi_request_vote.komunigi_roadmap",
            {"komunigi_sections": sections, "komunigi_show_costs": show_costs},
        )
