# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a pledge may be, checked by the share model: the portal's form, the backend
and RPC all send their amount to `action_pledge`, which refuses anything that is no
finite amount with the message the portal shows, before it writes or locks."""

from odoo.exceptions import UserError

from .common import CommitmentCase

NOT_AN_AMOUNT = "Type the pledge as a number, for example 1250.50."


class TestPledgeRules(CommitmentCase):
    def setUp(self):
        super().setUp()
        self.record = self.cofinancing(300, [self.bees, self.ouf])
        # The representative's own door: RPC as the portal user of Oufticoop, who reads
        # French; the messages are compared in English (see the last test for French).
        self.share = (
            self.share_of(self.record, self.ouf)
            .sudo(self.ouf_user)
            .with_context(lang="en_US")
        )

    def refusal(self, amount):
        """The model's message when it refuses the pledge (in a savepoint)."""
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            self.share.action_pledge(amount)
        return caught.exception.name

    def test_representative_pledges_an_amount(self):
        self.share.action_pledge(120.5)
        self.assertEqual(self.share.commitment, "pledge")
        self.assertEqual(self.share.pledge, 120.5)
        self.assertEqual(self.record.amount_committed, 120.5)

    def test_what_is_no_finite_amount_is_refused_and_nothing_is_written(self):
        refused = [
            None,
            "120",
            float("nan"),
            float("inf"),
            float("-inf"),
            1e15,
            -1e20,
            10.0**308,
        ]
        for amount in refused:
            with self.subTest(amount=amount):
                self.assertEqual(self.refusal(amount), NOT_AN_AMOUNT)
        self.assertEqual(self.share.commitment, "none")
        self.assertEqual(self.share.pledge, 0)
        self.assertFalse(
            self.record.message_ids.filtered(lambda m: "pledges" in (m.body or ""))
        )

    def test_pledge_above_what_is_missing_is_refused_with_the_limit(self):
        self.share_of(self.record, self.bees).sudo(self.bees_user).action_pledge(200)
        message = self.refusal(100.01)
        self.assertIn("at most", message)
        self.assertIn("is still missing", message)
        self.assertEqual(self.share.commitment, "none")
        self.assertEqual(self.share.pledge, 0)

    def test_the_representative_reads_the_refusal_in_their_language(self):
        """Without a language in the context, the message is in the user's (French)."""
        self.share = self.share.with_context(lang=None)
        self.assertEqual(self.ouf_user.lang, "fr_FR")
        self.assertEqual(
            self.refusal("120"),
            "Saisissez la promesse de contribution sous forme de nombre, "
            "par exemple 1250,50.",
        )
