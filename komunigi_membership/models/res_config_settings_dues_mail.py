# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The company's dues e-mails and reminders, in the Komunigi settings."""

    _inherit = "res.config.settings"

    komunigi_dues_send = fields.Boolean(related="company_id.komunigi_dues_send")
    komunigi_dues_reminder_days = fields.Integer(
        related="company_id.komunigi_dues_reminder_days"
    )
    komunigi_dues_reminder_days_2 = fields.Integer(
        related="company_id.komunigi_dues_reminder_days_2"
    )
