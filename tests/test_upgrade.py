"""A real upgrade: the release 11.0.1.0.0, filled with data, upgraded to HEAD with `-u`.

The addons of the tag (a git worktree) are installed into a copy of the template
database; tests/upgrade_fill.py adds data through that release's public methods;
tests/upgrade_snapshot.py reads it in SQL; Odoo then updates the four addons from the
current tree, which runs their `migrations/11.0.1.1.0/` to `11.0.1.3.0/` scripts. Nothing may be lost
or changed, the new fields hold the migrated values, the current code's methods work
on them (tests/upgrade_use.py) and no log holds an error. The database and the
worktree go at the end (tests/upgrade_release.py runs the processes).
"""

import json
import os
import time
from collections import Counter

import pytest

from . import upgrade_cache
from . import upgrade_snapshot as snapshot
from .conftest import HERE, MANIFESTS, environment
from .databases import drop_database, run_sql
from .upgrade_release import (
    children_cpu,
    copy_template,
    errors_in,
    odoo,
    release_commit,
    release_worktree,
)

ADDONS = (
    "komunigi_membership,komunigi_request_vote,komunigi_cofinancing,komunigi_newsletter"
)
# The versions of HEAD's manifests: each addon is bumped when its schema changes.
VERSIONS = {
    addon: manifest["version"]
    for addon, manifest in MANIFESTS.manifests(os.path.dirname(HERE)).items()
    if addon in ADDONS.split(",")
}
MIGRATED = ADDONS.split(",")
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
USE_MARKER = "KOMUNIGI-UPGRADE-USE:"


def install_and_fill_release(database, logs, timings):
    """The release's addons from its worktree, then its data (tests/upgrade_fill.py);
    or the same, filled earlier today, from the cache (tests/upgrade_cache.py)."""
    started = time.monotonic()
    commit = release_commit()
    drop_database(database)
    run_sql("postgres", "CREATE DATABASE %s TEMPLATE template0" % database)
    if upgrade_cache.restore(database, commit):
        for step in ("release-install", "release-fill"):
            with open(logs[step], "w") as handle:
                handle.write("restored from the cache (tests/upgrade_cache.py)\n")
        timings["release restored from the cache"] = time.monotonic() - started
        return
    drop_database(database)
    with open(os.path.join(os.path.dirname(__file__), "upgrade_fill.py")) as handle:
        fill = handle.read()
    with release_worktree() as release:
        started = time.monotonic()
        copy_template(database)
        release_addons = "--addons-path=%s" % release
        install = ("-i", ADDONS, "--stop-after-init", "--log-level=warn")
        odoo(database, logs["release-install"], release_addons, *install)
        timings["release install"] = time.monotonic() - started
        started = time.monotonic()
        output = odoo(
            database,
            logs["release-fill"],
            release_addons,
            "--log-level=warn",
            command="shell",
            script=fill,
        )
        assert "FILLED" in output, output
        timings["fill"] = time.monotonic() - started
    upgrade_cache.save(database, commit)


def use_upgraded(database, log):
    """What the current code's methods do with the upgraded data (rolled back)."""
    with open(os.path.join(os.path.dirname(__file__), "upgrade_use.py")) as handle:
        script = handle.read()
    output = odoo(database, log, "--log-level=warn", command="shell", script=script)
    lines = [line for line in output.splitlines() if line.startswith(USE_MARKER)]
    assert lines, output
    return json.loads(lines[-1][len(USE_MARKER) :])


