# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class KomunigiCoordinationBudget(models.Model):
    """Per month: does the dues income cover the coordination it funds?

    Dues of a quarter or a year are spread over their months by days, so that each month
    compares with the monthly coordination cost (hours x hourly rate of the settings).
    Dues invoiced, and dues paid (those of paid invoices), are net of their credit notes.
    """

    _name = "komunigi.coordination.budget"
    _description = "Coordination budget"
    _auto = False
    _order = "month desc"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    coordination_cost = fields.Monetary(readonly=True)
    provider_hours_value = fields.Monetary(
        string="Provider hours valued", readonly=True
    )
    dues_invoiced = fields.Monetary(readonly=True)
    dues_paid = fields.Monetary(readonly=True)
    coverage = fields.Float(
        string="Coverage (%)",
        readonly=True,
        group_operator="avg",
        help="Dues invoiced over the coordination cost.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW komunigi_coordination_budget AS (
            WITH months AS (
                SELECT c.id AS company_id, generate_series(
                    date_trunc('month', COALESCE(
                        (SELECT min(period_start) FROM komunigi_membership_dues),
                        CURRENT_DATE)),
                    date_trunc('month', CURRENT_DATE), interval '1 month'
                )::date AS month
                FROM res_company c
            ), credited AS (
                SELECT c.dues_id, SUM(c.amount) AS amount
                FROM komunigi_membership_dues_credit c
                JOIN account_invoice r ON r.id = c.invoice_id AND r.state != 'cancel'
                GROUP BY c.dues_id
            ), spread AS (
                SELECT m.company_id, m.month, i.state,
                    (d.amount - COALESCE(cr.amount, 0)) * (
                        LEAST(d.period_end, (m.month + interval '1 month - 1 day')::date)
                        - GREATEST(d.period_start, m.month) + 1
                    ) / (d.period_end - d.period_start + 1) AS amount
                FROM months m
                JOIN komunigi_membership_dues d
                    ON d.period_start <= (m.month + interval '1 month - 1 day')::date
                    AND d.period_end >= m.month
                JOIN komunigi_membership ms
                    ON ms.id = d.membership_id AND ms.company_id = m.company_id
                LEFT JOIN account_invoice i ON i.id = d.invoice_id
                LEFT JOIN credited cr ON cr.dues_id = d.id
            ), costs AS (
                SELECT id AS company_id, currency_id,
                    komunigi_coordination_hours::numeric * komunigi_hourly_rate AS cost,
                    komunigi_provider_hours::numeric * komunigi_hourly_rate AS provider
                FROM res_company
            )
            SELECT row_number() OVER (ORDER BY m.company_id, m.month) AS id,
                m.company_id, m.month, c.currency_id,
                c.cost AS coordination_cost,
                c.provider AS provider_hours_value,
                COALESCE(SUM(s.amount), 0) AS dues_invoiced,
                COALESCE(SUM(s.amount) FILTER (WHERE s.state = 'paid'), 0) AS dues_paid,
                CASE WHEN c.cost > 0
                    THEN 100 * COALESCE(SUM(s.amount), 0) / c.cost END AS coverage
            FROM months m
            JOIN costs c ON c.company_id = m.company_id
            LEFT JOIN spread s ON s.company_id = m.company_id AND s.month = m.month
            GROUP BY m.company_id, m.month, c.currency_id, c.cost, c.provider
            )
            """
        )
