# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KomunigiRequest(models.Model):
    """The public face of a request, for the readers of the newsletter.

    A submitted request is known to the network and announced in the newsletter;
    its public page shows what the public roadmap shows of a request (reference,
    title, category, state, how many co-ops need it, the cost only where the company
    publishes costs), never its description, co-op or drafts.
    """

    _name = "komunigi.request"
    _inherit = ["komunigi.request", "komunigi.public.page"]
    _public_path = "/komunigi/requests"

    @api.model
    def _public_domain(self, company):
        """The requests of `company` anyone may read about."""
        return [("state", "!=", "draft"), ("company_id", "=", company.id)]

    def _public_values(self):
        """Plain values: all the public page shows of the request."""
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        show_costs = self.company_id.komunigi_roadmap_show_costs
        return {
            "reference": self.name,
            "title": self.title,
            "category": self.category_id.name or "",
            "state": states.get(self.state, ""),
            "interest_count": self.interest_count,
            "cost": self.estimate_total if show_costs else None,
            "currency": self.currency_id,
        }