@pytest.fixture(scope="module")
def upgrade():
    """Install the release, fill it, read it, upgrade it to HEAD, read it again."""
    database = environment("KOMUNIGI_TEST_DB") + "_upgrade"
    logs = {
        step: os.path.join(
            environment("KOMUNIGI_LOG_DIR"), "%s-%s.log" % (database, step)
        )
        for step in ("release-install", "release-fill", "upgrade", "use")
    }
    timings, cpu_before = {}, children_cpu()
    try:
        install_and_fill_release(database, logs, timings)
        before = snapshot.kept_rows(database)
        legacy = snapshot.legacy_rows(database)
        started = time.monotonic()
        # Info level: the log says which migration scripts ran.
        update = ("-u", ADDONS, "--stop-after-init", "--log-level=info")
        odoo(database, logs["upgrade"], *update)
        timings["upgrade"] = time.monotonic() - started
        after = snapshot.kept_rows(database)
        started = time.monotonic()
        used = use_upgraded(database, logs["use"])
        timings["use"] = time.monotonic() - started
        timings["CPU of the Odoo processes"] = children_cpu() - cpu_before
        print("\nupgrade test: " + ", ".join("%s %.0f s" % t for t in timings.items()))
        yield {
            "database": database,
            "logs": logs,
            "before": before,
            "legacy": legacy,
            "after": after,
            "used": used,
        }
    finally:
        drop_database(database)


def rows(upgrade, sql, params=None):
    return snapshot.query(upgrade["database"], sql, params)


def test_the_migrations_run_and_no_log_holds_an_error(upgrade):
    versions = rows(
        upgrade,
        "SELECT name, latest_version FROM ir_module_module WHERE name IN %s",
        (tuple(ADDONS.split(",")),),
    )
    assert dict(versions) == VERSIONS
    with open(upgrade["logs"]["upgrade"]) as handle:
        log = handle.read()
    for addon in MIGRATED:
        assert "%s: post-migration script called" % addon in log
    assert "komunigi_membership: pre-migration script called" in log
    for step, path in upgrade["logs"].items():
        assert errors_in(path) == [], "%s logged errors: see %s" % (step, path)


def test_the_project_log_belongs_to_membership(upgrade):
    """The log moved down to komunigi_membership with its records: its entries, tags
    and published flags are kept (test_no_row_is_lost_or_changed), its model and
    page are membership's, the fields of the minutes stay the newsletter's, and the
    cron that drafted entries by reading the other addons is gone."""
    owners = rows(
        upgrade,
        "SELECT d.module, d.model, d.name FROM ir_model_data d "
        "WHERE d.name IN ('model_komunigi_log_entry', 'model_komunigi_log_tag', "
        "'rule_log_entry_published', 'access_log_entry_public', 'log_index', "
        "'menu_website_log', 'field_komunigi_log_entry_is_published', "
        "'field_komunigi_log_entry_meeting_id')",
    )
    by_name = {}
    for module, _model, name in owners:
        by_name.setdefault(name, set()).add(module)
    assert by_name["field_komunigi_log_entry_meeting_id"] == {"komunigi_newsletter"}
    for name, modules in by_name.items():
        if name != "field_komunigi_log_entry_meeting_id":
            assert "komunigi_membership" in modules, (name, modules)
    assert rows(
        upgrade,
        "SELECT count(*) FROM ir_cron WHERE ir_actions_server_id IN "
        "(SELECT id FROM ir_act_server WHERE code LIKE '%_cron_draft_entries%')",
    ) == [(0,)]
    before = upgrade["before"]["komunigi_log_entry"]
    assert any(values[4] for values in before.values()), "no published entry"
    assert any(values[-1] for values in before.values()), "no tagged entry"
    assert any(values[6] for values in before.values()), "no automatic entry"
    assert upgrade["used"]["log_found_again"]
    assert upgrade["used"]["log_entry"] == ["draft", "/komunigi/log"]


def test_a_session_owns_its_meeting(upgrade):
    """The release's newsletter wizard linked a session's meeting as the event's
    document: the session's own field, komunigi_request_vote's, now holds it."""
    planned = sorted(upgrade["legacy"]["session_meetings"])
    assert planned, "the release's data holds no session meeting: fill it"
    linked = rows(
        upgrade,
        "SELECT id, komunigi_session_id FROM calendar_event "
        "WHERE komunigi_session_id IS NOT NULL ORDER BY id",
    )
    assert linked == planned
    owners = rows(
        upgrade,
        "SELECT module FROM ir_model_data "
        "WHERE name = 'field_calendar_event_komunigi_session_id'",
    )
    assert owners == [("komunigi_request_vote",)]
    assert upgrade["used"]["session_meetings"] == [list(row) for row in planned]


