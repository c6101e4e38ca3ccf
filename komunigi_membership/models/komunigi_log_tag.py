# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiLogTag(models.Model):
    """A theme of the project log (migration, governance, new members...).

    Readers of the website log filter the entries by tag.
    """

    _name = "komunigi.log.tag"
    _description = "Project log tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(string="Color index")

    _sql_constraints = [("name_unique", "unique(name)", "This tag already exists.")]
