# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.komunigi_membership.wizards.opened_from import opened_from


class KomunigiRequestCloseWizard(models.TransientModel):
    """Reject a request with a reason, or merge it into another one."""

    _name = "komunigi.request.close.wizard"
    _description = "Reject or merge a request"

    request_id = opened_from("komunigi.request")
    action = fields.Selection(
        [("reject", "Reject"), ("merge", "Merge into another request")],
        required=True,
        default="reject",
    )
    reason = fields.Text()
    target_id = fields.Many2one("komunigi.request", string="Merge into")

    def action_apply(self):
        self.ensure_one()
        if self.action == "reject":
            self.request_id.action_reject(self.reason)
        else:
            self.request_id.action_merge_into(self.target_id)
        return {"type": "ir.actions.act_window_close"}
