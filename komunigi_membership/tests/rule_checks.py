# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The checks every ``lib/`` test makes of a refused input, written once.

Pure Python (no Odoo, no database): the addons' ``test_lib_*`` modules import it, the
other addons relatively, as their libraries import ``rules``:
``from ...komunigi_membership.tests.rule_checks import assert_rule_error``.
"""

import pytest


def rule_error(error_class, call, *args, **kwargs):
    """Return the ``error_class`` that ``call(*args, **kwargs)`` raises.

    A ``lib/`` error is a ValueError whose English text is ``msgid % params``: the
    Odoo layer translates the msgid and fills in the same params.
    """
    with pytest.raises(error_class) as info:
        call(*args, **kwargs)
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error) == error.msgid % error.params
    return error


def assert_rule_error(error_class, call, msgid, **params):
    """Check that ``call()`` raises ``error_class`` with this msgid and these params."""
    error = rule_error(error_class, call)
    assert error.msgid == msgid
    assert error.params == params
