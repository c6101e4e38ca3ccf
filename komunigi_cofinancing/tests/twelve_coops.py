# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hand-checked funding round of twelve co-ops, written once.

12 co-ops with 5,000 EUR each and six requests. Everybody approves R5; R1 and R2
split the co-ops in halves; R3, R6 and R4 are approved by co-ops 1-4, 5-8, 9-12.
``test_lib_mes.py`` derives its outcome by hand; ``tests/oracle/test_mes_pabutools.py``
(Python 3.11, no Odoo) loads this file by path and asks pabutools. Plain data: no
import, so it loads either way.
"""

COOPS = [f"coop{number:02d}" for number in range(1, 13)]
BUDGET = 5000
REQUESTS = {"R1": 15000, "R2": 9000, "R3": 12000, "R4": 6000, "R5": 18000, "R6": 3000}
SUPPORTERS = {
    "R1": COOPS[:6],
    "R2": COOPS[6:],
    "R3": COOPS[:4],
    "R4": COOPS[8:],
    "R5": COOPS,
    "R6": COOPS[4:8],
}
# Each co-op's approved requests, in the order of REQUESTS.
APPROVALS = {
    coop: [request for request in REQUESTS if coop in SUPPORTERS[request]]
    for coop in COOPS
}
