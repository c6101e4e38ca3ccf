# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KomunigiRequest(models.Model):
    """A request as co-financing and funding rounds see it.

    Its life cycle continues here: a funded co-financing funds its request, a delivered
    request lets its co-financing finish, and a request on offer in an open funding round
    is held by that round.
    """

    _inherit = "komunigi.request"
