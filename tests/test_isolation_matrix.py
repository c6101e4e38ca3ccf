# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The isolation matrix (issue 10, item 1): nobody reads or changes another co-op's data.

The table (`isolation_table.py`) says who may read and write each komunigi model and
route. Against the running server, the representative of co-op A (BEES), an analyst
and a visitor without login try every refused cell on co-op B's (Oufticoop's) records,
real ids and ids past the last one: over JSON-RPC and XML-RPC `read`, `search_read`,
`write`, `unlink` and each public method; GET and POST (with the CSRF token) on each
route. Each attempt must be refused, each allowed read must succeed, and afterwards
every komunigi table, the invoices and the messages are exactly as before.
"""

import re

import pytest

from .conftest import environment
from .isolation_calls import (
    Attempt,
    komunigi_tables,
    page_outcome,
    page_session,
    run_attempts,
    snapshot,
)
from .isolation_data import make_data
from .isolation_table import (
    ANALYST,
    COOP_A,
    COOP_B,
    FOREIGN_TARGETS,
    GUARDED_WRITES,
    MODEL_LEVEL,
    MODELS,
    NOT_RPC,
    OTHER,
    PUBLIC,
    READ_ONLY,
    ROUTES,
    SERVICES,
)

PROTOCOLS = ("jsonrpc", "xmlrpc")
TRIED_ROLES = (OTHER, ANALYST, PUBLIC)
# A visitor's JSON call has no session to run in; its XML-RPC call no password.
REFUSED = {"AccessError", "AccessDenied", "SessionExpiredException"}
READ = {"fields": ["create_date"]}  # a stored field: reading it checks the rules
STANDARD_TABLES = (
    "account_invoice",
    "account_invoice_line",
    "account_move",
    "account_move_line",
    "mail_message",
    "mail_followers",
    "res_users",
)
GUESSES = 3


def watched_tables(database):
    """What no refused attempt may change (the rows of wizards and of the overview
    are per user and vacuumed)."""
    tables = [
        t
        for t in komunigi_tables(database)
        if "wizard" not in t and t != "komunigi_dashboard"
    ]
    return [t for t in tables if "pabulib" not in t] + list(STANDARD_TABLES)


def resolved(value, facts):
    if isinstance(value, (list, tuple)):
        return [resolved(item, facts) for item in value]
    if isinstance(value, dict):  # a method's values
        return resolved_values(value, facts)
    return {COOP_A: facts["coop_a"], COOP_B: facts["coop_b"]}.get(value, value)


def resolved_values(values, facts):
    """A guarded write's values, with the co-ops' ids."""
    return {field: resolved(value, facts) for field, value in values.items()}


def tried_ids(role, name, facts):
    """Co-op B's records of the model; for a wizard, the role's own on B's records."""
    found = facts["models"][name]
    if found["kind"] != "transient":
        return found["foreign"]
    made = facts["wizards"].get(role, {}).get(name)
    return [made] if isinstance(made, int) else []


def model_attempts(protocol, role, name, row, facts):
    """Every cell of the model's row that `role` may not do, on B's and unknown ids."""
    found = facts["models"][name]
    real = tried_ids(role, name, facts)
    unknown = list(range(found["max_id"] + 1, found["max_id"] + 1 + GUESSES))
    # Ids past the last one: over JSON-RPC only (XML-RPC runs the same server code).
    tried = [(real, "real")] + ([(unknown, "unknown")] if protocol == "jsonrpc" else [])
    tried = [(ids, label) for ids, label in tried if ids]
    attempts = []

    def add(method, args, kwargs, label):
        attempts.append(Attempt(protocol, role, name, method, args, kwargs, label))

    attempts.append(
        Attempt(
            protocol,
            role,
            name,
            "search_read",
            [[("id", "in", real + unknown)]],
            READ,
            "search",
        )
    )
    for ids, label in tried:
        if role not in row.read:
            add("read", [ids], READ, label)
        if role not in row.write:
            add("write", [ids, found.get("probe", {})], {}, label)
            add("unlink", [ids], {}, label)
        else:
            for values in GUARDED_WRITES.get(name, ()):
                add("write", [ids, resolved_values(values, facts)], {}, label)
        for method, (args, allowed) in sorted(row.methods.items()):
            if role not in allowed and method not in NOT_RPC:  # on one record
                own = [] if method in MODEL_LEVEL else [ids[:1]]
                add(method, own + resolved(args, facts), {}, label)
    return attempts


