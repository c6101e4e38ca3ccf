# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields


def opened_from(comodel, **attrs):
    """The record a wizard applies to: the one its button or action was clicked on.

    Every Komunigi wizard (reject a request, add a late joiner, change a membership,
    exchange a round with pabulib) is opened from one record, which Odoo passes as
    the context's `active_id`; the wizard cannot apply without it.
    """
    return fields.Many2one(
        comodel,
        required=True,
        default=lambda self: self.env.context.get("active_id"),
        **attrs,
    )
