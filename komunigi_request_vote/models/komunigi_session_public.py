# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KomunigiSession(models.Model):
    """The public face of a session: the results of a closed session, for everyone.

    The results are counts per agenda item, never a co-op's ballot: what the
    newsletter tells its readers, who are not all logged in. Draft and open sessions
    are not public (running counts would sway the vote).
    """

    _name = "komunigi.session"
    _inherit = ["komunigi.session", "komunigi.public.page"]
    _public_path = "/komunigi/sessions"

    @api.model
    def _public_domain(self):
        """The sessions whose results anyone may read."""
        return [("state", "=", "closed")]

    def _public_results(self):
        """Plain values of the results, item by item: all the public page shows."""
        self.ensure_one()
        Item = self.env["komunigi.session.item"]
        methods = dict(Item._fields["method"]._description_selection(self.env))
        outcomes = dict(Item._fields["outcome"]._description_selection(self.env))
        return [
            {
                "name": item.name,
                "method": methods.get(item.method, ""),
                "voted": item.voted_count,
                "eligible": item.eligible_count,
                "quorum_reached": item.quorum_reached,
                "outcome": outcomes.get(item.outcome, ""),
                "summary": item.result_summary or "",
            }
            for item in self.item_ids
        ]
