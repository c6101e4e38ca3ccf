# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time our funding-round rules against pabutools 1.2.3 on pabulib files.

Usage (Python 3.9+, in the oracle environment of tests/oracle/requirements.txt)::

    python benchmarks/bench_mes_vs_pabutools.py [FOLDER] [--ours-only]

FOLDER defaults to ``$KOMUNIGI_PABULIB_DIR`` or ``tests/data/pabulib`` (copies of ``../shared/pabulib``) in the
repository. For every ``.pb`` file it times ``mes`` and ``mes-add1u`` (MES, completed by
add1 then greedy) with pabutools' tie-breaking, ours and pabutools', same process, same
machine; checks that the selected projects are the same; prints seconds and ratios per
file, then the median ratios and the totals. Parsing the file is not timed; building
the rule's input from it is (our ``Election``, pabutools' satisfaction profile). A run
shorter than 50 ms is repeated up to 5 times and the fastest kept, for both sides.
``--ours-only`` times our rules alone (a quick check of the whole-set total).
"""

import argparse
import glob
import os
import platform
import statistics
import sys
import time

from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The oracle tests' loader of our code and of pabulib files (tests/oracle).
sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
from komunigi_sources import load, pabulib_folder, pabutools_input  # noqa: E402

RULES = ("mes", "mes-add1u")
SHORT = 0.05
REPEATS = 5
pabulib = load("komunigi_cofinancing", "lib", "pabulib")


def _timed(function):
    """(seconds, result) of the fastest of up to 5 runs if the first is short."""
    best = None
    for _attempt in range(REPEATS):
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        if seconds >= SHORT:
            break
    return best, result


def _ours(path):
    pb = pabulib.read(path)
    timings = {}
    for rule in RULES:
        timings[rule] = _timed(
            lambda rule=rule: (
                pabulib.mes.compute(pabulib.election(pb), rule, "pabutools").selected
            )
        )
    return timings


def _pabutools(path):
    instance, profile, sat = pabutools_input(path)
    rules = {
        "mes": lambda: method_of_equal_shares(instance, profile, sat_class=sat),
        "mes-add1u": lambda: completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        ),
    }
    timings = {}
    for rule, function in rules.items():
        seconds, outcome = _timed(function)
        timings[rule] = (seconds, [project.name for project in outcome])
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help="a folder of pabulib .pb files")
    parser.add_argument("--ours-only", action="store_true", help="skip pabutools")
    arguments = parser.parse_args(argv)
    files = sorted(glob.glob(os.path.join(pabulib_folder(arguments.folder), "*.pb")))
    if not files:
        parser.exit(1, f"no .pb file in {pabulib_folder(arguments.folder)}\n")
    print(f"Python {platform.python_version()}, {len(files)} files")
    header = f"{'file':40} {'rule':9} {'ours s':>9}"
    if not arguments.ours_only:
        header += f" {'pabutools s':>11} {'ratio':>8} same"
    print(header)
    ours_total = dict.fromkeys(RULES, 0.0)
    theirs_total = dict.fromkeys(RULES, 0.0)
    ratios = {rule: [] for rule in RULES}
    differences = 0
    for path in files:
        ours = _ours(path)
        theirs = None if arguments.ours_only else _pabutools(path)
        for rule in RULES:
            seconds, selected = ours[rule]
            ours_total[rule] += seconds
            line = f"{os.path.basename(path)[:40]:40} {rule:9} {seconds:9.4f}"
            if theirs:
                their_seconds, their_selected = theirs[rule]
                theirs_total[rule] += their_seconds
                ratios[rule].append(their_seconds / seconds)
                same = selected == their_selected
                differences += not same
                line += f" {their_seconds:11.4f} {their_seconds / seconds:8.1f} {same}"
            print(line, flush=True)
    print()
    for rule in RULES:
        line = f"{rule:9} ours {ours_total[rule]:8.2f} s"
        if ratios[rule]:
            line += (
                f"   pabutools {theirs_total[rule]:8.2f} s"
                f"   ratio: median {statistics.median(ratios[rule]):.1f}"
                f", min {min(ratios[rule]):.1f}, max {max(ratios[rule]):.1f}"
                f", total {theirs_total[rule] / ours_total[rule]:.1f}"
            )
        print(line)
    print(f"ours, whole set, mes + mes-add1u: {sum(ours_total.values()):.2f} s")
    if not arguments.ours_only:
        print(f"files x rules with different outcomes: {differences}")


if __name__ == "__main__":
    sys.exit(main())
