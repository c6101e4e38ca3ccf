# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real delivery: Odoo's outgoing mail server sends to an SMTP server started here.

`aiosmtpd` listens on 127.0.0.1 and a free port for each test; the tests read what
arrived there, as a mail client would: recipients, subject, links, language.
"""

import email
import email.policy
import re
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller

from odoo import fields

from .common import NewsletterCase, free_port, in_days, real_delivery


class Inbox:
    """The aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        """[(recipients, message)] in arrival order."""
        return [
            (
                sorted(envelope.rcpt_tos),
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
            for envelope in self.envelopes
        ]


def html_of(message):
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


class DeliveryCase(NewsletterCase):
    """A co-op and its representative; each test gets its own local SMTP server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_server = cls.env["ir.mail_server"].create(
            {
                "name": "Local test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": free_port(),
                "smtp_encryption": "none",
                "sequence": 0,
            }
        )
        cls.env.user.company_id.email = "coordination@komunigi.example"
        cls.coop = cls.make_coop("Delivery Coop")
        cls.rep = cls.make_person(cls.coop, "Dora Delivery")
        cls.make_membership(cls.coop, cls.rep)

    def setUp(self):
        super().setUp()
        self.inbox = Inbox()
        port = free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=port)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.mail_server.smtp_port = port

    def deliver(self, mails):
        """Send `mails` now through the local server, as the mail queue would."""
        self.assertTrue(mails, "nothing to deliver")
        mails.write({"mail_server_id": self.mail_server.id})
        with real_delivery():
            mails.send(auto_commit=False, raise_exception=True)
        return self.inbox.messages()

    def received_by(self, address):
        return [m for rcpts, m in self.inbox.messages() if address in rcpts]


class TestReminderDelivery(DeliveryCase):
    def remind(self, people, days_before=1):
        wizard = self.env["komunigi.meeting.wizard"].create(
            {
                "kind": "session",
                "name": "Intercoop monthly meeting",
                "start": in_days(5),
                "location": "BEES coop, Brussels",
                "partner_ids": [(6, 0, people.ids)],
            }
        )
        event = self.env["calendar.event"].browse(
            wizard.action_create_meeting()["res_id"]
        )
        moment = fields.Datetime.from_string(event.start) - timedelta(days=days_before)
        with patch.object(
            fields.Datetime, "now", return_value=fields.Datetime.to_string(moment)
        ):
            reminders = self.env["komunigi.meeting.reminder"]._cron_send()
        return event, reminders.filtered(lambda r: r.event_id == event)

    def test_reminders_arrive_once_to_each_attendee(self):
        other = self.make_person(self.coop, "Eric Second")
        event, reminders = self.remind(self.rep | other)
        self.deliver(reminders.mapped("mail_id"))
        for person in (self.rep, other):
            arrived = self.received_by(person.email)
            self.assertEqual(len(arrived), 1, person.email)
            subject = arrived[0]["Subject"]
            self.assertTrue(subject.startswith("Reminder: Intercoop monthly meeting, "))
            body = html_of(arrived[0])
            self.assertIn("Hello %s" % person.name, body)
            self.assertIn("in 1 day(s)", body)
            self.assertIn("BEES coop, Brussels", body)
        self.assertEqual(
            arrived[0]["From"].addresses[0].addr_spec,
            self.env.user.email or "coordination@komunigi.example",
        )
        # The cron runs again: nothing new is queued, nothing new arrives.
        start = fields.Datetime.from_string(event.start)
        with patch.object(
            fields.Datetime,
            "now",
            return_value=fields.Datetime.to_string(start - timedelta(hours=20)),
        ):
            self.assertFalse(self.env["komunigi.meeting.reminder"]._cron_send())
        self.assertEqual(len(self.inbox.envelopes), 2)

    def test_a_french_speaking_representative_reads_french(self):
        # French is in the template (bin/manifests.py TEMPLATE_LANGUAGES): Odoo's wizard
        # would read every installed module's translations again (a minute of CPU).
        if not self.env["res.lang"].search([("code", "=", "fr_FR")]):
            self.env["base.language.install"].create({"lang": "fr_FR"}).lang_install()
        french = self.make_person(self.coop, "Fanny Francophone", lang="fr_FR")
        event, reminders = self.remind(self.rep | french, days_before=7)
        self.deliver(reminders.mapped("mail_id"))
        [in_french] = self.received_by(french.email)
        self.assertTrue(
            in_french["Subject"].startswith("Rappel : Intercoop monthly meeting, "),
            in_french["Subject"],
        )
        body = html_of(in_french)
        self.assertIn("Bonjour Fanny Francophone", body)
        self.assertIn("dans 7 jour(s)", body)
        [in_english] = self.received_by(self.rep.email)
        self.assertTrue(in_english["Subject"].startswith("Reminder: "))
        # A coordinator who works in French prepares the newsletter in French for
        # the readers who have no language of their own.
        today = fields.Date.from_string(fields.Date.context_today(french))
        mailings = (
            self.env["mail.mass_mailing"]
            .with_context(lang="fr_FR")
            ._komunigi_prepare_digest(today - timedelta(days=30), today)
        )
        mailing = mailings[0]
        self.assertEqual(mailing.komunigi_lang, "fr_FR")
        self.assertTrue(mailing.name.startswith("Newsletter Komunigi, du "))
        for text in ("Nouveaux membres", "Journal de bord", "Se désabonner"):
            self.assertIn(text, mailing.body_html)


class TestNewsletterDelivery(DeliveryCase):
    def send(self, mailings):
        """The coordinator's "Send now" of each mailing, then the queue's run. The
        composer sends at once, which the tests' mode turns into a no-op: the mails
        are left in the queue instead, and the queue's run delivers them."""
        with patch.object(type(self.env["mail.mail"]), "send", lambda *a, **k: True):
            for mailing in mailings:
                mailing.send_mail()
        return self.deliver(
            self.env["mail.mail"].search([("mailing_id", "in", mailings.ids)])
        )

    def test_each_reader_gets_the_newsletter_in_their_language(self):
        coop_fr, coop_nl = self.make_coop("Coop FR"), self.make_coop("Coop NL")
        french = self.make_person(coop_fr, "Fanny Francophone", lang="fr_FR")
        dutch = self.make_person(coop_nl, "Nina Nederlandstalig", lang="nl_BE")
        self.make_membership(coop_fr, french)
        self.make_membership(coop_nl, dutch)
        self.env["komunigi.log.entry"].create(
            {"name": "Language news", "is_published": True}
        )
        today = fields.Date.from_string(fields.Date.context_today(self.rep))
        mailings = self.env["mail.mass_mailing"]._komunigi_prepare_digest(
            today - timedelta(days=30), today
        )
        self.assertEqual(mailings[0].komunigi_lang, "en_US")
        self.assertTrue({"fr_FR", "nl_BE"} <= set(mailings.mapped("komunigi_lang")))
        self.send(mailings)
        expected = (
            (french, "Newsletter Komunigi, du ", "Nouveaux membres"),
            (dutch, "Komunigi-nieuwsbrief, ", "Nieuwe leden"),
            (self.rep, "Komunigi newsletter, ", "New members"),
        )
        for person, subject, section in expected:
            [message] = self.received_by(person.email)
            self.assertTrue(message["Subject"].startswith(subject), message["Subject"])
            self.assertIn(section, html_of(message))
            self.assertIn("Language news", html_of(message))

    def test_the_newsletter_arrives_with_a_working_unsubscribe_link(self):
        gone = self.make_person(self.coop, "Gina Gone", komunigi_newsletter_opt_in=True)
        self.contact_of(gone).opt_out = True
        entry = self.env["komunigi.log.entry"].create(
            {"name": "Deliveries news", "is_published": True}
        )
        Mailing = self.env["mail.mass_mailing"]
        today = fields.Date.from_string(fields.Date.context_today(entry))
        mailings = Mailing._komunigi_prepare_digest(today - timedelta(days=30), today)
        messages = self.send(mailings)
        mailing = mailings[0]  # the representative has no language: the default
        recipients = {rcpt for rcpts, _m in messages for rcpt in rcpts}
        self.assertIn(self.rep.email, recipients)
        self.assertNotIn(gone.email, recipients)
        expected = {
            c.email
            for c in self.env["mail.mass_mailing.contact"].search(
                [
                    ("list_ids", "in", (self.list_reps | self.list_contacts).ids),
                    ("opt_out", "=", False),
                ]
            )
        }
        self.assertEqual(recipients, expected)
        self.assertEqual(len(messages), len(expected))  # once each, even in two lists

        [message] = self.received_by(self.rep.email)
        self.assertEqual(message["Subject"], mailing.name)
        body = html_of(message)
        self.assertIn("Deliveries news", body)
        base_url = self.env["ir.config_parameter"].get_param("web.base.url")
        links = re.findall(r'href="([^"]+)"', body)
        unsubscribe = [
            link
            for link in links
            if "/mail/mailing/%d/unsubscribe" % mailing.id in link
        ]
        self.assertEqual(len(unsubscribe), 1, links)
        url = urlparse(unsubscribe[0].replace("&amp;", "&"))
        self.assertEqual("%s://%s" % (url.scheme, url.netloc), base_url)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        self.assertEqual(query["email"], self.rep.email)
        self.assertEqual(query["db"], self.env.cr.dbname)
        # The link carries the token the unsubscribe page checks...
        self.assertEqual(
            query["token"],
            mailing._unsubscribe_token(int(query["res_id"]), query["email"]),
        )
        # ...and what that page does keeps the person out of every later sync.
        contacts = self.env["mail.mass_mailing.contact"].search(
            [
                ("email", "=", query["email"]),
                ("list_ids", "in", mailing.contact_list_ids.ids),
            ]
        )
        mailing.update_opt_out(query["email"], contacts.ids, True)
        self.env["komunigi.audience"]._cron_sync()
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        # Other links point to the website, absolute.
        self.assertTrue(any(link.startswith(base_url + "/r/") for link in links))


class TestMutualHelpDelivery(DeliveryCase):
    def test_a_message_in_the_channel_reaches_the_representatives(self):
        self.env["ir.config_parameter"].set_param(
            "mail.catchall.domain", "komunigi.example"
        )
        channel = self.channel
        self.assertIn(self.rep, channel.channel_partner_ids)
        before = self.env["mail.mail"].search([]).ids
        channel.with_context(mail_notify_force_send=False).message_post(
            body="Who has tried the shift reminder e-mails?",
            subject="Shift reminders",
            message_type="comment",
            subtype="mail.mt_comment",
        )
        mails = self.env["mail.mail"].search([("id", "not in", before)])
        self.deliver(mails)
        [message] = self.received_by(self.rep.email)
        self.assertIn("Shift reminders", message["Subject"])
        self.assertIn("Who has tried", html_of(message))
        # It is a mailing list: replies go to the channel's alias.
        self.assertIn("komunigi-mutual-help@komunigi.example", message["List-Post"])
        self.assertIn("komunigi-mutual-help@komunigi.example", message["Reply-To"])
