# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import NewsletterCase, in_days


class MeetingCase(NewsletterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["komunigi.meeting.wizard"]
        cls.Event = cls.env["calendar.event"]
        cls.Reminder = cls.env["komunigi.meeting.reminder"]
        cls.coop_a = cls.make_coop("Meeting Coop A")
        cls.coop_b = cls.make_coop("Meeting Coop B")
        cls.coop_c = cls.make_coop("Meeting Coop C")
        cls.rep_a = cls.make_person(cls.coop_a, "Alice Rep")
        cls.rep_a2 = cls.make_person(cls.coop_a, "Albert Second")
        cls.rep_b = cls.make_person(cls.coop_b, "Bruno Nomail", email=False)
        cls.make_membership(cls.coop_a, cls.rep_a | cls.rep_a2)
        cls.make_membership(cls.coop_b, cls.rep_b)
        cls.make_membership(cls.coop_c)

    def event_count(self):
        return self.Event.search_count([("komunigi_kind", "!=", False)])

    def plan(self, **values):
        """A session meeting; invites the two people of co-op A unless told."""
        defaults = {
            "kind": "session",
            "name": "Monthly meeting",
            "start": in_days(10),
            "partner_ids": [(6, 0, (self.rep_a | self.rep_a2).ids)],
        }
        wizard = self.Wizard.create(dict(defaults, **values))
        return self.Event.browse(wizard.action_create_meeting()["res_id"])


class TestPlanMeeting(MeetingCase):
    def test_one_representative_per_member_coop_is_invited(self):
        invitees = self.Wizard._invitees("session")
        self.assertIn(self.rep_a, invitees)
        self.assertNotIn(self.rep_a2, invitees)
        self.assertIn(self.rep_b, invitees)  # reported when the meeting is created
        coops = invitees.mapped("commercial_partner_id")
        self.assertEqual(len(coops), len(invitees))

    def test_attendee_without_email_is_reported_the_others_invited(self):
        wizard = self.Wizard.create(
            {"kind": "session", "name": "M", "start": in_days(10)}
        )
        self.assertIn(self.rep_b, wizard.missing_email_ids)
        event = self.Event.browse(wizard.action_create_meeting()["res_id"])
        self.assertEqual(event.komunigi_kind, "session")
        self.assertIn(self.rep_a, event.partner_ids)
        self.assertNotIn(self.rep_b, event.partner_ids)
        self.assertIn("Bruno Nomail (Meeting Coop B)", event.komunigi_invitation_report)
        self.assertIn(
            "Meeting Coop C: no representative", event.komunigi_invitation_report
        )
        self.assertIn("Bruno Nomail", event.message_ids[0].body)
        # The invitation e-mails are queued for those invited.
        invitations = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.rep_a.ids), ("subject", "ilike", "M")]
        )
        self.assertTrue(invitations)

    def test_each_invitee_reads_the_invitation_in_their_language(self):
        french = self.make_person(self.coop_a, "Françoise Invitée", lang="fr_FR")
        dutch = self.make_person(self.coop_a, "Nele Genodigde", lang="nl_BE")
        people = french | dutch | self.rep_a
        self.plan(name="Language meeting", partner_ids=[(6, 0, people.ids)])

        def invitation(person):
            [mail] = self.env["mail.mail"].search(
                [
                    ("recipient_ids", "in", person.ids),
                    ("subject", "like", "Language meeting"),
                ]
            )
            return mail.body_html

        self.assertIn("Invitation à l'événement", invitation(french))
        self.assertIn("Uitnodiging voor", invitation(dutch))
        self.assertIn("Invitation to", invitation(self.rep_a))

    def test_a_meeting_in_the_past_is_refused_and_nothing_written(self):
        before = self.event_count()
        wizard = self.Wizard.create(
            {"kind": "session", "name": "M", "start": in_days(-1)}
        )
        with self.assertFails(UserError) as error:
            wizard.action_create_meeting()
        self.assertIn("in the past", error.exception.name)
        with self.assertFails(ValidationError):
            self.Event.create(
                {
                    "name": "Late",
                    "komunigi_kind": "session",
                    "start": in_days(0, hours=-2),
                    "stop": in_days(0, hours=-1),
                }
            )
        self.assertEqual(self.event_count(), before)

    def test_nobody_to_invite_or_no_duration_is_refused(self):
        before = self.event_count()
        wizard = self.Wizard.create(
            {
                "kind": "session",
                "name": "M",
                "start": in_days(3),
                "partner_ids": [(6, 0, self.rep_b.ids)],
            }
        )
        with self.assertFails(UserError):
            wizard.action_create_meeting()
        wizard = self.Wizard.create(
            {"kind": "session", "name": "M", "start": in_days(3), "duration": 0}
        )
        with self.assertFails(UserError):
            wizard.action_create_meeting()
        self.assertEqual(self.event_count(), before)

    def test_only_coordinators_plan_meetings(self):
        analyst = self.make_user("analyst-meet", ["komunigi_membership.group_analyst"])
        wizard = self.Wizard.sudo(analyst).create(
            {"kind": "session", "name": "M", "start": in_days(3)}
        )
        with self.assertFails(AccessError):
            wizard.action_create_meeting()

    def test_moving_a_meeting_to_the_past_is_refused(self):
        event = self.plan()
        with self.assertFails(ValidationError):
            event.write({"start": in_days(-2), "stop": in_days(-2, hours=1)})
        # Other events of the calendar keep Odoo's behaviour.
        other = self.Event.create(
            {"name": "Past lunch", "start": in_days(-3), "stop": in_days(-3, hours=1)}
        )
        self.assertFalse(other.komunigi_kind)

    def test_core_group_meeting_invites_the_core_group(self):
        person = self.make_person(self.coop_a, "Cora Core")
        Mandate = self.env["komunigi.mandate"]
        today = datetime.utcnow().date()
        Mandate.search([("date_end", "=", False)]).filtered(
            lambda m: not m.is_provider
        ).write({"date_end": fields.Date.to_string(today)})
        Mandate.create(
            {
                "partner_id": person.id,
                "organisation_id": self.coop_a.id,
                "date_start": fields.Date.to_string(today - timedelta(days=1)),
                "date_end": fields.Date.to_string(today + timedelta(days=200)),
            }
        )
        self.assertIn(person, self.Wizard._invitees("core_group"))
        event = self.plan(kind="core_group", partner_ids=[(6, 0, person.ids)])
        self.assertEqual(event.komunigi_kind, "core_group")
        self.assertEqual(event.partner_ids, person)


