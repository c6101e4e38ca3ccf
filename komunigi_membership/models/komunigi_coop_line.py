# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .shared_fields import coop_field


class KomunigiCoopLine(models.AbstractModel):
    """A line of a larger record that stands for one co-op: a co-funder's share, a
    funding round's participant or ballot.

    Such a line names a co-op, the company, never one of its representatives (their
    users act for it), and is named after it. Written once here, every such line
    labels, filters and displays its co-op alike; each model keeps its own rule that
    a co-op stands once in its record.
    """

    _name = "komunigi.coop.line"
    _description = "Line of one co-op"
    _rec_name = "partner_id"

    partner_id = coop_field()
