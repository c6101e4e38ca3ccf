# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiChoice(models.AbstractModel):
    """A choice the coordinators offer in the forms: a membership tier, a request
    category.

    It is named in each language of the network, ordered by hand, and archived
    rather than deleted when it is no longer offered: the memberships and requests
    that chose it keep pointing to it.
    """

    _name = "komunigi.choice"
    _description = "Choice offered by the coordinators"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
