# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class KomunigiProposal(models.Model):
    """A governance proposal of the core group, decided by a yes/no vote."""

    _name = "komunigi.proposal"
    _description = "Governance proposal"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "title"

    title = fields.Char(required=True, track_visibility="onchange")
    text = fields.Html()
    proposed_by_ids = fields.Many2many(
        "komunigi.mandate", string="Proposed by", help="Core-group members."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("adopted", "Adopted"), ("rejected", "Rejected")],
        default="draft",
        readonly=True,
        track_visibility="onchange",
    )

    def _record_outcome(self, outcome, session):
        """The decision of `session` on the proposal (adopted or rejected), noted in
        the chatter."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        self.write({"state": outcome})
        for proposal in self:
            proposal.message_post(body=_("%s: %s.") % (session.name, labels[outcome]))
