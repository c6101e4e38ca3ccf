# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiLogEntry(models.Model):
    """An entry of the project log ("journal de bord") that keeps members informed.

    Published entries feed the website log and the quarterly newsletter.
    """

    _name = "komunigi.log.entry"
    _description = "Project log entry"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    name = fields.Char(string="Title", required=True, translate=True)
    body = fields.Html()
    is_published = fields.Boolean(
        string="Published",
        help="Published entries appear on the website log and in the newsletter.",
    )
