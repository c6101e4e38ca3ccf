# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    komunigi_hourly_rate = fields.Monetary(
        related="company_id.komunigi_hourly_rate", currency_field="currency_id"
    )
    komunigi_coordination_hours = fields.Float(
        related="company_id.komunigi_coordination_hours"
    )
    komunigi_provider_hours = fields.Float(related="company_id.komunigi_provider_hours")
    komunigi_provider_id = fields.Many2one(related="company_id.komunigi_provider_id")
    komunigi_dues_journal_id = fields.Many2one(
        related="company_id.komunigi_dues_journal_id"
    )
    komunigi_dues_invoice_state = fields.Selection(
        related="company_id.komunigi_dues_invoice_state"
    )

    komunigi_dues_send = fields.Boolean(related="company_id.komunigi_dues_send")
    komunigi_dues_reminder_days = fields.Integer(
        related="company_id.komunigi_dues_reminder_days"
    )
    komunigi_dues_reminder_days_2 = fields.Integer(
        related="company_id.komunigi_dues_reminder_days_2"
    )
