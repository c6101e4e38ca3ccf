# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# The co-financings anyone may read about: not cancelled (nor any state added later).
PUBLIC_STATES = ("open", "funded", "invoiced", "done")


class KomunigiCofinancing(models.Model):
    """The public summary of a co-financing, for the readers of the newsletter.

    It names the development, its request, its state and its co-funders, as the
    newsletter does; what each co-op pledged, pays or was invoiced stays on the
    co-funders' portal pages. The total shows only where the company publishes the
    costs of the roadmap.
    """

    _name = "komunigi.cofinancing"
    _inherit = ["komunigi.cofinancing", "komunigi.public.page"]
    _public_path = "/komunigi/cofinancings"

    @api.model
    def _public_domain(self, company):
        """The co-financings of `company` anyone may read about."""
        return [("state", "in", PUBLIC_STATES), ("company_id", "=", company.id)]

    def _public_cofunders(self):
        """The co-funders: the co-ops that committed (a co-op only listed, which has
        not committed, is no co-funder)."""
        self.ensure_one()
        committed = self.share_ids.filtered(lambda share: share.commitment != "none")
        return committed.mapped("partner_id").sorted("name")

    def _public_values(self):
        """Plain values: all the public summary shows of the co-financing."""
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        show_costs = self.company_id.komunigi_roadmap_show_costs
        public_requests = self.request_id.search(
            self.request_id._public_domain(self.company_id)
            + [("id", "=", self.request_id.id)]
        )
        return {
            "name": self.name,
            "state": states.get(self.state, ""),
            "request": public_requests._public_values() if public_requests else None,
            "request_url": public_requests.website_url,
            "cofunders": self._public_cofunders().mapped("name"),
            "amount_total": self.amount_total if show_costs else None,
            "currency": self.currency_id,
        }
