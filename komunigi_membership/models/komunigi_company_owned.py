# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiCompanyOwned(models.AbstractModel):
    """A record the coordinating company keeps for its network: a membership tier, a
    membership, a feature request, a funding round.

    It belongs to the company of the user who creates it (several networks can share
    a database) and counts its amounts in that company's currency: its Monetary
    fields follow the company, never a currency of their own.
    """

    _name = "komunigi.company.owned"
    _description = "Record of the coordinating company"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
