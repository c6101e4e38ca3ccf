# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class KomunigiLogEntry(models.Model):
    """The log entries of co-financings, drafted when they are funded."""

    _inherit = "komunigi.log.entry"

    source_event = fields.Selection(
        selection_add=[("cofinancing_funded", "Funded co-financings")]
    )

    @api.model
    def _draft_cofinancing_funded(self, cofinancing):
        """The entry of a funded co-financing, naming its co-funders (never what
        each one pays): a co-financing funded again after a withdrawal keeps its
        first entry. Read as superuser: a representative's pledge may fund it."""
        cofinancing = cofinancing.sudo()
        coops = ", ".join(cofinancing._public_cofunders().mapped("name"))
        return self._draft_event(
            cofinancing,
            "cofinancing_funded",
            fields.Date.context_today(self),
            _("Co-financing funded: %s") % cofinancing.name,
            self._paragraph(_("Funded by %s.") % (coops or _("its co-funders"))),
            member_url="/my/cofinancings/%d" % cofinancing.id,
            public_url=cofinancing.website_url,
        )
