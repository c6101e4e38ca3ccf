# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _komunigi_offer_languages(self, codes, website_id):
        """Offer the languages `codes` on a website's portal, as a coordinator would.

        The ones not installed yet go through Odoo's language wizard, which loads every
        installed module's translations (about 15 seconds a language). The demo uses it
        (demo/res_lang_demo.xml); `make test` and `make run` start from a template that
        already holds the demo's languages (bin/komunigi-env), so that each install of
        the addons reads only their own .po files.
        """
        website = self.env["website"].browse(website_id)
        for code in codes:
            if not self.search([("code", "=", code)]):
                wizard = self.env["base.language.install"].create(
                    {"lang": code, "website_ids": [(4, website_id)]}
                )
                wizard.lang_install()
        offered = self.search([("code", "in", list(codes))])
        website.write({"language_ids": [(4, lang.id) for lang in offered]})
        return offered.ids
