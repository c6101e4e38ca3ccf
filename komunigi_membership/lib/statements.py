# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A co-op's yearly statement, added up exactly.

Odoo hands the invoices' amounts over as floats: added as floats, a year of invoices
can drift from the figures printed. Each amount is read as the decimal it shows
(``rules.as_fraction``: its shortest repr), rounded once to the currency's places,
and only these figures are added: the totals are the sums of the lines, to the cent,
and what is invoiced less what is paid is the balance, exactly.
"""

from .rules import as_fraction, round_half_up


def to_cents(amount, digits):
    """A signed float (a credit note counts negative) as the Decimal it shows."""
    value = as_fraction(amount)
    rounded = round_half_up(abs(value), digits)
    return -rounded if value < 0 else rounded


def statement_line(total, residual, digits):
    """One invoice's (total, paid, residual) as Decimals: paid is what the total
    lacks to the residual, so that each line adds up by itself."""
    total, residual = to_cents(total, digits), to_cents(residual, digits)
    return total, total - residual, residual


def statement_totals(lines):
    """(invoiced, paid, balance) of the lines (``statement_line``'s triples)."""
    invoiced = sum((line[0] for line in lines), 0)
    paid = sum((line[1] for line in lines), 0)
    return invoiced, paid, invoiced - paid
