# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.portal.controllers.portal import CustomerPortal


class RequestVotePortal(CustomerPortal):
    """Placeholder replaced by the /my/requests and /my/sessions pages."""
