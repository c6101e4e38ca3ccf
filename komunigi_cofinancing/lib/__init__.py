# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure Python rules of komunigi_cofinancing: no Odoo, standard library only.

`splits` divides a cost between co-ops, `mes` decides funding rounds (Method of Equal
Shares), `pabulib` reads and writes pabulib `.pb` files. `mes` and `pabulib` also load
on their own by file path (tests, command line) on Python 3.7 and later; `splits` takes
its error class from komunigi_membership's `lib/rules.py`.
"""
