# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KomunigiRequestCategory(models.Model):
    """The functional area a feature request touches (shifts, point of sale...).

    Co-ops browse the network's requests by category to find those they need too.
    """

    _name = "komunigi.request.category"
    _inherit = "komunigi.choice"
    _description = "Request category"
    _order = "sequence, name"

    _sql_constraints = [
        (
            "name_unique",
            "unique(name)",
            "A request category with this name already exists.",
        ),
    ]
