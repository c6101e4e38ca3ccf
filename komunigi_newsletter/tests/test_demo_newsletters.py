# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's two newsletters: prepared by the wizard and put in Odoo's mass mailing
queue by the demo data (a data file sends no mail), then sent by the queue's own
scheduled action, which `make run` runs once after installing the demo
(bin/komunigi-env, `send_demo_newsletters`)."""

from odoo.tests.common import SavepointCase


class TestDemoNewsletters(SavepointCase):
    def test_the_queue_sends_each_reader_their_copy_of_both_quarters(self):
        Mailing = self.env["mail.mass_mailing"]
        demo = Mailing.search(
            [("komunigi_digest_from", "!=", False), ("state", "=", "in_queue")]
        )
        if not demo:
            self.skipTest("installed without demo data")
        # Two quarters, each with one mailing per language of its readers.
        self.assertEqual(len(set(demo.mapped("komunigi_digest_from"))), 2)
        readers = {mailing: len(mailing.get_remaining_recipients()) for mailing in demo}
        self.assertTrue(all(readers.values()), readers)

        Mailing._process_mass_mailing_queue()
        self.assertEqual(set(demo.mapped("state")), {"done"})
        for mailing, count in readers.items():
            sent = mailing.statistics_ids.filtered("sent")
            self.assertEqual(len(sent), count, mailing.name)
            self.assertFalse(mailing.get_remaining_recipients(), mailing.name)
        # Run again (the hourly action), nothing goes out twice.
        Mailing._process_mass_mailing_queue()
        self.assertEqual(
            sum(len(m.statistics_ids) for m in demo), sum(readers.values())
        )