def route_attempts(facts):
    """(role, method, route, path, allowed) for each cell of the routes' table that
    a tried role may be refused, and each GET it may do."""
    attempts = []
    for route, row in sorted(ROUTES.items()):
        target = row.target and facts["targets"][row.target][0]
        path = route.replace("<int:page>", "2")
        if target:
            path = re.sub(r"<int:\w+>", str(target), path)
        methods = facts["routes"][route]
        posting = row.read if row.write is READ_ONLY else row.write
        for role in TRIED_ROLES:
            if role == ANALYST and route.startswith("/my/"):
                continue  # no portal: see ROUTES
            if "GET" in methods:
                attempts.append((role, "GET", route, path, role in row.read))
            if "POST" in methods and role not in posting:
                attempts.append((role, "POST", route, path, False))
    return attempts


def visitor_attempts(facts):
    """A visitor has no login: each model's read, search and write are refused, over
    JSON (the web client's /web/dataset/call_kw, without session) and over XML-RPC
    (with the public user's id and no password)."""
    attempts = []
    for protocol in PROTOCOLS:
        for name in sorted(MODELS):
            ids = facts["models"][name].get("foreign") or [1]
            attempts += [
                Attempt(protocol, PUBLIC, name, "read", [ids], READ, "real"),
                Attempt(protocol, PUBLIC, name, "write", [ids, {}], {}, "real"),
            ]
            if protocol == "jsonrpc":
                attempts.append(
                    Attempt(protocol, PUBLIC, name, "search_read", [[]], READ, "search")
                )
    return attempts


@pytest.fixture(scope="module")
def facts(odoo_server):
    return make_data(MODELS, FOREIGN_TARGETS)


@pytest.fixture(scope="module")
def matrix(odoo_server, facts):
    """Run every attempt once: the RPC attempts and the allowed reads with their
    outcomes, the pages' outcomes, the watched tables before and after."""
    database = environment("KOMUNIGI_TEST_DB")
    tables = watched_tables(database)
    before = snapshot(database, tables)
    credentials = {
        role: (facts["users"][role], facts["logins"][role]) for role in (OTHER, ANALYST)
    }
    credentials[PUBLIC] = (facts["public_uid"], "")
    attempts = [
        attempt
        for protocol in PROTOCOLS
        for role in (OTHER, ANALYST)
        for name, row in sorted(MODELS.items())
        for attempt in model_attempts(protocol, role, name, row, facts)
    ] + visitor_attempts(facts)
    allowed = [
        Attempt(protocol, role, name, "read", [ids], READ, "allowed")
        for protocol in PROTOCOLS
        for role in (OTHER, ANALYST)
        for name, row in sorted(MODELS.items())
        for ids in [tried_ids(role, name, facts)]
        if role in row.read and ids
    ]
    outcomes = run_attempts(odoo_server, database, credentials, attempts + allowed)
    sessions = {
        OTHER: page_session(odoo_server, facts["logins"][OTHER]),
        ANALYST: page_session(odoo_server, facts["logins"][ANALYST]),
        PUBLIC: page_session(odoo_server, None),
    }
    pages = [
        (
            role,
            method,
            route,
            allowed,
            page_outcome(
                odoo_server, sessions[role][0], method, path, sessions[role][1]
            ),
        )
        for role, method, route, path, allowed in route_attempts(facts)
    ]
    return {
        "refused": list(zip(attempts, outcomes[: len(attempts)])),
        "allowed": list(zip(allowed, outcomes[len(attempts) :])),
        "pages": pages,
        "before": before,
        "after": snapshot(database, tables),
    }


def test_every_komunigi_model_has_a_row(facts):
    missing = sorted(set(facts["models"]) - set(MODELS) - set(SERVICES))
    assert not missing, "models without a row in isolation_table.MODELS: %s" % missing


def test_every_stored_komunigi_model_has_access_rules(facts):
    bare = [
        name
        for name, found in facts["models"].items()
        if found["kind"] == "model" and not found["access_rows"]
    ]
    assert not bare, "models without ir.model.access rows: %s" % bare


