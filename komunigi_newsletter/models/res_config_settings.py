# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    komunigi_reminder_early_days = fields.Integer(
        related="company_id.komunigi_reminder_early_days"
    )
    komunigi_reminder_late_days = fields.Integer(
        related="company_id.komunigi_reminder_late_days"
    )
    komunigi_newsletter_user_id = fields.Many2one(
        related="company_id.komunigi_newsletter_user_id"
    )
