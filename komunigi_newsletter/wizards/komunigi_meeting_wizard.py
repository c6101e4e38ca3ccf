# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from ..lib import reminders
from ..models.calendar_event import MEETING_KINDS

DEFAULT_HOUR = 18  # monthly meetings are held in the evening, local time


class KomunigiMeetingWizard(models.TransientModel):
    """Plan a meeting: a session or a core-group meeting, and who is invited.

    A session invites one representative per active member co-op; a core-group meeting
    invites the core group. Invitees without an e-mail address are reported on the
    meeting, the others are still invited.
    """

    _name = "komunigi.meeting.wizard"
    _description = "Plan a meeting"

    kind = fields.Selection(MEETING_KINDS, required=True, default="session")
    session_ref = fields.Reference(
        selection="_selection_session_ref",
        string="Decision session",
        help="The session this meeting is held for (when requests and votes are "
        "installed).",
    )
    name = fields.Char(string="Meeting", required=True)
    start = fields.Datetime(required=True)
    duration = fields.Float(default=1.5, help="Hours.")
    location = fields.Char()
    description = fields.Text()
    partner_ids = fields.Many2many("res.partner", string="Invitees")
    missing_email_ids = fields.Many2many(
        "res.partner",
        "komunigi_meeting_wizard_missing_rel",
        string="Without e-mail",
        compute="_compute_missing_email_ids",
    )

    @api.model
    def _selection_session_ref(self):
        """The models whose records hold meetings: those that say so with the
        `_komunigi_meeting_subject` flag (a decision session), so that the wizard
        names no model of the addons above membership."""
        return [
            (name, model._description)
            for name, model in sorted(self.env.registry.items())
            if getattr(model, "_komunigi_meeting_subject", False)
        ]

    @api.depends("partner_ids")
    def _compute_missing_email_ids(self):
        for wizard in self:
            wizard.missing_email_ids = wizard.partner_ids.filtered(
                lambda p: not p.email
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        kind = values.get("kind") or "session"
        values.setdefault("name", self._default_name(kind))
        if "partner_ids" in fields_list and not values.get("partner_ids"):
            values["partner_ids"] = [(6, 0, self._invitees(kind).ids)]
        return values

    @api.model
    def _default_name(self, kind):
        return dict(self._fields["kind"]._description_selection(self.env))[kind]

    @api.onchange("kind")
    def _onchange_kind(self):
        self.partner_ids = self._invitees(self.kind)

    @api.onchange("session_ref")
    def _onchange_session_ref(self):
        session = self.session_ref
        if session:
            self.kind = "session"
            self.name = session.name
            self.start = self._evening_of(session.date)

    def _evening_of(self, day):
        """The session's day at 18:00 in the user's time zone, in UTC."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local = tz.localize(
            datetime.combine(fields.Date.from_string(day), time(DEFAULT_HOUR))
        )
        return fields.Datetime.to_string(
            local.astimezone(pytz.utc).replace(tzinfo=None)
        )

    @api.model
    def _invitees(self, kind):
        """One representative per active member co-op (one with an e-mail address when
        the co-op has one), or the current core group."""
        Audience = self.env["komunigi.audience"]
        if kind == "core_group":
            return (
                self.env["komunigi.mandate"]
                .sudo()
                ._current_core_group()
                .mapped("partner_id")
            )
        invitees = self.env["res.partner"]
        for membership in Audience._active_memberships().sorted(
            lambda m: m.partner_id.name
        ):
            people = membership.representative_ids.sorted("id")
            invitees |= people.filtered("email")[:1] or people[:1]
        return invitees

    def _report(self, without_email, coops_without_representative):
        lines = [
            _("%(person)s (%(coop)s): no e-mail address, not invited.")
            % {"person": p.name, "coop": p.commercial_partner_id.name}
            for p in without_email
        ]
        lines += [
            _("%s: no representative to invite.") % coop.name
            for coop in coops_without_representative
        ]
        return "\n".join(lines)

    def _coops_without_representative(self):
        if self.kind != "session":
            return self.env["res.partner"]
        memberships = self.env["komunigi.audience"]._active_memberships()
        return memberships.filtered(lambda m: not m.representative_ids).mapped(
            "partner_id"
        )

    @api.multi
    def action_create_meeting(self):
        """Create the meeting and invite those with an address; nothing when refused."""
        self.ensure_one()
        if not self.env.user.has_group("komunigi_membership.group_coordinator"):
            raise AccessError(_("Only a coordinator plans the meetings."))
        start = fields.Datetime.from_string(self.start) if self.start else None
        try:
            reminders.check_meeting_start(
                start, fields.Datetime.from_string(fields.Datetime.now())
            )
        except reminders.ReminderError as error:
            raise UserError(_(error.msgid) % error.params) from error
        if self.duration <= 0:
            raise UserError(_("A meeting lasts some time: give a positive duration."))
        invited = self.partner_ids.filtered("email")
        if not invited:
            raise UserError(
                _("No invitee has an e-mail address: nobody can be invited.")
            )
        without_email = self.partner_ids - invited
        report = self._report(without_email, self._coops_without_representative())
        stop = start + timedelta(hours=self.duration)
        values = {
            "name": self.name,
            "komunigi_kind": self.kind,
            "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(stop),
            "duration": self.duration,
            "allday": False,
            "location": self.location,
            "description": self.description,
            "partner_ids": [(6, 0, invited.ids)],
            "komunigi_invitation_report": report or False,
        }
        if self.session_ref:
            values.update(
                {
                    "res_model_id": self.env["ir.model"]
                    ._get(self.session_ref._name)
                    .id,
                    "res_id": self.session_ref.id,
                }
            )
        event = self.env["calendar.event"].create(values)
        if report:
            event.message_post(body=html_escape(report).replace("\n", "<br/>"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": event.id,
            "view_mode": "form",
            "name": _("Meeting"),
        }
