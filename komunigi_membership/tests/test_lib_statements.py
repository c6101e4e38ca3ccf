# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of lib/statements, the sums of a co-op's yearly statement (no database)."""

from decimal import Decimal

from ..lib.statements import statement_line, statement_totals, to_cents


def test_amounts_are_read_as_they_show():
    assert to_cents(0.1 + 0.2, 2) == Decimal("0.30")
    assert to_cents(-12.345, 2) == Decimal("-12.35")
    assert to_cents(7, 0) == Decimal("7")


def test_each_line_adds_up():
    assert statement_line(121.0, 21.0, 2) == (
        Decimal("121.00"),
        Decimal("100.00"),
        Decimal("21.00"),
    )
    # A credit note counts negative, and so does what settles it.
    assert statement_line(-30.0, 0.0, 2) == (Decimal("-30.00"), Decimal("-30.00"), 0)


def test_totals_add_up_to_the_cent():
    # Ten invoices of 0.10: their float sum is 0.9999999999999999.
    lines = [statement_line(0.1, 0.0, 2) for _line in range(10)]
    lines.append(statement_line(-0.3, -0.1, 2))
    assert statement_totals(lines) == (
        Decimal("0.70"),
        Decimal("0.80"),
        Decimal("-0.10"),
    )
    assert statement_totals([]) == (0, 0, 0)
