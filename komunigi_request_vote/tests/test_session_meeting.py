# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A decision session plans its own meeting and invites its voting co-ops."""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.komunigi_membership.tests.users import make_user

from .common import SessionCase


class TestSessionMeeting(SessionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = date.today() + timedelta(days=5)
        cls.session.date = fields.Date.to_string(cls.day)

    def representatives(self, coops):
        return coops.mapped(
            lambda coop: coop._komunigi_active_membership().representative_ids
        )

    def test_the_voting_coops_representatives_are_invited_on_the_day(self):
        action = self.session.action_plan_meeting()
        event = self.env["calendar.event"].browse(action["res_id"])
        self.assertEqual(self.session.meeting_ids, event)
        self.assertEqual(event.komunigi_session_id, self.session)
        self.assertEqual(event.name, self.session.name)
        self.assertLessEqual(event.partner_ids, self.representatives(self.eligible))
        self.assertEqual(len(event.partner_ids), len(self.eligible))
        self.assertEqual(
            event.partner_ids.mapped("commercial_partner_id"), self.eligible
        )
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(self.day, time(18)))
        self.assertEqual(
            fields.Datetime.from_string(event.start),
            local.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def test_each_representative_reads_the_invitation_in_their_language(self):
        french, dutch = self.voters(2)
        self.representatives(french).write({"lang": "fr_FR"})
        self.representatives(dutch).write({"lang": "nl_BE"})
        action = self.session.action_plan_meeting()
        invited = self.env["calendar.event"].browse(action["res_id"]).partner_ids
        for coop, text in ((french, "Invitation à"), (dutch, "Uitnodiging voor")):
            person = invited.filtered(lambda p, c=coop: p.commercial_partner_id == c)
            [mail] = self.env["mail.mail"].search(
                [
                    ("recipient_ids", "in", person.ids),
                    ("subject", "like", self.session.name),
                ]
            )
            self.assertIn(text, mail.body_html)

    def test_who_cannot_be_invited_is_reported_on_the_meeting(self):
        mute, absent = self.voters(2)
        self.representatives(mute).write({"email": False})
        absent._komunigi_active_membership().representative_ids = False
        action = self.session.action_plan_meeting()
        event = self.env["calendar.event"].browse(action["res_id"])
        invited = self.eligible - mute - absent
        self.assertEqual(event.partner_ids.mapped("commercial_partner_id"), invited)
        report = event.message_ids.mapped("body")
        self.assertTrue(any("no e-mail address" in body for body in report))
        self.assertTrue(
            any(
                "%s: no representative to invite" % absent.name in body
                for body in report
            )
        )

    def test_a_past_day_or_nobody_to_invite_is_refused_nothing_written(self):
        Event = self.env["calendar.event"]
        count = Event.search_count([])
        self.session.date = fields.Date.to_string(date.today() - timedelta(days=1))
        with self.assertFails(UserError):
            self.session.action_plan_meeting()
        self.session.date = fields.Date.to_string(self.day)
        self.representatives(self.eligible).write({"email": False})
        with self.assertFails(UserError):
            self.session.action_plan_meeting()
        self.assertEqual(Event.search_count([]), count)
        self.assertFalse(self.session.meeting_ids)

    def test_only_coordinators_plan_the_meeting(self):
        analyst = make_user(
            self.env, "meeting_analyst", ["komunigi_membership.group_analyst"]
        )
        with self.assertFails(AccessError):
            self.session.sudo(analyst).action_plan_meeting()
        self.assertFalse(self.session.meeting_ids)
