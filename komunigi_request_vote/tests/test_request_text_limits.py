# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A request's texts have a maximum length and hold no NUL character, whoever writes
them (the portal, the back office, RPC): the model refuses them before writing."""

from odoo.exceptions import ValidationError

from odoo.addons.komunigi_membership.models.text_limits import check_comment

from .common import RequestCase


class TestRequestTextLimits(RequestCase):
    def refusal(self, create_or_write):
        """The message of the ValidationError the model raises, nothing written."""
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            create_or_write()
        return caught.exception.name

    def test_a_title_of_200_characters_is_kept(self):
        request = self.new_request(title="T" * 200)
        self.assertEqual(len(request.title), 200)

    def test_a_longer_title_is_refused_with_its_length(self):
        message = self.refusal(lambda: self.new_request(title="T" * 201))
        self.assertIn("201 characters", message)
        request = self.new_request()
        with self.assertFails(ValidationError):
            request.write({"title": "T" * 100 * 1024})
        self.assertEqual(request.title, "Shift alert field")

    def test_a_huge_description_is_refused(self):
        with self.assertFails(ValidationError):
            self.new_request(description="<p>%s</p>" % ("D" * 100 * 1024))

    def test_a_nul_character_is_refused_before_postgresql_sees_it(self):
        message = self.refusal(lambda: self.new_request(title="Nul\x00byte"))
        self.assertIn("NUL", message)
        request = self.new_request()
        with self.assertFails(ValidationError):
            request.write({"description": "<p>a\x00b</p>"})

    def test_a_representatives_comment_has_a_maximum_length(self):
        request = self.new_request(coop=self.bees).sudo()
        portal_user = self.env.ref("komunigi_membership.user_bees_rep")
        as_portal = request.sudo(portal_user)
        message = self.refusal(
            lambda: as_portal.message_post(body="C" * 2001, message_type="comment")
        )
        self.assertIn("2000", message)
        check_comment("<p>%s</p>" % ("C" * 2000))  # at the limit: kept
        # Notifications the addon writes itself are no comments: no limit.
        request.message_post(body="N" * 5000, message_type="notification")