class TestAttendanceAndMinutes(MeetingCase):
    def past_meeting(self):
        event = self.plan(start=in_days(0, hours=1))
        self.env.cr.execute(
            "UPDATE calendar_event SET start = %s, stop = %s, start_datetime = %s "
            "WHERE id = %s",
            (in_days(-1), in_days(-1, hours=1), in_days(-1), event.id),
        )
        event.invalidate_cache()
        return event

    def test_attendance_is_recorded_once_the_meeting_started(self):
        future = self.plan()
        attendee = future.attendee_ids.filtered(lambda a: a.partner_id == self.rep_a)
        with self.assertFails(ValidationError):
            attendee.komunigi_attended = True
        event = self.past_meeting()
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == self.rep_a)
        attendee.komunigi_attended = True
        self.assertEqual(event.komunigi_attended_count, 1)
        self.assertEqual(attendee.komunigi_coop_id, self.coop_a)

    def test_minutes_are_linked_from_a_log_entry(self):
        event = self.past_meeting()
        with self.assertFails(UserError):
            event.action_komunigi_log_minutes()
        event.write(
            {
                "komunigi_minutes": base64.b64encode(b"Minutes: we decided."),
                "komunigi_minutes_filename": "minutes.txt",
            }
        )
        action = event.action_komunigi_log_minutes()
        entry = self.env["komunigi.log.entry"].browse(action["res_id"])
        self.assertEqual(entry.meeting_id, event)
        self.assertEqual(entry.state, "draft")
        self.assertEqual(base64.b64decode(entry.minutes), b"Minutes: we decided.")
        self.assertEqual(event.komunigi_log_entry_ids, entry)
        self.assertEqual(event.action_komunigi_log_minutes()["res_id"], entry.id)

    def test_minutes_of_a_future_meeting_are_refused(self):
        event = self.plan()
        event.komunigi_minutes = base64.b64encode(b"too early")
        with self.assertFails(UserError):
            event.action_komunigi_log_minutes()
        self.assertFalse(event.komunigi_log_entry_ids)


