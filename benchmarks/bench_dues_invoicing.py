"""Benchmark: komunigi dues invoicing against OCA contract 11.0 recurring invoices.

Run from the repository root, with the project's PostgreSQL cluster started:

    .local/venv37/bin/pip install --no-deps --target .local/bench-addons \
        odoo11-addon-contract==11.0.2.1.0
    .local/venv37/bin/python benchmarks/bench_dues_invoicing.py

Options: ``--sizes 1000 10000`` (default); ``--template DB`` (default: the
``komunigi_tmpl_*`` database ``make test`` builds, or ``$KOMUNIGI_TEMPLATE_DB``);
``--keep`` keeps the benchmark database ``komunigi_bench_dues``; ``--reuse`` measures
again on a kept database (the co-ops it already has are not generated again);
``--fresh`` first measures komunigi on the data as generated, before ANALYZE (a first
dues run right after a bulk import: row ``fresh``); ``--only komunigi`` skips contract.

What it does: copies the template database (Odoo's dependencies with demo data),
installs ``komunigi_membership`` and OCA ``contract`` (from ``.local/bench-addons``, the
benchmark environment only), then for each size N generates N co-ops, each with an
active monthly membership and the equivalent contract (one monthly line, same product,
same price, same period), runs ANALYZE (both are measured on tables with statistics),
and invoices that one period for all of them: komunigi's ``_invoice_dues`` and
contract's ``recurring_create_invoice`` (the body of its cron). Each row says how many
of the tables the dues run reads had stale statistics when it started.

Each measurement runs in a fresh process on the same committed data and is rolled back,
so both implementations start from the same state and the peak memory (maxrss delta)
of one does not hide the other's. The database is dropped at the end.

It prints figures; it is not a test and asserts nothing about speed.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date

from bench_databases import template_database
from bench_dues_report import report

import odoo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, ".local", "odoo.conf")
CONTRACT_ADDONS = os.path.join(ROOT, ".local", "bench-addons", "odoo", "addons")
DATABASE = "komunigi_bench_dues"
RESULT_MARK = "BENCH-RESULT "
MONTHLY_RATE = 25.0
COOP_PREFIX = "Bench Coop "
# The larger tables the two runs read: which lack statistics when a run starts.
READ_TABLES = (
    "res_partner",
    "komunigi_membership",
    "komunigi_membership_dues",
    "account_analytic_account",
    "account_analytic_invoice_line",
    "account_invoice",
    "account_invoice_line",
)


def main():
    args = parse_args()
    if args.measure:
        measure(args)
        return
    if not os.path.isdir(os.path.join(CONTRACT_ADDONS, "contract")):
        sys.exit(
            "OCA contract is missing: pip install --no-deps --target "
            ".local/bench-addons odoo11-addon-contract==11.0.2.1.0"
        )
    start_odoo()
    try:
        if not args.reuse:
            create_database(args.template or template_database(), args.database)
        results = run_benchmark(args)
    finally:
        if not (args.keep or args.reuse):
            drop_database(args.database)
    report(results, args.sizes)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--template", default=os.environ.get("KOMUNIGI_TEMPLATE_DB"))
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the kept database again"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="measure komunigi before ANALYZE too"
    )
    parser.add_argument(
        "--only", choices=["komunigi", "contract"], help="measure only this one"
    )
    # Internal: the measuring child process.
    parser.add_argument(
        "--measure", choices=["komunigi", "contract"], help=argparse.SUPPRESS
    )
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.database.startswith("komunigi_bench_"):
        parser.error("the benchmark database name must start with komunigi_bench_")
    return args


def start_odoo():
    """Odoo's configuration: the project's, plus the contract addon, quiet logs."""
    odoo.tools.config.parse_config(
        [
            "-c",
            CONFIG,
            "--addons-path=%s,%s" % (ROOT, CONTRACT_ADDONS),
            "--log-level=warn",
        ]
    )


# --- database -------------------------------------------------------------------------
def postgres_cursor():
    cr = odoo.sql_db.db_connect("postgres").cursor()
    cr.autocommit(True)
    return cr


def create_database(template, name):
    """A copy of the template and of its filestore (where the assets live)."""
    drop_database(name)
    print(
        "Copying %s to %s, installing komunigi_membership and contract..."
        % (template, name),
        flush=True,
    )
    cr = postgres_cursor()
    try:
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, template))
    finally:
        cr.close()
    source = odoo.tools.config.filestore(template)
    if os.path.isdir(source):
        shutil.copytree(source, odoo.tools.config.filestore(name))
    odoo.tools.config["init"] = dict.fromkeys(["komunigi_membership", "contract"], 1)
    odoo.modules.registry.Registry.new(name, update_module=True)
    odoo.tools.config["init"] = {}


def drop_database(name):
    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)
    cr = postgres_cursor()
    try:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
    finally:
        cr.close()
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


# --- data -----------------------------------------------------------------------------
def run_benchmark(args):
    """Grow the data to each size, commit it, measure both implementations on it."""
    results = []
    registry = odoo.registry(args.database)
    for size in sorted(args.sizes):
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            started = time.perf_counter()
            created = generate(env, size)
            print(
                "N=%d: %d co-ops generated in %.0f s"
                % (size, created, time.perf_counter() - started),
                flush=True,
            )
        if args.fresh:
            result = dict(run_child(args, "komunigi", size), implementation="fresh")
            print("  fresh    %8.2f s" % result["seconds"], flush=True)
            results.append(result)
        analyze(args.database)
        for implementation in [args.only] if args.only else ("komunigi", "contract"):
            result = run_child(args, implementation, size)
            print("  %-8s %8.2f s" % (implementation, result["seconds"]), flush=True)
            results.append(result)
    return results


def analyze(database):
    """Statistics for the generated rows: the planner then knows the tables' sizes."""
    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr.execute("ANALYZE")


