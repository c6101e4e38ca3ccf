# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What every komunigi ``lib/`` module shares, written once.

The translation marker, the error whose message the Odoo layer translates, and the
exact numbers: Odoo hands floats over (a monetary field, a quorum), and a rule must
read 25.1 as 25.1, not as the nearest binary fraction, then round only its result.

The other addons' libraries import it relatively, from the folder that holds the
addons: ``from ...komunigi_membership.lib import rules``. Inside Odoo that folder is
the package ``odoo.addons``, so no library writes ``import odoo``; a test that loads a
library by file path, without Odoo, makes the folder a package of its own (see
``tests/oracle/test_schulze_oracle.py``).
"""

import math
import numbers
from decimal import Decimal
from fractions import Fraction


def _(text):
    """Mark a message for Odoo's translation extractor; Odoo translates later."""
    return text


class RuleError(ValueError):
    """Input a rule cannot work with, with a translatable message.

    ``msgid`` is the English sentence with ``%(name)s`` placeholders and ``params``
    their values, so the Odoo layer can show ``_(err.msgid) % err.params`` in the
    user's language; ``str(err)`` is the English message. Each library names its own
    subclass, so a caller catches the errors of the rule it calls.
    """

    def __init__(self, msgid, **params):
        super().__init__(msgid % params)
        self.msgid = msgid
        self.params = params


def as_fraction(number):
    """Return a finite real number as an exact Fraction, else None.

    Floats go through their shortest repr, so 0.1 means 1/10 and 0.6 means 3/5;
    pass a Fraction for thirds. Booleans and strings are not numbers here.
    """
    if isinstance(number, bool) or not isinstance(
        number, (numbers.Rational, float, Decimal)
    ):
        return None
    try:
        return Fraction(repr(number) if isinstance(number, float) else number)
    except (ValueError, OverflowError):
        return None


def parse_number(value, error=RuleError):
    """Return a number or a numeric string as an exact Fraction, else raise `error`.

    For rules fed by people and files, not only by Odoo fields: "12.50" is a number
    here, a boolean is not. Floats go through their shortest repr.
    """
    number = repr(value) if isinstance(value, float) else value
    try:
        if isinstance(number, str):
            number = Decimal(number.strip())
        if isinstance(number, bool):
            raise TypeError(number)
        return Fraction(number)
    except (ArithmeticError, TypeError, ValueError):
        raise error(_("%(value)s is not a number."), value=value) from None


def non_negative(value, error, msgid, **params):
    """Return a real number, 0 or more, as an exact Fraction (``as_fraction``), else
    raise ``error(msgid, **params)``: one message says what the value must be."""
    number = as_fraction(value)
    if number is None or number < 0:
        raise error(msgid, **params)
    return number


def parse_non_negative(value, error, msgid, **params):
    """Return a number or a numeric string, 0 or more, as an exact Fraction
    (``parse_number``); a negative one raises ``error(msgid, **params)``."""
    number = parse_number(value, error)
    if number < 0:
        raise error(msgid, **params)
    return number


def round_half_up(value, digits):
    """Round a non-negative Fraction half-up to a Decimal with ``digits`` places."""
    scaled = math.floor(value * 10**digits + Fraction(1, 2))
    return Decimal(scaled).scaleb(-digits)