def test_no_row_is_lost_or_changed(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    for table, old_rows in before.items():
        assert old_rows, "the release's data holds no %s: fill it" % table
        lost = sorted(set(old_rows) - set(after[table]))
        assert lost == [], "%s lost rows %s" % (table, lost)
        changed = {
            row_id: (values, after[table][row_id])
            for row_id, values in old_rows.items()
            if after[table][row_id] != values
        }
        assert changed == {}, "%s changed: %s" % (table, changed)


def expected_commitment(state, pledge, amount, refunded, joined):
    """The rule of the migration, from the release's figures of a share."""
    if joined is not None:
        return "joined", joined, amount
    if state in ("funded", "invoiced", "done") and amount + refunded > 0:
        return ("pledge" if pledge > 0 else "accepted"), amount + refunded, amount
    if pledge > 0:
        return "pledge", pledge, pledge
    return "none", 0, 0


def test_shares_hold_their_commitments(upgrade):
    migrated = {
        share_id: (kind, round(float(pledge), 2), round(float(amount), 2))
        for share_id, kind, pledge, amount in rows(
            upgrade,
            "SELECT id, commitment, pledge, amount FROM komunigi_cofinancing_share",
        )
    }
    expected = {}
    for share_id, *figures in upgrade["legacy"]["shares"]:
        kind, pledge, amount = expected_commitment(
            figures[0], *[None if f is None else float(f) for f in figures[1:]]
        )
        expected[share_id] = (kind, round(pledge, 2), round(amount, 2))
    assert migrated == expected
    kinds = Counter(kind for kind, _pledge, _amount in expected.values())
    assert set(kinds) == {"none", "pledge", "accepted", "joined"}, kinds


def test_cofinancings_can_be_invoiced_as_new_ones(upgrade):
    pot = rows(
        upgrade,
        "SELECT pot_amount, provider_share_amount FROM komunigi_cofinancing "
        "WHERE name = 'Upgrade: common pot'",
    )
    assert [tuple(map(float, row)) for row in pot] == [(200.0, 0.0)]
    totals = rows(
        upgrade,
        "SELECT c.id, sum(m.percent) FROM komunigi_cofinancing c "
        "LEFT JOIN komunigi_cofinancing_milestone m ON m.cofinancing_id = c.id "
        "GROUP BY c.id",
    )
    assert {total for _id, total in totals} == {100}
    added = rows(
        upgrade,
        "SELECT cofinancing_id, name, percent FROM komunigi_cofinancing_milestone "
        "WHERE cofinancing_id IN %s",
        (tuple(row[0] for row in upgrade["legacy"]["unmilestoned"]),),
    )
    assert sorted(added) == sorted(
        (row[0], "At delivery", 100) for row in upgrade["legacy"]["unmilestoned"]
    )


def test_invoice_links_are_first_issues(upgrade):
    attempts = rows(
        upgrade, "SELECT DISTINCT attempt FROM komunigi_cofinancing_invoice"
    )
    assert attempts == [(0,)]
    definition = rows(
        upgrade,
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conname = 'komunigi_cofinancing_invoice_milestone_once'",
    )
    assert definition == [("UNIQUE (share_id, milestone_id, attempt)",)]


def test_round_offers_are_frozen_into_lines(upgrade):
    lines = rows(
        upgrade,
        "SELECT round_id, request_id, reference, cost, selected "
        "FROM komunigi_funding_round_line",
    )
    offers = upgrade["legacy"]["offers"]
    assert sorted(lines) == sorted(offers)
    assert {selected for *_offer, selected in offers} == {True, False}


def test_tier_changes_and_suspensions_are_records(upgrade):
    changes = rows(
        upgrade,
        "SELECT membership_id, date, previous_tier_id, tier_id, "
        "previous_billing_frequency, billing_frequency FROM komunigi_membership_change",
    )
    legacy = upgrade["legacy"]["tier_changes"]
    assert legacy, "the release's data holds no tier change"
    assert sorted(changes) == sorted(
        (m, day, previous, tier, frequency, frequency)
        for m, day, previous, tier, frequency in legacy
    )
    open_suspensions = rows(
        upgrade,
        "SELECT s.membership_id FROM komunigi_membership_suspension s "
        "JOIN komunigi_membership m ON m.id = s.membership_id "
        "WHERE s.date_end IS NULL AND s.date_start >= m.date_start",
    )
    assert sorted(open_suspensions) == sorted(upgrade["legacy"]["suspended"])
    assert len(open_suspensions) >= 2


def test_dues_keep_their_months_and_rates(upgrade):
    dues = dict(
        (row[0], row[1:])
        for row in rows(
            upgrade, "SELECT id, months, monthly_rate FROM komunigi_membership_dues"
        )
    )
    legacy = upgrade["legacy"]["dues"]
    assert {frequency for _id, frequency, _rate in legacy} >= {"monthly", "quarterly"}
    assert dues == {
        dues_id: (MONTHS[frequency], rate) for dues_id, frequency, rate in legacy
    }


def test_closed_items_know_the_requests_they_approved(upgrade):
    approved = {}
    for item_id, request_id in rows(
        upgrade, "SELECT item_id, request_id FROM komunigi_session_item_approved_rel"
    ):
        approved.setdefault(item_id, []).append(request_id)
    legacy = upgrade["legacy"]["closed_items"]
    expected = {}
    for item_id, method, outcome, requests in legacy:
        if method == "yes_no" and outcome == "adopted":
            expected[item_id] = requests
        elif method == "approval":  # the fill: all approve the first, one the second
            expected[item_id] = requests[:1]
    assert {key: sorted(value) for key, value in approved.items()} == expected
    assert {method for _id, method, _outcome, _requests in legacy} >= {
        "yes_no",
        "approval",
    }
    items = rows(
        upgrade,
        "SELECT DISTINCT uncounted_count, seats, currency_id IS NOT NULL "
        "FROM komunigi_session_item",
    )
    assert items == [(0, 1, True)]


def test_products_take_the_company_sale_tax_and_old_taxes_stay(upgrade):
    flagged = rows(
        upgrade,
        "SELECT d.name FROM ir_model_data d JOIN product_product p "
        "ON d.model = 'product.product' AND d.res_id = p.id "
        "JOIN product_template t ON t.id = p.product_tmpl_id "
        "WHERE t.komunigi_company_sale_tax ORDER BY 1",
    )
    assert flagged == [("product_cofinancing",), ("product_dues",)]
    # The release's demo taxes (demo/account_demo.xml, deleted since) stay: its
    # invoices use them. Demo records are `noupdate`, so the update keeps them.
    taxes = rows(
        upgrade,
        "SELECT d.name FROM ir_model_data d JOIN account_tax t "
        "ON d.model = 'account.tax' AND d.res_id = t.id "
        "WHERE d.module = 'komunigi_membership' ORDER BY 1",
    )
    assert taxes == [("tax_vat_0_eu",), ("tax_vat_0_export",), ("tax_vat_21",)]


def test_the_current_methods_work_on_the_upgraded_data(upgrade):
    used = upgrade["used"]
    # The round's co-financing: invoiced at its new milestone, each pledge once.
    assert used["round_invoices"] == [150.0, 150.0]
    assert used["round_state"] == "invoiced"
    # A late joiner pays a quarter of what three co-ops paid; each is refunded 25,
    # the one that accepted the split like the two that pledged.
    assert used["joined"] == ["joined", 75.0]
    assert used["after_join"] == [
        ["accepted", 100.0, 75.0],
        ["pledge", 100.0, 75.0],
        ["pledge", 100.0, 75.0],
    ]
    # The common pot (20 % of 1000) is deducted before the co-ops' offers.
    assert used["offers"] == [266.66, 266.67, 266.67]
    assert used["reactivated"] >= 2
    assert used["open_suspensions"] == 0
