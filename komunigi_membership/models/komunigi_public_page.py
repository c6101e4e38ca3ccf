# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KomunigiPublicPage(models.AbstractModel):
    """A record the newsletter and the public pages link to: a request, the results
    of a session, a co-financing.

    Its page is at `_public_path`/<id> for every reader; what the page shows, and
    which records it shows (`_public_domain`), is each model's own rule.
    """

    _name = "komunigi.public.page"
    _description = "Record with a public page"
    _public_path = None  # the page's path without the id, e.g. "/komunigi/requests"

    website_url = fields.Char(string="Public page", compute="_compute_website_url")

    def _compute_website_url(self):
        for record in self:
            record.website_url = (
                "%s/%d" % (self._public_path, record.id) if record.id else False
            )
