# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import NewsletterCase


class TestAudienceSync(NewsletterCase):
    """The member lists and the mutual-help channel follow the memberships."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop = cls.make_coop("Sync Coop")
        cls.rep = cls.make_person(cls.coop, "Rita Rep")
        cls.reader = cls.make_person(
            cls.coop, "Rob Reader", komunigi_newsletter_opt_in=True
        )
        cls.other = cls.make_person(cls.coop, "Olga Other")

    def test_activation_puts_representatives_and_readers_in_the_lists(self):
        membership = self.make_membership(self.coop, self.rep, activate=False)
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        membership.action_activate()
        self.assertTrue(self.in_list(self.rep, self.list_reps))
        self.assertTrue(self.in_list(self.reader, self.list_contacts))
        self.assertFalse(self.in_list(self.other, self.list_contacts))
        self.assertFalse(self.in_list(self.rep, self.list_contacts))
        self.assertIn(self.rep, self.channel.channel_partner_ids)

    def test_suspension_and_end_take_them_out_the_same_day(self):
        membership = self.make_membership(self.coop, self.rep)
        membership.action_suspend()
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        self.assertFalse(self.in_list(self.reader, self.list_contacts))
        self.assertNotIn(self.rep, self.channel.channel_partner_ids)
        membership.action_activate()
        self.assertTrue(self.in_list(self.rep, self.list_reps))
        membership.action_end()
        self.assertFalse(self.in_list(self.rep, self.list_reps))

    def test_representatives_change(self):
        membership = self.make_membership(self.coop, self.rep)
        membership.representative_ids = [(6, 0, self.other.ids)]
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        self.assertTrue(self.in_list(self.other, self.list_reps))

    def test_opt_in_and_address_changes(self):
        self.make_membership(self.coop, self.rep)
        self.other.komunigi_newsletter_opt_in = True
        self.assertTrue(self.in_list(self.other, self.list_contacts))
        contact = self.contact_of(self.other)
        self.other.email = "olga.new@synccoop.example"
        self.assertEqual(contact.email, "olga.new@synccoop.example")
        self.assertEqual(len(self.contact_of(self.other)), 1)
        self.other.komunigi_newsletter_opt_in = False
        self.assertFalse(self.in_list(self.other, self.list_contacts))

    def test_people_without_address_are_left_out(self):
        nomail = self.make_person(self.coop, "Nina Nomail", email=False)
        self.make_membership(self.coop, self.rep | nomail)
        self.assertFalse(
            self.env["mail.mass_mailing.contact"].search(
                [("komunigi_partner_id", "=", nomail.id)]
            )
        )

    def test_unsubscribed_never_come_back(self):
        membership = self.make_membership(self.coop, self.rep)
        contact = self.contact_of(self.rep)
        contact.opt_out = True  # what the unsubscribe link of a mailing does
        membership.representative_ids = [(6, 0, (self.rep | self.other).ids)]
        self.env["komunigi.audience"]._cron_sync()
        membership.action_suspend()
        membership.action_activate()
        self.env["komunigi.audience"]._cron_sync()
        self.assertTrue(contact.opt_out)
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        self.assertEqual(len(self.contact_of(self.rep)), 1)

    def test_opted_out_address_is_not_subscribed_again_by_a_new_contact(self):
        Contact = self.env["mail.mass_mailing.contact"]
        Contact.create(
            {"name": "Rita", "email": "RITA@synccoop.example", "opt_out": True}
        )
        self.make_membership(self.coop, self.rep)
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        self.assertEqual(len(Contact.search([("email", "=ilike", self.rep.email)])), 1)

    def test_partner_opt_out_keeps_them_out(self):
        self.rep.opt_out = True
        self.make_membership(self.coop, self.rep)
        self.assertFalse(self.in_list(self.rep, self.list_reps))

    def test_hand_added_contacts_stay(self):
        friend = self.env["mail.mass_mailing.contact"].create(
            {
                "name": "Friend",
                "email": "friend@elsewhere.example",
                "list_ids": [(4, self.list_reps.id)],
            }
        )
        membership = self.make_membership(self.coop, self.rep)
        membership.action_end()
        self.assertIn(self.list_reps, friend.list_ids)

    def test_cron_catches_up_and_twice_changes_nothing(self):
        membership = self.make_membership(self.coop, self.rep)
        contact = self.contact_of(self.rep)
        # A change the write hook did not see (SQL, import): the daily cron catches up.
        self.env.cr.execute(
            "DELETE FROM mail_mass_mailing_contact_list_rel WHERE contact_id = %s",
            (contact.id,),
        )
        contact.invalidate_cache()
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        self.env["komunigi.audience"]._cron_sync()
        self.assertTrue(self.in_list(self.rep, self.list_reps))
        Contact = self.env["mail.mass_mailing.contact"]
        before = Contact.search_count([])
        lists_before = {c.id: c.list_ids.ids for c in Contact.search([])}
        self.env["komunigi.audience"]._cron_sync()
        self.assertEqual(Contact.search_count([]), before)
        self.assertEqual(
            {c.id: c.list_ids.ids for c in Contact.search([])}, lists_before
        )
        self.assertEqual(membership.state, "active")

    def test_core_group_follows_the_mandates(self):
        person = self.make_person(self.coop, "Carla Core")
        self.make_membership(self.coop, self.rep)
        Mandate = self.env["komunigi.mandate"]
        today = date.today()
        # Make room in the core group: end the co-op mandates of the demo data.
        Mandate.search([("date_end", "=", False)]).filtered(
            lambda m: not m.is_provider
        ).write({"date_end": fields.Date.to_string(today)})
        mandate = Mandate.create(
            {
                "partner_id": person.id,
                "organisation_id": self.coop.id,
                "date_start": fields.Date.to_string(today - timedelta(days=30)),
                "date_end": fields.Date.to_string(today + timedelta(days=300)),
            }
        )
        self.assertTrue(self.in_list(person, self.list_core))
        # The mandate ends yesterday: the daily cron takes the person out.
        self.env.cr.execute(
            "UPDATE komunigi_mandate SET date_end = %s WHERE id = %s",
            (today - timedelta(days=1), mandate.id),
        )
        mandate.invalidate_cache()
        self.env["komunigi.audience"]._cron_sync()
        self.assertFalse(self.in_list(person, self.list_core))

    def test_who_leaves_the_channel_stays_out(self):
        membership = self.make_membership(self.coop, self.rep | self.other)
        self.assertIn(self.rep, self.channel.channel_partner_ids)
        self.channel._action_unfollow(self.rep)
        self.env["komunigi.audience"]._cron_sync()
        membership.write({"representative_ids": [(6, 0, (self.rep | self.other).ids)]})
        self.assertNotIn(self.rep, self.channel.channel_partner_ids)
        self.assertIn(self.other, self.channel.channel_partner_ids)
        # Members added by hand are not the sync's to remove.
        hand = self.make_person(self.make_coop("Guest Coop"), "Gus Guest")
        self.channel.write({"channel_partner_ids": [(4, hand.id)]})
        self.env["komunigi.audience"]._cron_sync()
        self.assertIn(hand, self.channel.channel_partner_ids)

    def test_channel_has_an_alias_and_mails_its_members(self):
        self.assertTrue(self.channel.alias_id)
        self.assertEqual(self.channel.alias_name, "komunigi-mutual-help")
        self.assertTrue(self.channel.email_send)


class TestPortalSubscription(NewsletterCase):
    """A person manages their own newsletter subscription (the portal form)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop = cls.make_coop("Portal Sub Coop")
        cls.rep = cls.make_person(cls.coop, "Pia Rep")
        cls.make_membership(cls.coop, cls.rep)
        cls.user = cls.make_user("pia-portal", ["base.group_portal"], cls.rep)

    def test_unsubscribe_then_subscribe_again(self):
        status = self.rep._komunigi_newsletter_status()
        self.assertTrue(status["eligible"])
        self.assertTrue(status["subscribed"])
        status = self.rep._komunigi_newsletter_subscribe(False)
        self.assertFalse(status["subscribed"])
        self.env["komunigi.audience"]._cron_sync()
        self.assertFalse(self.in_list(self.rep, self.list_reps))
        status = self.rep._komunigi_newsletter_subscribe(True)
        self.assertTrue(status["subscribed"])
        self.assertTrue(self.in_list(self.rep, self.list_reps))
        self.assertTrue(self.in_list(self.rep, self.list_contacts))

    def test_an_address_is_no_pattern(self):
        """`%` and `_` in an address are plain characters: a representative whose
        address holds them changes their own subscription only, not that of every
        contact the address would match as a pattern."""
        coop = self.make_coop("Wild Coop")
        strangers = [
            self.make_person(
                coop,
                "Stranger %d" % number,
                email="stranger%d@wild.example" % number,
                komunigi_newsletter_opt_in=True,
            )
            for number in range(3)
        ]
        lookalike = self.make_person(
            coop, "Lookalike", email="aXb@wild.example", komunigi_newsletter_opt_in=True
        )
        wild = self.make_person(coop, "Wild Rep", email="%@Wild.example")
        underscore = self.make_person(coop, "Under Rep", email="a_b@wild.example")
        self.make_membership(coop, wild | underscore)
        readers = strangers + [lookalike]
        self.assertTrue(all(self.in_list(p, self.list_contacts) for p in readers))
        wild._komunigi_newsletter_subscribe(False)
        underscore._komunigi_newsletter_subscribe(False)
        self.env["komunigi.audience"]._cron_sync()
        for person in readers:
            self.assertTrue(self.in_list(person, self.list_contacts), person.name)
        Contact = self.env["mail.mass_mailing.contact"]
        for rep in (wild, underscore):
            own = Contact.search([("komunigi_partner_id", "=", rep.id)])
            self.assertEqual(len(own), 1)
            self.assertTrue(own.opt_out)
            self.assertFalse(rep._komunigi_newsletter_status()["subscribed"])
        # The comparison ignores case and surrounding blanks, nothing else.
        person = self.make_person(coop, "Case Person", email=" Case%@wild.example")
        same = Contact.create({"name": "Hand", "email": "CASE%@WILD.EXAMPLE "})
        Contact.create({"name": "Other", "email": "casex@wild.example"})
        self.assertEqual(person._komunigi_newsletter_contacts(), same)

    def test_a_contact_not_synced_yet_who_unsubscribes_stays_out(self):
        newcomer = self.make_person(self.coop, "Nico New")
        newcomer._komunigi_newsletter_subscribe(False)
        membership = self.Membership.search([("partner_id", "=", self.coop.id)])
        membership.representative_ids = [(4, newcomer.id)]
        self.assertFalse(self.in_list(newcomer, self.list_reps))

    def test_non_members_cannot_subscribe(self):
        stranger = self.make_person(self.make_coop("Not A Member"), "Sam Stranger")
        self.assertFalse(stranger._komunigi_newsletter_status()["eligible"])
        with self.assertFails(UserError):
            stranger._komunigi_newsletter_subscribe(True)
        self.assertFalse(stranger.komunigi_newsletter_opt_in)
        self.assertFalse(self.contact_of(stranger))

    def test_without_address_nothing_is_written(self):
        nomail = self.make_person(self.coop, "Nora Nomail", email=False)
        with self.assertFails(UserError):
            nomail._komunigi_newsletter_subscribe(True)
        self.assertFalse(nomail.komunigi_newsletter_opt_in)

    def test_portal_users_reach_no_subscription_directly(self):
        other = self.make_person(
            self.coop, "Otto Other", komunigi_newsletter_opt_in=True
        )
        with self.assertRaises(AccessError):
            other.sudo(self.user).write({"komunigi_newsletter_opt_in": False})
        with self.assertRaises(AccessError):
            self.env["mail.mass_mailing.contact"].sudo(self.user).search([])
        self.assertTrue(other.komunigi_newsletter_opt_in)
