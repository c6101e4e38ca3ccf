# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ratios of the Komunigi overview: how much of what was expected came in.

The dashboard shows each pair of figures (paid against invoiced, committed against
needed, hours worked against the budget) as a percentage. It is computed here once,
exactly, from the amounts Odoo hands over as floats.
"""

from fractions import Fraction

from .rules import as_fraction


def percent(part, whole):
    """`part` as a percentage of `whole`, an exact Fraction.

    Nothing expected (`whole` zero or less) is 0 %: the bar of a figure without an
    aim stays empty rather than failing. A part larger than the whole is kept (a
    budget overrun shows above 100 %).
    """
    whole = as_fraction(whole) or Fraction(0)
    if whole <= 0:
        return Fraction(0)
    return (as_fraction(part) or Fraction(0)) * 100 / whole
