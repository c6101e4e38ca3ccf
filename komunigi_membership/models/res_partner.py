# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.tools.misc import formatLang

from ..lib import quarter_chart

MEMBERSHIP_STATES = [
    ("none", "Not a member"),
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("ended", "Former member"),
]
# The quarters of the portal's contributions chart: this one and the seven before.
CHART_QUARTERS = 8
# What a co-op contributed: its issued customer invoices less its credit notes (drafts
# are not issued yet, cancelled ones owe nothing), as its yearly statement counts them.
CONTRIBUTION_TYPES = ("out_invoice", "out_refund")
CONTRIBUTION_STATES = ("open", "paid")


class ResPartner(models.Model):
    _inherit = "res.partner"

    komunigi_membership_ids = fields.One2many(
        "komunigi.membership", "partner_id", string="Memberships"
    )
    komunigi_membership_state = fields.Selection(
        MEMBERSHIP_STATES,
        string="Membership",
        compute="_compute_komunigi_membership_state",
        store=True,
        help="State of the co-op's most relevant membership (active first).",
    )

    @api.depends("komunigi_membership_ids.state")
    def _compute_komunigi_membership_state(self):
        for partner in self:
            # Memberships are ordered active, suspended, draft, ended.
            memberships = partner.komunigi_membership_ids.sorted("state_sequence")
            partner.komunigi_membership_state = (
                memberships[0].state if memberships else "none"
            )

    def _komunigi_active_membership(self):
        """The co-op's active membership, if any (read by the other komunigi addons)."""
        self.ensure_one()
        return self.commercial_partner_id.komunigi_membership_ids.filtered(
            lambda m: m.state == "active"
        )[:1]

    def _komunigi_invitation_report(self, coops_without_representative):
        """Why some of these invitees to a meeting, and some co-ops, are not invited:
        one line each, for the meeting's chatter (empty when all are)."""
        lines = [
            _("%(person)s (%(coop)s): no e-mail address, not invited.")
            % {"person": p.name, "coop": p.commercial_partner_id.name}
            for p in self.filtered(lambda p: not p.email)
        ]
        lines += [
            _("%s: no representative to invite.") % coop.name
            for coop in coops_without_representative
        ]
        return "\n".join(lines)

    def _komunigi_contributions_by_quarter(self, date_from, date_to, company=None):
        """{first day of a quarter (a date): {"dues": Decimal, "other": Decimal}}:
        what the co-op was invoiced less what it was credited, tax included, in
        `company`'s currency (the user's company by default), by quarter of invoice
        date from `date_from` to `date_to`.

        Every addon's invoices count (co-financings...) without this addon knowing
        them: they are the "other" ones; the dues are the invoices of dues periods,
        the credit notes of these and the dues credits. One query, summed by
        PostgreSQL and read as text, so that the sums are exact; it reads past the
        record rules: the portal calls it with sudo on the user's own co-op only.
        """
        self.ensure_one()
        company = company or self.env.user.company_id
        self.env.cr.execute(
            """
            SELECT date_trunc('quarter', invoice.date_invoice)::date,
                   EXISTS (
                       SELECT 1 FROM komunigi_membership_dues dues
                        WHERE dues.invoice_id = COALESCE(
                              invoice.refund_invoice_id, invoice.id)
                   ) OR EXISTS (
                       SELECT 1 FROM komunigi_membership_dues_credit credit
                        WHERE credit.invoice_id = invoice.id
                   ),
                   SUM(invoice.amount_total_company_signed)::text
              FROM account_invoice invoice
             WHERE invoice.commercial_partner_id = %s AND invoice.company_id = %s
               AND invoice.type IN %s AND invoice.state IN %s
               AND invoice.date_invoice BETWEEN %s AND %s
          GROUP BY 1, 2
            """,
            (
                self.commercial_partner_id.id,
                company.id,
                CONTRIBUTION_TYPES,
                CONTRIBUTION_STATES,
                date_from,
                date_to,
            ),
        )
        sums = {}
        for start, is_dues, total in self.env.cr.fetchall():
            quarter = sums.setdefault(
                fields.Date.from_string(start),
                {"dues": Decimal(0), "other": Decimal(0)},
            )
            quarter["dues" if is_dues else "other"] += Decimal(total or 0)
        return sums

    def _komunigi_contributions_chart(self, company=None):
        """What the portal's bar chart of the co-op's contributions draws, as the
        template writes it: the last quarters' bars (SVG coordinates, the quarter's
        label, its sum with the currency, its dues and other segments) and the axis'
        ticks (`quarter_chart`)."""
        self.ensure_one()
        company = company or self.env.user.company_id
        today = fields.Date.from_string(fields.Date.context_today(self))
        starts = quarter_chart.last_quarters(today, CHART_QUARTERS)
        sums = self._komunigi_contributions_by_quarter(
            starts[0], quarter_chart.quarter_end(today), company
        )
        parts = [sorted(sums.get(day, {}).items()) for day in starts]
        chart = quarter_chart.quarter_chart(
            [
                (
                    self._komunigi_quarter_label(day),
                    sum(amount for _kind, amount in kinds),
                )
                for day, kinds in zip(starts, parts)
            ]
        )
        number = quarter_chart.svg_number
        digits = quarter_chart.decimals([tick.value for tick in chart.ticks])
        return {
            "view_box": "0 0 %d %d" % (chart.width, chart.height),
            "plot": {key: number(value) for key, value in chart.plot._asdict().items()},
            "tick_x": number(chart.tick_x),
            "label_y": number(chart.label_y),
            "is_empty": chart.is_empty,
            "bars": [
                {
                    "label": bar.label,
                    "amount": formatLang(
                        self.env, float(bar.amount), currency_obj=company.currency_id
                    ),
                    "x": number(bar.x),
                    "width": number(bar.width),
                    "label_x": number(bar.label_x),
                    "segments": [
                        {
                            "kind": segment.kind or "total",
                            "y": number(segment.y),
                            "height": number(segment.height),
                        }
                        for segment in quarter_chart.stack(chart, bar, kinds)
                    ],
                }
                for bar, kinds in zip(chart.bars, parts)
            ],
            "ticks": [
                {
                    "label": formatLang(self.env, float(tick.value), digits=digits),
                    "y": number(tick.y),
                }
                for tick in chart.ticks
            ],
        }

    def _komunigi_quarter_label(self, day):
        """The short name of the quarter of `day`, as the chart writes it: Q1 2026."""
        return _("Q%(quarter)s %(year)s") % {
            "quarter": quarter_chart.quarter_number(day),
            "year": day.year,
        }
