# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..lib import digest as digest_rules


def _previous_quarter(record):
    today = fields.Date.from_string(fields.Date.context_today(record))
    return digest_rules.previous_quarter(today)


class KomunigiNewsletterWizard(models.TransientModel):
    """ "Prepare the newsletter": a mass mailing draft of what happened in a range.

    The draft opens for review; sending it stays the coordinator's decision.
    """

    _name = "komunigi.newsletter.wizard"
    _description = "Prepare the newsletter"

    date_from = fields.Date(
        string="From",
        default=lambda self: fields.Date.to_string(_previous_quarter(self)[0]),
    )
    date_to = fields.Date(
        string="To",
        default=lambda self: fields.Date.to_string(_previous_quarter(self)[1]),
    )

    def _check_coordinator(self):
        if not self.env.user.has_group("komunigi_membership.group_coordinator"):
            raise AccessError(_("Only a coordinator prepares the newsletter."))

    def _range(self):
        """The range as dates, refused with a translated message when it is bad."""
        self.ensure_one()
        start = fields.Date.from_string(self.date_from) if self.date_from else None
        end = fields.Date.from_string(self.date_to) if self.date_to else None
        self.env["komunigi.newsletter.digest"]._check_range(start, end)
        return start, end

    @api.multi
    def action_prepare(self):
        self._check_coordinator()
        start, end = self._range()
        mailings = self.env["mail.mass_mailing"]._komunigi_prepare_digest(start, end)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "mail.mass_mailing",
            "name": _("Newsletter"),
        }
        if len(mailings) == 1:
            return dict(action, res_id=mailings.id, view_mode="form")
        # One draft per language of the readers.
        return dict(action, domain=[("id", "in", mailings.ids)], view_mode="tree,form")
