# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from ..lib.dashboard_ratios import percent
from .shared_fields import figure

# The tables whose rows name a dues invoice or a dues credit note (`invoice_id`).
DUES_LINKS = ("komunigi_membership_dues", "komunigi_membership_dues_credit")
# An invoice counts once issued; a cancelled one counts no more.
ISSUED = ("open", "paid")


class KomunigiDashboard(models.TransientModel):
    """The figures of the intercooperation (no co-op) or of one co-op.

    Computed here once, for both doors: the coordinator's overview (the backend form)
    and a representative's /my/komunigi (a record made with `new`, of their own
    co-op). This addon fills in the dues and the coordination budget; the addons
    above add their figures by inheriting the model. Every figure is a sum in the
    database, never a loop over records.
    """

    _name = "komunigi.dashboard"
    _inherit = "komunigi.company.owned"
    _description = "Komunigi overview"

    coop_id = fields.Many2one(
        "res.partner",
        string="Co-op",
        domain=[("is_company", "=", True)],
        help="Empty: the whole intercooperation.",
    )
    dues_invoiced = figure(
        "_compute_dues_figures",
        help="Dues invoices issued less their credit notes, taxes included.",
    )
    dues_paid = figure("_compute_dues_figures")
    dues_open = figure("_compute_dues_figures", "Dues to be paid")
    dues_paid_percent = figure("_compute_dues_figures", "Dues paid (%)", True)
    budget_month = figure("_compute_budget", "Coordination budget, this month")
    worked_month = figure("_compute_budget", "Hours worked valued, this month")
    worked_month_percent = figure("_compute_budget", "Budget used this month (%)", True)
    budget_year = figure("_compute_budget", "Coordination budget, this year")
    worked_year = figure("_compute_budget", "Hours worked valued, this year")
    worked_year_percent = figure("_compute_budget", "Budget used this year (%)", True)

    # --- who reads the figures -------------------------------------------------------
    def _check_figures_reader(self):
        """The figures are the coordination's: its analysts and coordinators read them,
        and the portal reads its user's own co-op's with sudo. Checked in every
        compute, as a transient record is anyone's to create (and `onchange`
        computes the figures of a record never created)."""
        if self.env.uid == SUPERUSER_ID:
            return
        if not self.env.user.has_group("komunigi_membership.group_analyst"):
            raise AccessError(
                _("Only the coordinators and analysts read the Komunigi overview.")
            )

    @api.model
    def create(self, vals):
        self._check_figures_reader()
        return super().create(vals)

    def write(self, vals):
        """Nobody writes an overview (its form is read-only); a representative may
        not even try, on any id."""
        self._check_figures_reader()
        return super().write(vals)

    # --- sums in the database --------------------------------------------------------
    def _sums(self, model, domain, names):
        """The sums of the fields `names` of `model`'s records in `domain` (0 for
        none), in one query, with the reader's rights."""
        groups = self.env[model].read_group(domain, names, [])
        found = groups[0] if groups else {}
        return {name: found.get(name) or 0.0 for name in names}

    def _issued_invoices_sql(self, tables):
        """The SQL condition and its parameters that select the issued invoices and
        credit notes of the dashboard's company (and co-op) that the rows of
        `tables` name by their `invoice_id`."""
        linked = " UNION ".join("SELECT invoice_id FROM %s" % t for t in tables)
        coop = self.coop_id.id or None
        condition = (
            "state IN %s AND company_id = %s"
            " AND (%s IS NULL OR commercial_partner_id = %s)"
            " AND id IN (" + linked + ")"
        )
        return condition, (ISSUED, self.company_id.id, coop, coop)

    def _invoice_figures(self, tables):
        """(invoiced, paid, open) of the invoices `tables` name: credit notes count
        negative (after a credit note, money in equals money out), in the company's
        currency. Read in SQL: analysts read the figures, not the invoices."""
        condition, params = self._issued_invoices_sql(tables)
        self.env.cr.execute(
            "SELECT COALESCE(SUM(amount_total_company_signed), 0),"
            " COALESCE(SUM(residual_company_signed), 0)"
            " FROM account_invoice WHERE " + condition,
            params,
        )
        invoiced, to_pay = self.env.cr.fetchone()
        return invoiced, invoiced - to_pay, to_pay

    def _issued_invoice_ids(self, tables, unpaid=False):
        """Ids of the invoices `_invoice_figures` sums (those still open if
        `unpaid`), for the lists the stat buttons open."""
        condition, params = self._issued_invoices_sql(tables)
        if unpaid:
            condition += " AND state = 'open'"
        self.env.cr.execute("SELECT id FROM account_invoice WHERE " + condition, params)
        return [row[0] for row in self.env.cr.fetchall()]

    def _fill_invoice_figures(self, prefix, tables):
        """Set the figures `<prefix>_invoiced`, `_paid`, `_open` and `_paid_percent`
        of each dashboard from the invoices `tables` name (dues, co-financings)."""
        self._check_figures_reader()
        for dashboard in self:
            invoiced, paid, to_pay = dashboard._invoice_figures(tables)
            dashboard[prefix + "_invoiced"] = invoiced
            dashboard[prefix + "_paid"] = paid
            dashboard[prefix + "_open"] = to_pay
            dashboard[prefix + "_paid_percent"] = float(percent(paid, invoiced))

    # --- the membership's figures ----------------------------------------------------
    @api.depends("coop_id", "company_id")
    def _compute_dues_figures(self):
        self._fill_invoice_figures("dues", DUES_LINKS)

    def _budget_since(self, since):
        """(budget, hours worked valued) of the coordination budget's months from
        `since` to this one (`komunigi.coordination.budget` computes them)."""
        sums = self._sums(
            "komunigi.coordination.budget",
            [
                ("company_id", "=", self.company_id.id),
                ("month", ">=", fields.Date.to_string(since)),
                ("month", "<=", fields.Date.context_today(self)),
            ],
            ["coordination_cost", "provider_hours_value"],
        )
        return sums["coordination_cost"], sums["provider_hours_value"]

    @api.depends("company_id")
    def _compute_budget(self):
        self._check_figures_reader()
        today = fields.Date.from_string(fields.Date.context_today(self))
        this_month, this_year = today.replace(day=1), date(today.year, 1, 1)
        for dashboard in self:
            budget, worked = dashboard._budget_since(this_month)
            dashboard.budget_month, dashboard.worked_month = budget, worked
            dashboard.worked_month_percent = float(percent(worked, budget))
            budget, worked = dashboard._budget_since(this_year)
            dashboard.budget_year, dashboard.worked_year = budget, worked
            dashboard.worked_year_percent = float(percent(worked, budget))

    # --- the doors ---------------------------------------------------------------------
    @api.model
    def _of_membership(self, membership):
        """The figures of `membership`'s co-op, for /my/komunigi: computed with sudo
        (a representative reads none of the records summed) on that co-op only, the
        one of the membership the portal found for its user. A record made with
        `new`: showing the page writes nothing."""
        return self.sudo().new(
            {
                "coop_id": membership.partner_id.id,
                "company_id": membership.company_id.id,
            }
        )

    @api.model
    def action_open_dashboard(self):
        """The overview of the whole intercooperation, on a fresh record (the root
        menu's action): its figures are those of the moment it opens."""
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": _("Overview"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "target": "current",
        }

    def _open_list(self, model, name, domain):
        """The window action listing `model`'s records in `domain`."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "tree,form",
            "views": [(False, "tree"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }

    def action_open_dues_invoices(self):
        """The dues invoices and credit notes the figures count."""
        self.ensure_one()
        ids = self._issued_invoice_ids(DUES_LINKS)
        return self._open_list(
            "account.invoice", _("Dues invoices"), [("id", "in", ids)]
        )

    def action_open_unpaid_dues(self):
        """The dues invoices still to be paid."""
        self.ensure_one()
        ids = self._issued_invoice_ids(DUES_LINKS, unpaid=True)
        return self._open_list("account.invoice", _("Unpaid dues"), [("id", "in", ids)])