def test_every_public_method_has_a_row(facts):
    missing = []
    for name, found in sorted(facts["models"].items()):
        listed = MODELS[name].methods if name in MODELS else SERVICES.get(name, {})
        missing += ["%s.%s" % (name, m) for m in found["methods"] if m not in listed]
    assert not missing, "public methods without a row: %s" % missing


def test_every_route_of_the_suite_has_a_row(facts):
    missing = sorted(set(facts["routes"]) - set(ROUTES))
    assert not missing, "routes without a row in isolation_table.ROUTES: %s" % missing


def test_access_rights_match_the_table(facts):
    """The groups' rights (ir.model.access) give each role what the table says: the
    read right when it reads, none when nobody's records of the model are its (a
    right the record rules narrow is fine); write, create and unlink only when it
    writes."""
    wrong = []
    for name, row in sorted(MODELS.items()):
        found = facts["models"][name]
        if found["kind"] != "model":
            continue
        for role, rights in found["access"].items():
            narrowed = bool(row.foreign)
            if role in row.read and not rights["read"]:
                wrong.append("%s: %s cannot read" % (name, role))
            if role not in row.read and rights["read"] and not narrowed:
                wrong.append("%s: %s may read" % (name, role))
            for op in ("write", "create", "unlink"):
                if rights[op] and role not in row.write:
                    wrong.append("%s: %s may %s" % (name, role, op))
    assert not wrong, wrong


def test_rpc_attempts_are_refused(facts, matrix):
    wrong = []
    for attempt, outcome in matrix["refused"]:
        if attempt.method == "search_read":
            continue
        if attempt.label == "unknown":  # nothing to act on: any error refuses
            refused = outcome != "ok"
        else:
            refused = outcome in REFUSED
        if not refused:
            wrong.append(
                "%s %s %s.%s(%s) -> %s"
                % (
                    attempt.protocol,
                    attempt.role,
                    attempt.model,
                    attempt.method,
                    attempt.label,
                    outcome,
                )
            )
    assert not wrong, "%d of %d attempts not refused:\n%s" % (
        len(wrong),
        len(matrix["refused"]),
        "\n".join(wrong),
    )


def test_search_read_finds_no_foreign_record(facts, matrix):
    leaks = [
        "%s %s %s -> %s" % (a.protocol, a.role, a.model, outcome)
        for a, outcome in matrix["refused"]
        if a.method == "search_read"
        and a.role not in MODELS[a.model].read
        and outcome not in REFUSED
        and outcome != "empty"
    ]
    assert not leaks, leaks


def test_allowed_reads_succeed(matrix):
    """The table is not stricter than the server: each allowed read answers."""
    wrong = [
        "%s %s %s.read -> %s" % (a.protocol, a.role, a.model, outcome)
        for a, outcome in matrix["allowed"]
        if outcome != "ok"
    ]
    assert matrix["allowed"] and not wrong, wrong


def test_route_attempts_are_refused(matrix):
    pages = matrix["pages"]
    wrong = [
        "%s %s %s -> %s" % (role, method, route, outcome)
        for role, method, route, allowed, outcome in pages
        if not allowed
        and outcome not in (403, 404)
        and not (outcome == "login" and role == PUBLIC)
    ]
    assert pages and not wrong, "\n".join(wrong)


def test_allowed_pages_answer(matrix):
    wrong = [
        "%s %s %s -> %s" % (role, method, route, outcome)
        for role, method, route, allowed, outcome in matrix["pages"]
        if allowed and outcome not in (200, 301, 302, 303)  # a redirect: not to login
    ]
    assert not wrong, "\n".join(wrong)


def test_database_is_unchanged(matrix):
    before, after = matrix["before"], matrix["after"]
    changed = sorted(t for t in before if before[t] != after[t])
    assert not changed, "changed by refused attempts: %s" % changed


def test_wizards_on_foreign_records_are_refused_or_tried(facts):
    """A wizard opened on co-op B's records is refused, or its buttons are tried
    (test_rpc_attempts_are_refused): a wizard that fails otherwise hides its buttons."""
    untried = [
        "%s %s: %s" % (role, model, made)
        for role, wizards in sorted(facts["wizards"].items())
        for model, made in sorted(wizards.items())
        if not isinstance(made, int) and made not in REFUSED
    ]
    assert not untried, untried
