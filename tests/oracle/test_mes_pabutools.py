# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our funding-round rules against pabutools 1.2.3, the reference implementation.

Runs on Python 3.9+ with ``pip install -r tests/oracle/requirements.txt``; pabutools is
only this oracle, never a runtime dependency. For every ``.pb`` file of the shared
pabulib folder (``tests/data/pabulib``, copies of ``../shared/pabulib``, or
``KOMUNIGI_PABULIB_DIR``), with pabutools' tie-breaking: the selected projects of
``mes``, ``mes-add1``, ``greedy`` and ``mes-add1u`` are the same, in the same order, and
every voter's ``mes`` payment equals the one read from pabutools' MES analytics.
pabutools' ``mes-add1`` takes minutes on the whole folder; it is computed once per file.

Cache: pabutools' results (never ours) are kept as JSON under
``${XDG_CACHE_HOME:-~/.cache}/komunigi/oracle/``, one file per ``.pb`` file, named by
the sha256 of the file's bytes, pabutools' version and the source of the functions
below that compute the reference, so a new file, a new pabutools or a change to that
code computes it live again (and rewrites it); amounts are stored as exact fraction
strings. ``KOMUNIGI_ORACLE_NO_CACHE=1`` forces a live run (and refreshes the cache).
"""

import functools
import glob
import hashlib
import inspect
import json
import os
from fractions import Fraction
from importlib.metadata import version

import pytest
from komunigi_sources import load, pabulib_folder, pabutools_input
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

PABULIB = pabulib_folder()
FILES = sorted(glob.glob(os.path.join(PABULIB, "*.pb")))
TOLERANCE = Fraction(1, 10**9)

pabulib = load("komunigi_cofinancing", "lib", "pabulib")
mes = pabulib.mes
# The hand-checked round of komunigi_cofinancing/tests/test_lib_mes.py.
twelve = load("komunigi_cofinancing", "tests", "twelve_coops")


def _reference(instance, profile, sat_class):
    """pabutools' four rules and its MES payments ``{project: {voter: amount}}``."""
    details = method_of_equal_shares(
        instance, profile, sat_class=sat_class, analytics=True
    )
    add1 = method_of_equal_shares(
        instance, profile, sat_class=sat_class, voter_budget_increment=1
    )
    add1u = completion_by_rule_combination(
        instance,
        profile,
        # pabutools' own completion of the add1 outcome computed just above
        [lambda *args, **kwargs: add1, greedy_utilitarian_welfare],
        [{}, {"sat_class": sat_class}],
    )
    return {
        "mes": [project.name for project in details],
        "mes-add1": [project.name for project in add1],
        "greedy": [
            project.name
            for project in greedy_utilitarian_welfare(
                instance, profile, sat_class=sat_class
            )
        ],
        "mes-add1u": [project.name for project in add1u],
        "payments": _payments(details, profile),
    }


def _payments(outcome, profile):
    """Each voter's payment per project, from MES' budgets before and after."""
    payments = {}
    for iteration in outcome.details.iterations:
        if iteration.selected_project is None:
            continue
        before = iteration.voters_budget
        after = iteration.voters_budget_after_selection
        payments[iteration.selected_project.name] = {
            _voter(profile, index): Fraction(str(before[index] - after[index]))
            for index in range(len(before))
            if before[index] != after[index]
        }
    return payments


def _voter(profile, index):
    return profile[index].meta.get("voter_id", str(index))


def _file_reference(path):
    """pabutools' results for a ``.pb`` file, computed live."""
    return _reference(*pabutools_input(path))


# What the cached results depend on besides the file: change any, and they are redone.
REFERENCE_CODE = (_reference, _payments, _voter, _file_reference, pabutools_input)


def _cache_path(path):
    digest = hashlib.sha256()
    with open(path, "rb") as pb:
        digest.update(pb.read())
    digest.update(version("pabutools").encode())
    for function in REFERENCE_CODE:
        digest.update(inspect.getsource(function).encode())
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache, "komunigi", "oracle", digest.hexdigest() + ".json")


def _cached_reference(path):
    """:func:`_file_reference`, from the cache when it holds this file's results."""
    cached = _cache_path(path)
    if os.environ.get("KOMUNIGI_ORACLE_NO_CACHE") != "1" and os.path.exists(cached):
        with open(cached, encoding="utf-8") as stored:
            reference = json.load(stored)
        reference["payments"] = {
            project: {voter: Fraction(amount) for voter, amount in shares.items()}
            for project, shares in reference["payments"].items()
        }
        return reference
    reference = _file_reference(path)
    stored = dict(reference)
    stored["payments"] = {
        project: {voter: str(amount) for voter, amount in shares.items()}
        for project, shares in reference["payments"].items()
    }
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    partial = "%s.%d.tmp" % (cached, os.getpid())
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(stored, handle, indent=1, sort_keys=True)
    os.replace(partial, cached)
    return reference


@functools.lru_cache(maxsize=1)
def _file_results(path):
    reference = _cached_reference(path)
    election = pabulib.election(pabulib.read(path))
    ours = {rule: mes.compute(election, rule, "pabutools") for rule in mes.RULES}
    return reference, ours


def _assert_same_payments(ours, reference):
    assert set(ours) == set(reference)
    for project, shares in reference.items():
        assert set(ours[project]) == set(shares), project
        for voter, amount in shares.items():
            assert abs(ours[project][voter] - amount) <= TOLERANCE, (project, voter)


def test_the_shared_pabulib_files_are_there():
    if not FILES:
        pytest.skip(
            f"no .pb file in {os.path.normpath(PABULIB)}: set KOMUNIGI_PABULIB_DIR to "
            "a folder of pabulib files"
        )
    assert len(FILES) >= 1


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(p) for p in FILES])
def test_same_outcomes_as_pabutools(path):
    reference, ours = _file_results(path)
    for rule in mes.RULES:
        assert ours[rule].selected == reference[rule], rule
    _assert_same_payments(ours["mes"].payments, reference["payments"])


# The twelve co-ops' round (twelve_coops.py), approvals valued at the cost (Cost_Sat).
def _twelve_coops_reference():
    projects = {name: Project(name, cost) for name, cost in twelve.REQUESTS.items()}
    instance = Instance(
        projects.values(), budget_limit=twelve.BUDGET * len(twelve.COOPS)
    )
    profile = ApprovalProfile(
        [
            ApprovalBallot(
                [projects[name] for name in approved], meta={"voter_id": coop}
            )
            for coop, approved in twelve.APPROVALS.items()
        ]
    )
    return _reference(instance, profile, Cost_Sat)


def test_twelve_coops_round_as_pabutools():
    reference = _twelve_coops_reference()
    election = mes.approval_election(twelve.REQUESTS, twelve.APPROVALS, twelve.BUDGET)
    for rule in mes.RULES:
        assert mes.compute(election, rule, "pabutools").selected == reference[rule]
    outcome = mes.method_of_equal_shares(election, "pabutools")
    assert outcome.selected == ["R5", "R1", "R2", "R4", "R6"]
    _assert_same_payments(outcome.payments, reference["payments"])
    assert outcome.payments["R1"] == dict.fromkeys(twelve.SUPPORTERS["R1"], 2500)
