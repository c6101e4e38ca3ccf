# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Users of the tests, shared by the addons' tests (one place to create them)."""


def make_user(env, login, groups, partner=None):
    """A user of `groups` (xmlids), on `partner` when given, without the e-mail that
    Odoo sends to reset a new user's password."""
    values = {
        "name": login,
        "login": login,
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
    }
    if partner:
        values["partner_id"] = partner.id
    return env["res.users"].with_context(no_reset_password=True).create(values)
