# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiLogEntry(models.Model):
    """The log entries that report the minutes of a meeting (meetings are ours)."""

    _inherit = "komunigi.log.entry"

    source_event = fields.Selection(selection_add=[("minutes", "Minutes of a meeting")])
    meeting_id = fields.Many2one(
        "calendar.event",
        ondelete="set null",
        help="The meeting whose minutes this entry reports.",
    )
    minutes = fields.Binary(related="meeting_id.komunigi_minutes", readonly=True)
    minutes_filename = fields.Char(
        string="Minutes file name",
        related="meeting_id.komunigi_minutes_filename",
        readonly=True,
    )
