# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    """What the public roadmap publishes: costs stay private unless published."""

    _inherit = "res.company"

    komunigi_roadmap_show_costs = fields.Boolean(
        string="Publish costs on the roadmap",
        help="Show the estimate of each request on the public roadmap "
        "(/komunigi/roadmap). Without it, the roadmap shows no amount.",
    )
