# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    komunigi_roadmap_show_costs = fields.Boolean(
        related="company_id.komunigi_roadmap_show_costs"
    )