def generate(env, size):
    """Co-ops up to `size`, each with an active membership and the same contract.

    Fixtures only: no chatter and no generated avatar (install mode), which would
    take longer than the invoicing measured.
    """
    env = env(context=dict(env.context, tracking_disable=True, install_mode=True))
    Partner = env["res.partner"]
    existing = Partner.search_count([("name", "=like", COOP_PREFIX + "%")])
    tier = bench_tier(env)
    period = fields_date(first_of_month())
    belgium = env.ref("base.be")
    for number in range(existing + 1, size + 1):
        coop = Partner.create(
            {
                "name": "%s%05d" % (COOP_PREFIX, number),
                "is_company": True,
                "street": "Rue de la Coop %d" % number,
                "city": "Bruxelles",
                "zip": "1000",
                "country_id": belgium.id,
            }
        )
        create_membership(env, coop, tier, period)
        create_contract(env, coop, tier, period)
    return max(size - existing, 0)


def bench_tier(env):
    Tier = env["komunigi.membership.tier"]
    tier = Tier.search([("name", "=", "Bench monthly")])
    return tier or Tier.create(
        {
            "name": "Bench monthly",
            "monthly_rate": MONTHLY_RATE,
            "product_id": env.ref("komunigi_membership.product_dues").id,
        }
    )


def create_membership(env, coop, tier, period):
    """An active membership (state set at creation: no need to click 10,000 buttons)."""
    env["komunigi.membership"].create(
        {
            "partner_id": coop.id,
            "tier_id": tier.id,
            "date_start": period,
            "billing_frequency": "monthly",
            "state": "active",
        }
    )


def create_contract(env, coop, tier, period):
    """The same dues as an OCA contract: one pre-paid monthly line, same price."""
    product = tier.product_id
    env["account.analytic.account"].create(
        {
            "name": "Dues %s" % coop.name,
            "partner_id": coop.id,
            "recurring_invoices": True,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "recurring_invoicing_type": "pre-paid",
            "date_start": period,
            "recurring_next_date": period,
            "recurring_invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "name": "Dues #START# to #END#",
                        "quantity": 1,
                        "uom_id": product.uom_id.id,
                        "specific_price": MONTHLY_RATE,
                    },
                )
            ],
        }
    )


def first_of_month():
    return date.today().replace(day=1)


def fields_date(value):
    return value.strftime("%Y-%m-%d")


# --- measuring ------------------------------------------------------------------------
def run_child(args, implementation, size):
    """Measure in a fresh process: its maxrss belongs to this implementation alone."""
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--database",
        args.database,
        "--measure",
        implementation,
        "--size",
        str(size),
    ]
    output = subprocess.run(
        command, stdout=subprocess.PIPE, text=True, check=True
    ).stdout
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    raise RuntimeError("no result from %s" % " ".join(command))


def measure(args):
    """Invoice one period for the first `size` co-ops, print the figures, roll back."""
    start_odoo()
    registry = odoo.registry(args.database)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        run = RUNS[args.measure](env, args.size)
        stale = stale_tables(env)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        queries_before = cr.sql_log_count
        started, cpu_started = time.perf_counter(), time.process_time()
        invoices = run()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        queries = cr.sql_log_count - queries_before
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = {
            "implementation": args.measure,
            "size": args.size,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "queries": queries,
            "peak_mib": (rss_after - rss_before) / 1024.0,
            "stale": stale,
            **invoice_totals(invoices),
        }
        cr.rollback()
    print(RESULT_MARK + json.dumps(result), flush=True)


def stale_tables(env):
    """How many of the tables read lack statistics for most of their rows
    (autovacuum's rule: over 50 rows plus 10% changed since the last ANALYZE)."""
    env.cr.execute(
        "SELECT count(*) FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
        "WHERE s.relname IN %s AND s.schemaname = current_schema() "
        "AND s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)",
        (READ_TABLES,),
    )
    return env.cr.fetchone()[0]


def komunigi_run(env, size):
    memberships = env["komunigi.membership"].search(
        [("partner_id.name", "=like", COOP_PREFIX + "%")], order="id", limit=size
    )
    until = first_of_month()
    return lambda: memberships._invoice_dues(until).invoices


def contract_run(env, size):
    contracts = env["account.analytic.account"].search(
        [("partner_id.name", "=like", COOP_PREFIX + "%")], order="id", limit=size
    )
    return lambda: contracts.with_context(cron=True).recurring_create_invoice()


RUNS = {"komunigi": komunigi_run, "contract": contract_run}


def invoice_totals(invoices):
    """What was invoiced, to show both implementations produce the same invoices."""
    return {
        "invoices": len(invoices),
        "lines": len(invoices.mapped("invoice_line_ids")),
        "untaxed": round(sum(invoices.mapped("amount_untaxed")), 2),
        "tax": round(sum(invoices.mapped("amount_tax")), 2),
    }


if __name__ == "__main__":
    main()
