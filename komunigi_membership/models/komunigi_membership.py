# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import dues_periods
from .shared_fields import coop_field, life_cycle_state

# Changed on an invoiced membership only by a dated change (`komunigi.membership.change`).
DATED_FIELDS = ("date_start", "billing_frequency", "tier_id")


def to_date(value):
    return fields.Date.from_string(value) if value else None


class KomunigiMembership(models.Model):
    """A co-op's membership of the intercooperation: its tier, dates and dues periods."""

    _name = "komunigi.membership"
    _description = "Membership"
    _inherit = ["mail.thread", "komunigi.company.owned"]
    _order = "state_sequence, partner_id, date_start desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = coop_field(index=True, track_visibility="onchange")
    tier_id = fields.Many2one(
        "komunigi.membership.tier",
        required=True,
        track_visibility="onchange",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=fields.Date.context_today,
        track_visibility="onchange",
    )
    date_end = fields.Date(string="End", track_visibility="onchange")
    billing_frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        track_visibility="onchange",
        help="How often the monthly rate is invoiced (3 or 12 months at once).",
    )
    state = life_cycle_state(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("ended", "Ended"),
        ],
        index=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    representative_ids = fields.Many2many(
        "res.partner",
        string="Representatives",
        domain="[('parent_id', '=', partner_id), ('is_company', '=', False)]",
        help="Contacts of the co-op who act for it on the portal.",
    )
    welcome_booklet_accepted_on = fields.Date(
        help="Date the co-op accepted the welcome booklet."
    )
    dues_ids = fields.One2many(
        "komunigi.membership.dues",
        "membership_id",
        string="Invoiced dues",
        readonly=True,
    )
    suspension_ids = fields.One2many(
        "komunigi.membership.suspension", "membership_id", readonly=True
    )
    change_ids = fields.One2many(
        "komunigi.membership.change",
        "membership_id",
        string="Dated changes",
        readonly=True,
    )
    next_dues_date = fields.Date(compute="_compute_next_dues_date")
    dues_invoiced_until = fields.Date(
        readonly=True,
        copy=False,
        help="End of the last invoiced period; also marks the membership as handled "
        "by a dues run, which keeps two concurrent runs apart.",
    )

    @api.depends("partner_id.name", "tier_id.name")
    def _compute_name(self):
        for membership in self:
            membership.name = "%s - %s" % (
                membership.partner_id.name or "",
                membership.tier_id.name or "",
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"active": 1, "suspended": 2, "draft": 3, "ended": 4}
        for membership in self:
            membership.state_sequence = order.get(membership.state, 9)

    def _compute_next_dues_date(self):
        today = to_date(fields.Date.context_today(self))
        for membership in self:
            if membership.state != "active":
                membership.next_dues_date = False
                continue
            # The representative's portal shows it: read the dues terms as the run does.
            pending = membership.sudo()._due_periods(today)
            membership.next_dues_date = (
                pending[0].start
                if pending
                else dues_periods.next_period_start(
                    to_date(membership.date_start),
                    to_date(membership.date_end),
                    membership.billing_frequency,
                    today,
                )
            ) or False

    def init(self):
        # The last guard of "one active membership per co-op", under concurrent writes.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS komunigi_membership_one_active "
            "ON komunigi_membership (partner_id) WHERE state = 'active'"
        )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for membership in self:
            if membership.date_end and membership.date_end < membership.date_start:
                raise ValidationError(
                    _("The membership of %s cannot end before it starts.")
                    % membership.partner_id.name
                )

    def _check_single_active(self):
        """Clear message first; the partial unique index guards concurrent writes."""
        for membership in self:
            others = self.search_count(
                [
                    ("partner_id", "=", membership.partner_id.id),
                    ("state", "=", "active"),
                    ("id", "!=", membership.id),
                ]
            )
            if others:
                raise ValidationError(
                    _("%s already has an active membership.")
                    % membership.partner_id.name
                )

    @api.constrains("representative_ids", "partner_id")
    def _check_representatives(self):
        for membership in self:
            strangers = membership.representative_ids.filtered(
                lambda p, coop=membership.partner_id: p.commercial_partner_id != coop
            )
            if strangers:
                raise ValidationError(
                    _("%s is not a contact of %s.")
                    % (strangers[0].name, membership.partner_id.name)
                )

    def _representatives_to_invite(self):
        """One representative per membership, co-ops by name: one with an e-mail
        address when the co-op has one. The meetings of the co-ops invite them."""
        invitees = self.env["res.partner"]
        for membership in self.sorted(lambda m: m.partner_id.name):
            people = membership.representative_ids.sorted("id")
            invitees |= people.filtered("email")[:1] or people[:1]
        return invitees

    # --- workflow ------------------------------------------------------------------------------
    def action_activate(self):
        """Activate a draft membership, or reactivate a suspended one from today."""
        self.check_access_rights("write")
        for membership in self:
            if membership.state not in ("draft", "suspended"):
                raise UserError(
                    _("Only a draft or suspended membership can be activated.")
                )
        self._check_single_active()
        suspended = self.filtered(lambda m: m.state == "suspended")
        self.write({"state": "active"})
        for membership in self - suspended:  # a re-activation is no new join
            self.env["komunigi.log.entry"]._draft_membership_event(membership, "joined")
        suspended._close_suspensions(to_date(fields.Date.context_today(self)))
        suspended._credit_unbillable_dues()

    def action_suspend(self):
        """Suspend from today: no day of the suspension is ever invoiced."""
        self.check_access_rights("write")
        if self.filtered(lambda m: m.state != "active"):
            raise UserError(_("Only an active membership can be suspended."))
        today = fields.Date.context_today(self)
        self.check_access_rights("write")
        self.check_access_rule("write")
        # The suspensions are history: written here only (the coordinator reads them).
        Suspension = self.env["komunigi.membership.suspension"].sudo()
        for membership in self:
            Suspension.create({"membership_id": membership.id, "date_start": today})
        self.write({"state": "suspended"})

    def action_end(self):
        """End today (or on the end date set), crediting what was invoiced beyond it."""
        today = fields.Date.context_today(self)
        self.check_access_rights("write")
        self.check_access_rule("write")
        for membership in self:
            if membership.state == "ended":
                raise UserError(
                    _("The membership of %s has already ended.")
                    % membership.partner_id.name
                )
            date_end = membership.date_end or today
            membership._close_suspensions(to_date(date_end) + timedelta(days=1))
            membership.with_context(komunigi_credit_later=True).write(
                {"state": "ended", "date_end": date_end}
            )
            self.env["komunigi.log.entry"]._draft_membership_event(membership, "left")
        self._credit_unbillable_dues()

    def _close_suspensions(self, resumed_on):
        """Close the open suspensions: the membership is billed again from `resumed_on`.

        A suspension that had not started yet by then covered no day: it goes.
        """
        for suspension in self.mapped("suspension_ids").filtered(
            lambda s: not s.date_end
        ):
            if to_date(suspension.date_start) >= resumed_on:
                suspension.sudo().unlink()
            else:
                last = fields.Date.to_string(resumed_on - timedelta(days=1))
                suspension.sudo().write({"date_end": last})

    def action_grant_portal_access(self):
        """Give each representative a portal account (invitation e-mail included)."""
        self.check_access_rights("write")
        representatives = self.mapped("representative_ids")
        if not representatives:
            raise UserError(_("Add the representatives of the co-op first."))
        missing = representatives.filtered(lambda p: not p.email)
        if missing:
            raise UserError(
                _("%s has no e-mail address: it is the login of the portal.")
                % missing[0].name
            )
        wizard = self.env["portal.wizard"].create(
            {
                "user_ids": [
                    (0, 0, {"partner_id": p.id, "email": p.email, "in_portal": True})
                    for p in representatives
                ]
            }
        )
        wizard.action_apply()
        return True

    def write(self, vals):
        self._check_dated_fields(vals)
        moved_end = self.filtered(
            lambda m: "date_end" in vals and m.date_end != vals["date_end"]
        )
        moved_end._check_end_after_credits(vals["date_end"] if moved_end else None)
        result = super().write(vals)
        if not self.env.context.get("komunigi_credit_later"):
            moved_end.filtered("dues_ids")._credit_unbillable_dues()
        return result

    def _check_dated_fields(self, vals):
        """An invoiced membership's start, frequency and tier change by a dated change.

        Writing them directly would move the periods under the invoiced ones.
        """
        if self.env.context.get("komunigi_dated_change") or not any(
            name in vals for name in DATED_FIELDS
        ):
            return
        for membership in self.filtered("dues_ids"):
            for name in DATED_FIELDS:
                current = membership[name]
                if name == "tier_id":
                    current = current.id
                if name in vals and vals[name] != current:
                    raise UserError(
                        _(
                            "%s is invoiced: its start, billing frequency and tier "
                            "change only through a dated change (button Change)."
                        )
                        % membership.name
                    )

    def _check_end_after_credits(self, date_end):
        """Credited days are never billed again: an end that credited stays."""
        for membership in self:
            if not membership.date_end or not membership.dues_ids.filtered(
                "amount_credited"
            ):
                continue
            if not date_end or date_end > membership.date_end:
                raise UserError(
                    _("%s was credited after its end (%s): the end cannot move later.")
                    % (membership.name, membership.date_end)
                )

    def _credit_unbillable_dues(self):
        """Credit what the invoiced periods lost (see `komunigi.membership.dues.credit`)."""
        return self.env["komunigi.membership.dues.credit"]._credit_memberships(self)

    def _dues_invoiced_through(self):
        """The last day an invoice of the membership covers, or None."""
        self.ensure_one()
        return max(map(to_date, self.dues_ids.mapped("period_end")), default=None)
