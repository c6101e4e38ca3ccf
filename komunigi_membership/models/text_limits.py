# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sane maximum lengths of the texts people type, checked before anything is written.

A model lists its limits ({field: characters}) and calls `check_text_limits` from its
`create` and `write`: a 100 kB title or a NUL byte (which PostgreSQL refuses with an
error no user can read) is turned down with a message that says what to change. The
check runs before the row is written, so a refused value leaves nothing behind.
"""

import html
import re

from odoo import _
from odoo.exceptions import ValidationError


def _label(model, name):
    """The field's label in the user's language."""
    return model._fields[name].get_description(model.env)["string"]


def check_text_limits(model, vals, limits):
    """Refuse `vals` when a text holds a NUL character or a limited one is too long."""
    for name, value in vals.items():
        if isinstance(value, str) and "\x00" in value and name in model._fields:
            raise ValidationError(
                _("%s cannot contain NUL characters: remove them.")
                % _label(model, name)
            )
    for name, limit in limits.items():
        value = vals.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                _(
                    "%(field)s is too long (%(length)d characters): keep it under %(limit)d."
                )
                % {"field": _label(model, name), "length": len(value), "limit": limit}
            )


# The longest comment a portal user may post in a record's discussion.
COMMENT_LIMIT = 2000


def _text_of(markup):
    """What a reader sees of a comment: its HTML tags aside, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def check_comment(body):
    """Refuse a comment whose text is longer than COMMENT_LIMIT or holds a NUL."""
    if "\x00" in (body or ""):
        raise ValidationError(
            _("A comment cannot contain NUL characters: remove them.")
        )
    if len(_text_of(body or "")) > COMMENT_LIMIT:
        raise ValidationError(_("Keep a comment under %d characters.") % COMMENT_LIMIT)
