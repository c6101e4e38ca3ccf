# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from .portal import MembershipPortal


class ContributionsChartPortal(MembershipPortal):
    """/my/komunigi's bar chart of what the co-op contributed per quarter."""

    def _komunigi_page_values(self):
        """The chart of the user's own co-op, for members only.

        A portal user may not read invoices they do not follow: the sums are read
        with sudo, on the co-op of the user only, in the website's company.
        """
        values = super()._komunigi_page_values()
        values["komunigi_contributions_chart"] = None
        if values["komunigi_membership"]:
            coop = values["komunigi_coop"].sudo()
            values["komunigi_contributions_chart"] = coop._komunigi_contributions_chart(
                request.website.company_id
            )
        return values