class TestReminders(MeetingCase):
    def run_cron_at(self, moment):
        now = fields.Datetime.to_string(moment)
        with patch.object(fields.Datetime, "now", return_value=now):
            return self.Reminder._cron_send()

    def meeting(self, days=8):
        return self.plan(start=in_days(days))

    def start_of(self, event):
        return fields.Datetime.from_string(event.start)

    def test_seven_days_then_one_day_before_once_each(self):
        event = self.meeting()
        start = self.start_of(event)
        invited = event.attendee_ids.filtered("email")
        self.assertFalse(self.run_cron_at(start - timedelta(days=7, hours=1)))
        first = self.run_cron_at(start - timedelta(days=7))
        first = first.filtered(lambda r: r.event_id == event)
        self.assertEqual(first.mapped("attendee_id"), invited)
        self.assertEqual(set(first.mapped("offset_days")), {7})
        self.assertTrue(all(r.mail_id for r in first))
        # The cron runs again (twice in the same hour, then the next hours): nothing.
        self.assertFalse(self.run_cron_at(start - timedelta(days=7)))
        self.assertFalse(self.run_cron_at(start - timedelta(days=6)))
        last = self.run_cron_at(start - timedelta(days=1)).filtered(
            lambda r: r.event_id == event
        )
        self.assertEqual(set(last.mapped("offset_days")), {1})
        self.assertEqual(len(last), len(invited))
        self.assertFalse(self.run_cron_at(start - timedelta(hours=2)))
        self.assertEqual(len(event.komunigi_reminder_ids), 2 * len(invited))

    def test_a_late_cron_sends_the_nearest_and_skips_the_other(self):
        event = self.meeting()
        start = self.start_of(event)
        handled = self.run_cron_at(start - timedelta(hours=10)).filtered(
            lambda r: r.event_id == event
        )
        sent = handled.filtered(lambda r: r.state == "sent")
        skipped = handled.filtered(lambda r: r.state == "skipped")
        self.assertEqual(set(sent.mapped("offset_days")), {1})
        self.assertEqual(set(skipped.mapped("offset_days")), {7})
        self.assertFalse(any(r.mail_id for r in skipped))
        self.assertFalse(self.run_cron_at(start - timedelta(hours=9)))

    def test_declined_attendees_and_other_events_get_nothing(self):
        event = self.meeting()
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == self.rep_a)
        attendee.do_decline()
        stranger = self.make_person(self.make_coop("Not A Member"), "Sam Stranger")
        other = self.Event.create(
            {
                "name": "Lunch",
                "start": event.start,
                "stop": event.stop,
                "partner_ids": [(6, 0, stranger.ids)],
            }
        )
        self.assertFalse(other.komunigi_is_meeting)
        handled = self.run_cron_at(self.start_of(event) - timedelta(days=1))
        self.assertNotIn(attendee, handled.mapped("attendee_id"))
        self.assertNotIn(other, handled.mapped("event_id"))

    def test_a_meeting_planned_elsewhere_with_komunigi_people_is_reminded(self):
        """A decision session plans its meeting without this addon's fields: its
        komunigi attendees make it a meeting of ours."""
        event = self.Event.create(
            {
                "name": "Session of the month",
                "start": in_days(8),
                "stop": in_days(8, hours=2),
                "partner_ids": [(6, 0, self.rep_a.ids)],
            }
        )
        self.assertFalse(event.komunigi_kind)
        self.assertTrue(event.komunigi_is_meeting)
        self.assertIn(event, self.Event.search([("komunigi_is_meeting", "=", True)]))
        handled = self.run_cron_at(self.start_of(event) - timedelta(days=1))
        self.assertEqual(
            handled.filtered(lambda r: r.event_id == event).mapped("partner_id"),
            self.rep_a,
        )

    def test_a_second_record_of_the_same_reminder_is_refused_by_the_database(self):
        event = self.meeting()
        attendee = event.attendee_ids[:1]
        self.Reminder.create(
            {"event_id": event.id, "attendee_id": attendee.id, "offset_days": 7}
        )
        with self.assertFails(Exception):
            self.Reminder.create(
                {"event_id": event.id, "attendee_id": attendee.id, "offset_days": 7}
            )
        # _handle swallows the twin's violation: a concurrent run sends nothing more.
        self.assertFalse(self.Reminder._handle(attendee, 7, "send"))

    def test_only_coordinators_change_the_reminders(self):
        event = self.meeting()
        reminder = self.Reminder.create(
            {
                "event_id": event.id,
                "attendee_id": event.attendee_ids[0].id,
                "offset_days": 7,
            }
        )
        analyst = self.make_user("analyst-rem", ["komunigi_membership.group_analyst"])
        self.assertEqual(
            self.Reminder.sudo(analyst).search([("id", "=", reminder.id)]), reminder
        )
        with self.assertRaises(AccessError):
            reminder.sudo(analyst).write({"offset_days": 3})
        portal = self.make_user("portal-rem", ["base.group_portal"], self.rep_a)
        with self.assertRaises(AccessError):
            self.Reminder.sudo(portal).search([])

    def test_offsets_are_settings(self):
        company = self.env.user.company_id
        company.write(
            {"komunigi_reminder_early_days": 3, "komunigi_reminder_late_days": 2}
        )
        event = self.meeting(days=4)
        start = self.start_of(event)
        self.assertFalse(self.run_cron_at(start - timedelta(days=4)))
        handled = self.run_cron_at(start - timedelta(days=3))
        self.assertEqual(set(handled.mapped("offset_days")), {3})

    def test_offsets_must_be_positive_nothing_written(self):
        company = self.env.user.company_id
        for bad in (0, -1):
            with self.assertFails(ValidationError) as error:
                self.env["res.config.settings"].create(
                    {"komunigi_reminder_late_days": bad}
                ).execute()
            self.assertIn("positive number of days", error.exception.name)
            with self.assertFails(ValidationError):
                company.komunigi_reminder_early_days = bad
        company.invalidate_cache()
        self.assertEqual(company.komunigi_reminder_early_days, 7)
        self.assertEqual(company.komunigi_reminder_late_days, 1)
