# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure Python rules of komunigi_cofinancing: no Odoo, standard library only.

`splits` divides a cost between co-ops, `mes` decides funding rounds (Method of Equal
Shares; its parts `mes_election`, `mes_engine`, `mes_completions`, and `mes_reference`
the plain specification), `pabulib` reads and writes pabulib `.pb` files. Outside
Odoo (tests, benchmarks, command line, Python 3.7 and later) load this folder as a
package, since the `mes` modules import each other relatively; `pabulib` run as a
script does so itself. `splits` takes its error class from komunigi_membership's
`lib/rules.py`.
"""
