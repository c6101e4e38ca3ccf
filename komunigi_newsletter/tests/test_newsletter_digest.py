# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import NewsletterCase

START, END = date(2025, 1, 1), date(2025, 3, 31)
DAYS = {
    "before": "2024-12-31",
    "first": "2025-01-01",
    "middle": "2025-02-14",
    "last": "2025-03-31",
    "after": "2025-04-01",
}


class TestNewsletterWizard(NewsletterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mailing = cls.env["mail.mass_mailing"]
        cls.Wizard = cls.env["komunigi.newsletter.wizard"]

    def mailing_count(self):
        return self.Mailing.with_context(active_test=False).search_count([])

    def test_default_range_is_the_previous_quarter(self):
        wizard = self.Wizard.create({})
        start = fields.Date.from_string(wizard.date_from)
        end = fields.Date.from_string(wizard.date_to)
        self.assertEqual(start.day, 1)
        self.assertIn(start.month, (1, 4, 7, 10))
        self.assertEqual(end.month - start.month, 2)
        self.assertEqual((end + timedelta(days=1)).day, 1)
        self.assertLess(end, date.today())
        self.assertGreaterEqual((date.today() - end).days, 1)
        self.assertLessEqual((date.today() - end).days, 92)

    def test_an_empty_range_is_refused_and_nothing_written(self):
        before = self.mailing_count()
        for values in ({"date_from": False}, {"date_to": False}):
            wizard = self.Wizard.create(values)
            with self.assertFails(UserError) as error:
                wizard.action_prepare()
            self.assertIn("both the first and the last day", error.exception.name)
        self.assertEqual(self.mailing_count(), before)

    def test_an_end_before_the_start_is_refused_and_nothing_written(self):
        before = self.mailing_count()
        wizard = self.Wizard.create(
            {"date_from": "2025-03-31", "date_to": "2025-01-01"}
        )
        with self.assertFails(UserError) as error:
            wizard.action_prepare()
        self.assertIn("cannot end (2025-01-01) before it starts", error.exception.name)
        self.assertEqual(self.mailing_count(), before)

    def test_only_coordinators_prepare_it(self):
        analyst = self.make_user("analyst-nl", ["komunigi_membership.group_analyst"])
        wizard = self.Wizard.sudo(analyst).create({})
        with self.assertFails(AccessError):
            wizard.action_prepare()

    def test_prepare_makes_a_draft_to_the_newsletter_lists(self):
        entry = self.env["komunigi.log.entry"].create(
            {"name": "Wallet news", "date": DAYS["middle"], "is_published": True}
        )
        wizard = self.Wizard.create(
            {
                "date_from": fields.Date.to_string(START),
                "date_to": fields.Date.to_string(END),
            }
        )
        action = wizard.action_prepare()
        mailings = self.Mailing.search(action["domain"])
        # One draft per language of the readers, the coordinator's first.
        self.assertEqual(mailings[0].komunigi_lang, "en_US")
        self.assertEqual(len(set(mailings.mapped("komunigi_lang"))), len(mailings))
        mailing = mailings.filtered(lambda m: m.komunigi_lang == "en_US")
        self.assertEqual(mailing.state, "draft")
        self.assertEqual(mailing.contact_list_ids, self.list_reps | self.list_contacts)
        self.assertEqual(mailing.mailing_model_real, "mail.mass_mailing.contact")
        self.assertIn("('opt_out', '=', False)", mailing.mailing_domain)
        self.assertEqual(mailing.komunigi_digest_from, "2025-01-01")
        self.assertEqual(mailing.komunigi_digest_to, "2025-03-31")
        self.assertIn("Komunigi newsletter", mailing.name)
        body = mailing.body_html
        self.assertIn('href="/komunigi/log/%d"' % entry.id, body)
        self.assertIn("Wallet news", body)
        self.assertIn('href="/unsubscribe_from_list"', body)
        self.assertIn('href="/komunigi/newsletter"', body)
        self.assertIn("New members", body)
        # Preparing is not sending.
        self.assertFalse(
            self.env["mail.mail"].search([("mailing_id", "=", mailing.id)])
        )

    def test_a_bad_range_is_refused_by_the_model_too(self):
        before = self.mailing_count()
        with self.assertFails(UserError):
            self.Mailing._komunigi_prepare_digest(END, START)
        with self.assertFails(UserError):
            self.Mailing._komunigi_prepare_digest(None, END)
        self.assertEqual(self.mailing_count(), before)

    def test_no_newsletter_list_is_a_clear_error(self):
        (self.list_reps | self.list_contacts).write({"komunigi_newsletter": False})
        before = self.mailing_count()
        with self.assertFails(UserError):
            self.Mailing._komunigi_prepare_digest(START, END)
        self.assertEqual(self.mailing_count(), before)

    def test_a_sender_is_needed(self):
        self.env.user.company_id.email = False
        self.env.user.partner_id.email = False
        with self.assertFails(UserError):
            self.Mailing._komunigi_prepare_digest(START, END)


class TestQuarterlyCron(NewsletterCase):
    def test_prepares_the_last_quarter_once_and_tells_the_coordinator(self):
        Mailing = self.env["mail.mass_mailing"]
        coordinator = self.make_user(
            "nl-coordinator", ["komunigi_membership.group_coordinator"]
        )
        coordinator.partner_id.email = "coordinator@komunigi.example"
        self.env.user.company_id.komunigi_newsletter_user_id = coordinator
        mailings = Mailing._cron_komunigi_quarterly()
        mailing = mailings[0]
        self.assertEqual(set(mailings.mapped("state")), {"draft"})
        start = fields.Date.from_string(mailing.komunigi_digest_from)
        self.assertEqual(start.day, 1)
        self.assertEqual(Mailing._cron_komunigi_quarterly(), mailings)
        self.assertEqual(
            Mailing.search_count(
                [
                    ("komunigi_digest_from", "=", mailing.komunigi_digest_from),
                    ("komunigi_digest_to", "=", mailing.komunigi_digest_to),
                ]
            ),
            len(mailings),
        )
        notices = self.env["mail.message"].search(
            [
                ("needaction_partner_ids", "in", coordinator.partner_id.ids),
                ("body", "ilike", "model=mail.mass_mailing"),
            ]
        )
        self.assertEqual(len(notices), 1)
        for each in mailings:
            self.assertIn("id=%d&" % each.id, notices.body)
        self.assertFalse(
            self.env["mail.mail"].search([("mailing_id", "=", mailing.id)])
        )


class TestDigestRange(NewsletterCase):
    """The digest of a range holds exactly the items dated in the range."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.digest = cls.env["komunigi.newsletter.digest"]

    def names(self, key):
        sections = {s["key"]: s for s in self.digest._sections(START, END)}
        return [item["name"] for item in sections[key]["items"]]

    def test_sections_follow_the_events_of_the_installed_addons(self):
        """The log, the members, then one section per event another addon adds to
        the log, titled by the event's label, in the order of the selection."""
        sections = self.digest._sections(START, END)
        selection = (
            self.env["komunigi.log.entry"]
            ._fields["source_event"]
            ._description_selection(self.env)
        )
        own = ("joined", "left", "minutes")
        self.assertEqual(
            [(s["key"], s["title"]) for s in sections[2:]],
            [(event, label) for event, label in selection if event not in own],
        )
        self.assertEqual([s["key"] for s in sections[:2]], ["log", "members"])

    def test_published_log_entries(self):
        Entry = self.env["komunigi.log.entry"]
        for key, day in DAYS.items():
            Entry.create({"name": "Log %s" % key, "date": day, "is_published": True})
        Entry.create({"name": "Log internal", "date": DAYS["middle"]})
        minutes = Entry._draft_event(
            self.make_coop("Minutes Coop"), "minutes", "2025-02-20", "Log minutes"
        )
        minutes.action_publish()
        self.assertEqual(
            [n for n in self.names("log") if n.startswith("Log ")],
            ["Log first", "Log middle", "Log minutes", "Log last"],
        )

    def test_new_members(self):
        for key, day in DAYS.items():
            self.make_membership(self.make_coop("Member %s" % key), date_start=day)
        self.make_membership(
            self.make_coop("Member draft"), activate=False, date_start=DAYS["middle"]
        )
        self.assertEqual(
            [n for n in self.names("members") if n.startswith("Member ")],
            ["Member first", "Member middle", "Member last"],
        )

    def test_each_event_section_holds_its_published_entries(self):
        """The entries an addon drafts at its transitions, once published, fill the
        section of their event, dated by the day they happened, linked to the
        record's public page (the log's page without one)."""
        events = [event for event, _title in self.digest._event_sections()]
        if not events:
            self.skipTest("no installed addon adds events to the log")
        Entry = self.env["komunigi.log.entry"]
        for event in events:
            for key, day in DAYS.items():
                source = self.make_coop("Source %s %s" % (event, key))
                entry = Entry._draft_event(
                    source,
                    event,
                    day,
                    "Event %s" % key,
                    "<p>Told %s</p>" % key,
                    public_url="/komunigi/log" if key == "first" else False,
                )
                entry.action_publish()
            Entry._draft_event(
                self.make_coop("Unpublished %s" % event), event, DAYS["middle"], "x"
            )
        sections = {s["key"]: s for s in self.digest._sections(START, END)}
        for event in events:
            items = sections[event]["items"]
            self.assertEqual(
                [item["name"] for item in items],
                ["Event first", "Event middle", "Event last"],
            )
            self.assertEqual(items[0]["url"], "/komunigi/log")
            self.assertRegex(items[1]["url"], r"^/komunigi/log/\d+$")
            self.assertEqual(items[1]["summary"], "Told middle")
            for item in items:
                self.assertRouted(item["url"])
        self.assertFalse(
            [n for n in self.names("log") if n.startswith("Event ")],
            "an event's entries are told in its own section only",
        )
