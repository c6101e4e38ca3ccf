# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The smallest case of issue 9, written once.

A cycle c1 -> c2 -> c3 -> c1 whose links all have the support 3, with the opposition 1,
2 and 2. By the paper's winning votes the link c1 -> c2 is the strongest, so c1 beats
c2 and the winners are c1 and c3; counting the support only left c2 among the winners.
``test_lib_schulze.py`` checks our strengths; ``tests/oracle/test_schulze_oracle.py``
(Python 3.11, no Odoo) loads this file by path and asks schulze-condorcet. Plain data:
no import, so it loads either way.
"""

BALLOTS = [
    ["c2", "c3", "c1", "c4"],
    ["c1", "c2", "c4", "c3"],
    ["c3", "c1", "c4"],
    ["c1", "c2", "c4"],
    ["c3", "c4"],
]
CANDIDATES = ["c1", "c2", "c3", "c4"]
