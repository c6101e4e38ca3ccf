# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

AUDIENCES = [
    ("representatives", "Representatives of the active members"),
    ("contacts", "Contacts of the active members who opted in"),
    ("core_group", "Core group"),
]


class KomunigiAudience(models.AbstractModel):
    """Who belongs to each audience, and the sync of the lists and channels that follow.

    This is the one place that says who is in an audience, so that a mailing list and
    the mutual-help channel of the same audience never disagree.  The sync runs as
    superuser: a coordinator who changes a membership may have no right on mailing
    contacts, and the lists must follow all the same.
    """

    _name = "komunigi.audience"
    _description = "Audiences of the member mailing lists"

    @api.model
    def _active_memberships(self):
        return self.env["komunigi.membership"].sudo().search([("state", "=", "active")])

    @api.model
    def _people(self, audience):
        """Everyone in `audience`, whether they can be mailed or not."""
        Partner = self.env["res.partner"].sudo()
        if audience == "representatives":
            return self._active_memberships().mapped("representative_ids")
        if audience == "contacts":
            coops = self._active_memberships().mapped("partner_id")
            return Partner.search(
                [
                    ("commercial_partner_id", "in", coops.ids),
                    ("is_company", "=", False),
                    ("komunigi_newsletter_opt_in", "=", True),
                ]
            )
        if audience == "core_group":
            mandates = self.env["komunigi.mandate"].sudo()._current_core_group()
            return mandates.mapped("partner_id")
        return Partner

    @api.model
    def _members(self, audience):
        """The people of `audience` who can be mailed (an address, not opted out)."""
        return self._people(audience).filtered(
            lambda p: p.active and p.email and not p.opt_out
        )

    @api.model
    def _meeting_people(self):
        """Whom the meetings of the intercooperation gather: the representatives of
        the active members and the core group, mailed or not."""
        return self._people("representatives") | self._people("core_group")

    @api.model
    def _sync_all(self):
        """Bring every synced list and channel up to date with the memberships."""
        if self.env.context.get("komunigi_no_sync"):
            return False
        cache = {}

        def members(audience):
            if audience not in cache:
                cache[audience] = self._members(audience)
            return cache[audience]

        lists = (
            self.env["mail.mass_mailing.list"]
            .sudo()
            .search([("komunigi_audience", "!=", False)])
        )
        for mailing_list in lists:
            mailing_list._komunigi_sync(members(mailing_list.komunigi_audience))
        channels = (
            self.env["mail.channel"].sudo().search([("komunigi_audience", "!=", False)])
        )
        for channel in channels:
            channel._komunigi_sync(members(channel.komunigi_audience))
        return True

    @api.model
    def _cron_sync(self):
        """Daily catch-up: mandates start and end with the calendar, not a write."""
        return self._sync_all()
