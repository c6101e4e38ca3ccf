# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.komunigi_membership.models.shared_fields import coop_field
from odoo.addons.komunigi_membership.wizards.opened_from import opened_from


class KomunigiCofinancingJoinWizard(models.TransientModel):
    """ "Add a co-op" to a delivered co-financing."""

    _name = "komunigi.cofinancing.join.wizard"
    _description = "Add a co-op to a co-financing"

    cofinancing_id = opened_from("komunigi.cofinancing")
    partner_id = coop_field()
    discount = fields.Float(
        string="Discount (%)", help="Sponsoring new partners: nobody pays it instead."
    )

    def action_apply(self):
        self.ensure_one()
        self.cofinancing_id.action_add_late_joiner(self.partner_id, self.discount)
        return {"type": "ir.actions.act_window_close"}
