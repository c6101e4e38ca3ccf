# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiCofinancingCommitWizard(models.TransientModel):
    """A coordinator records a co-op's commitment on its behalf, with the reason."""

    _name = "komunigi.cofinancing.commit.wizard"
    _description = "Commit on behalf of a co-op"

    share_id = fields.Many2one(
        "komunigi.cofinancing.share", string="Co-op", required=True, readonly=True
    )
    currency_id = fields.Many2one(related="share_id.currency_id", readonly=True)
    amount_offered = fields.Monetary(related="share_id.amount_offered", readonly=True)
    action = fields.Selection(
        [
            ("accept", "Accept the offered share"),
            ("pledge", "Pledge an amount"),
            ("withdraw", "Withdraw the commitment"),
        ],
        required=True,
        default="accept",
    )
    amount = fields.Monetary(string="Pledge")
    reason = fields.Text(
        required=True, help="How the co-op committed: logged in the chatter."
    )

    def action_apply(self):
        self.ensure_one()
        share = self.share_id
        if self.action == "accept":
            share.action_accept(reason=self.reason)
        elif self.action == "pledge":
            share.action_pledge(self.amount, reason=self.reason)
        else:
            share.action_withdraw(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
