"""Benchmark: the portal under load, against Odoo's own /my/home (issue 10, item 5).

Run from the repository root, with the project's PostgreSQL cluster started (any
`bin/komunigi-env` command starts it) and locust in the tools venv:

    .local/venv-tools/bin/pip install -r benchmarks/requirements.txt
    .local/venv-tools/bin/python benchmarks/bench_portal_load.py --clients 16 --requests 10000

What it does: copies the template database `make test` builds and installs the komunigi
addons (database `komunigi_bench_portal_base`), then, for each volume, copies that base
and replays a history in it through the public methods (`portal_load_data.py`, an
`odoo shell` script, which ends with ANALYZE): `--coops` co-ops (50) over `--years`
years (3), i.e. monthly dues, 500 requests, 100 sessions with ballots, 50
co-financings and 8 funding rounds at the default volume. The histories are built at
once, one process each (`nice -n 5`), each logging the seconds of every month's
phases to .local/log/<database>-build.log; the shorter histories of `--coops` co-ops
(`--growth-years`) are not replayed: the main replay dumps its first years on the way
and they are restored (the same months' volume, two years older). It serves each
database with `--workers=2` on a free port and has locust (headless, as a library)
log `--clients` representatives in and request, at random, the komunigi portal pages,
the public /komunigi pages and /my/home, `--requests` requests in all.

It prints, for each volume, p50/p95/p99 per page and the errors, then
`p95 ratio komunigi/my_home: X`: the slowest komunigi page's p95 over /my/home's
(goal: X <= 1.5 with 0 errors). Then
how each page's p95 grows with the co-ops (`--growth-coops`, 10 and 50, at `--years`)
and with the history (`--growth-years`, 1 and 3, at `--coops`): a smaller run
(`--growth-requests`) on each other volume, the main run for the main volume.

`--keep` keeps the databases; `--reuse` measures again on kept ones (no new data);
`--reuse-base` builds the histories on a kept base (no addon install); `--results
FILE` keeps the figures of each volume measured, so that a volume can be measured by
one run (e.g. while the main history is still being built) and the growth tables
printed by a later one.
It prints figures; it is not a test and asserts nothing about speed.
"""

from locust import HttpUser, constant, events, task  # isort: skip  (gevent first)
from locust.clients import HttpSession  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import itertools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from urllib.parse import urlparse

import gevent
import requests
from bench_databases import template_database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCAL = os.path.join(ROOT, ".local")
CONFIG = os.path.join(LOCAL, "odoo.conf")
PYTHON37 = os.path.join(LOCAL, "venv37", "bin", "python")
LAUNCH = os.path.join(ROOT, "bin", "odoo-launch.py")
ADDONS = (
    "komunigi_membership,komunigi_request_vote,komunigi_cofinancing,komunigi_newsletter"
)
BASE = "komunigi_bench_portal_base"
PASSWORD = "bench-load"
MY_HOME = "/my/home"
# The portal pages of a representative; <request>, <cofinancing>: one of the co-op's.
PORTAL_PAGES = [
    MY_HOME,
    "/my/komunigi",
    "/my/requests",
    "/my/requests/<request>",
    "/my/sessions",
    "/my/cofinancings",
    "/my/cofinancings/<cofinancing>",
    "/my/rounds",
    "/my/invoices",
]
# The public pages, read by the same clients as visitors; <...>: public records' ids.
PUBLIC_PAGES = [
    "/komunigi/roadmap",
    "/komunigi/requests/<public_request>",
    "/komunigi/sessions/<public_session>",
    "/komunigi/cofinancings/<public_cofinancing>",
    "/komunigi/log",
    "/komunigi/newsletter",
]


def main():
    args = parse_args()
    volumes = [(args.coops, args.years)]
    volumes += [(c, args.years) for c in args.growth_coops if c != args.coops]
    volumes += [(args.coops, y) for y in args.growth_years if y != args.years]
    results = load_results(args.results)
    try:
        if not (args.reuse or args.reuse_base):
            build_base(args.template or template_database())
        if not args.reuse:
            build_histories(volumes, args)
        for coops, years in volumes:
            database = database_of(coops, years)
            count = (
                args.requests if (coops, years) == volumes[0] else args.growth_requests
            )
            if (coops, years) in results:
                print("\n(%d co-ops, %d years: measured earlier, read from %s)"
                      % (coops, years, args.results))  # fmt: skip
            else:
                results[coops, years] = measure(
                    database, coops, args.clients, count, args.time_limit
                )
                save_results(args.results, results)
            report_pages(results[coops, years], coops, years)
            report_ratio(results[coops, years])
    finally:
        if not (args.keep or args.reuse):
            for coops, years in volumes:
                drop(database_of(coops, years))
            drop(BASE)
    report_growth(results, args)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--coops", type=int, default=50)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--growth-coops", type=int, nargs="*", default=[10, 50])
    parser.add_argument("--growth-years", type=int, nargs="*", default=[1, 3])
    parser.add_argument("--growth-requests", type=int, default=2000)
    parser.add_argument("--template", default=os.environ.get("KOMUNIGI_TEMPLATE_DB"))
    parser.add_argument("--keep", action="store_true", help="do not drop the databases")
    parser.add_argument("--reuse", action="store_true", help="measure kept databases")
    parser.add_argument("--time-limit", type=float, help="seconds a volume is "
                        "measured at most: fewer requests if they pass first (the "
                        "report says how many were made)")  # fmt: skip
    parser.add_argument("--results", help="a JSON file of the volumes measured: "
                        "written after each measure; the volumes it holds are not "
                        "measured again (delete it to measure them again)")  # fmt: skip
    parser.add_argument("--reuse-base", action="store_true",
                        help="build the histories on the kept %s" % BASE)  # fmt: skip
    return parser.parse_args()


# --- databases --------------------------------------------------------------------------
def pg_env():
    with open(os.path.join(LOCAL, "pg.port")) as handle:
        port = handle.read().strip()
    return dict(os.environ, PGHOST="127.0.0.1", PGPORT=port, PGUSER="komunigi")


def copy_database(source, target):
    """A copy of a database and of its filestore (where the assets live)."""
    drop(target)
    subprocess.run(["createdb", "-T", source, target], env=pg_env(), check=True)
    filestore = os.path.join(LOCAL, "data", "filestore")
    if os.path.isdir(os.path.join(filestore, source)):
        shutil.copytree(
            os.path.join(filestore, source), os.path.join(filestore, target)
        )


def drop(database):
    subprocess.run(
        ["dropdb", "--if-exists", "--force", database], env=pg_env(), check=True
    )
    shutil.rmtree(os.path.join(LOCAL, "data", "filestore", database), True)


def odoo(*args, **kwargs):
    return subprocess.run([PYTHON37, LAUNCH] + list(args), check=True, **kwargs)


def build_base(template):
    print("Installing the komunigi addons into %s..." % BASE, flush=True)
    copy_database(template, BASE)
    odoo("-c", CONFIG, "-d", BASE, "-i", ADDONS, "--stop-after-init",
         "--log-level=warn", "--logfile=%s/log/%s.log" % (LOCAL, BASE))  # fmt: skip


def database_of(coops, years):
    return "komunigi_bench_portal_%dc%dy" % (coops, years)


def build_histories(volumes, args):
    """The histories of `volumes`, built at once (one process each).

    The shorter histories of the main number of co-ops are not replayed again:
    they are the first years of the main history, dumped when the replay reaches
    them and restored (same co-ops and monthly volume, months two years older).
    """
    main = (args.coops, args.years)
    copied = [v for v in volumes if v[0] == args.coops and v[1] < args.years]
    builds = [Build(main, copied)]
    builds += [Build(v, []) for v in volumes if v != main and v not in copied]
    for build in builds:
        build.finish()


class Build:
    """The history of one volume: the builder (`portal_load_data.py` in `odoo
    shell`), its output in .local/log/<database>-build.log as it comes (a line per
    month with the seconds of each phase), and the copies it dumps on the way."""

    def __init__(self, volume, copied):
        self.volume, self.copied = volume, copied
        self.database = database_of(*volume)
        self.started = time.perf_counter()
        copy_database(BASE, self.database)
        self.log = os.path.join(LOCAL, "log", "%s-build.log" % self.database)
        self.dumps = {
            v: os.path.join(LOCAL, "data", "%s.dump" % database_of(*v)) for v in copied
        }
        with open(os.path.join(ROOT, "benchmarks", "portal_load_data.py")) as script, \
                open(self.log, "w") as output:  # fmt: skip
            self.process = subprocess.Popen(
                ["nice", "-n", "5", PYTHON37, LAUNCH, "shell", "-c", CONFIG,
                 "-d", self.database, "--no-http", "--log-level=warn"],
                stdin=script, stdout=output, stderr=subprocess.STDOUT,
                env=dict(os.environ, KOMUNIGI_ROOT=ROOT,
                         KOMUNIGI_BENCH_COOPS=str(volume[0]),
                         KOMUNIGI_BENCH_YEARS=str(volume[1]),
                         KOMUNIGI_BENCH_PASSWORD=PASSWORD,
                         KOMUNIGI_BENCH_COPIES=",".join(
                             "%d=%s" % (12 * v[1], path)
                             for v, path in self.dumps.items())),
            )  # fmt: skip

    def finish(self):
        self.process.wait()
        seconds = time.perf_counter() - self.started
        with open(self.log) as output:
            summary = [line for line in output if line.startswith("BENCH-DATA")]
        if self.process.returncode or len(summary) != 1 + len(self.copied):
            sys.exit("the history of %s was not generated, see %s"
                     % (self.database, self.log))  # fmt: skip
        for volume, path in self.dumps.items():
            started = time.perf_counter()
            restore(path, database_of(*volume), self.database)
            print("%s (restored in %.0f s)" % (summary.pop(0).strip(),
                  time.perf_counter() - started), flush=True)  # fmt: skip
        print("%s (%.0f s)" % (summary[0].strip(), seconds), flush=True)


def restore(path, database, source):
    """The dumped history as `database` (analysed), with the filestore of `source`."""
    drop(database)
    env = pg_env()
    subprocess.run(["createdb", "-T", "template0", database], env=env, check=True)
    subprocess.run(["pg_restore", "--no-owner", "-d", database, path], env=env,
                   check=True)  # fmt: skip
    # Without the warnings on the shared catalogs, which only a superuser analyses.
    quiet = dict(env, PGOPTIONS="-c client_min_messages=error")
    subprocess.run(["psql", "-d", database, "-qc", "ANALYZE"], env=quiet, check=True)
    filestore = os.path.join(LOCAL, "data", "filestore")
    if os.path.isdir(os.path.join(filestore, source)):
        shutil.copytree(
            os.path.join(filestore, source), os.path.join(filestore, database)
        )
    os.remove(path)


# --- the server -------------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """Odoo in prefork mode (2 workers, no cron) on a free port, serving one database."""

    def __init__(self, database):
        self.database = database
        self.url = "http://127.0.0.1:%d" % free_port()
        self.log = os.path.join(LOCAL, "log", "%s-server.log" % database)
        self.process = subprocess.Popen(
            [PYTHON37, LAUNCH, "-c", CONFIG, "-d", database,
             "--db-filter=^%s$" % database, "--http-port=%s" % self.url.rsplit(":", 1)[1],
             "--longpolling-port=%d" % free_port(), "--workers=2",
             "--max-cron-threads=0", "--logfile=%s" % self.log]
        )  # fmt: skip

    def wait(self, timeout=300):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit("Odoo stopped at start-up, see %s" % self.log)
            try:
                if requests.get(self.url + "/web/login", timeout=60).ok:
                    return
            except requests.RequestException:
                time.sleep(0.5)
        sys.exit("Odoo did not answer within %ss, see %s" % (timeout, self.log))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the clients ------------------------------------------------------------------------
REPRESENTATIVES = itertools.count(1)
# The records with a public page (the public domains of the models), by kind.
PUBLIC_QUERIES = {
    "public_request": "SELECT id FROM komunigi_request WHERE state != 'draft'",
    "public_session": "SELECT id FROM komunigi_session WHERE state = 'closed'",
    "public_cofinancing": "SELECT id FROM komunigi_cofinancing WHERE state != 'cancelled'",
}
PUBLIC_IDS = {}
COOPS = [50]  # the co-ops of the volume measured


def public_ids(database):
    return {
        kind: subprocess.run(
            ["psql", "-d", database, "-tAc", query], env=pg_env(), check=True,
            stdout=subprocess.PIPE, text=True,
        ).stdout.split()
        for kind, query in PUBLIC_QUERIES.items()
    }  # fmt: skip


class Representative(HttpUser):
    """A co-op's representative: logs in, then reads pages at random, without pause."""

    wait_time = constant(0)

    def on_start(self):
        # More clients than co-ops: some representatives log in twice.
        number = (next(REPRESENTATIVES) - 1) % COOPS[0] + 1
        page = self.client.get("/web/login", name="login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        login = {"login": "rep%d@bench.example" % number, "password": PASSWORD}
        with self.client.post(
            "/web/login", data=dict(login, csrf_token=token), name="login",
            catch_response=True,
        ) as response:  # fmt: skip
            # Odoo answers a portal user's login with the login page itself (200): a
            # refusal is its error box; a page after it would show the login page.
            if "alert-danger" in response.text:
                response.failure("%s could not log in" % login["login"])
        # The public pages are read as a visitor reads them: without the session.
        self.visitor = HttpSession(self.host, self.environment.events.request, self)
        self.ids = {
            "request": self.ids_on("/my/requests", r"/my/requests/(\d+)"),
            "cofinancing": self.ids_on("/my/cofinancings", r"/my/cofinancings/(\d+)"),
            **PUBLIC_IDS,
        }  # fmt: skip
        self.pages = [p for p in PORTAL_PAGES + PUBLIC_PAGES if self.has_ids(p)]

    def ids_on(self, url, pattern):
        """The record ids a page links to (not counted in the statistics)."""
        page = requests.get(self.host + url, cookies=self.client.cookies, timeout=120)
        return sorted(set(re.findall(pattern, page.text)))

    def has_ids(self, page):
        kind = re.search(r"<(\w+)>", page)
        return not kind or self.ids[kind.group(1)]

    @task
    def read_a_page(self):
        page = random.choice(self.pages)
        kind = re.search(r"<(\w+)>", page)
        url = (
            page.replace(kind.group(0), random.choice(self.ids[kind.group(1)]))
            if kind
            else page
        )
        client = self.visitor if page in PUBLIC_PAGES else self.client
        with client.get(url, name=page, catch_response=True) as response:
            if urlparse(response.url).path == "/web/login":
                response.failure("redirected to the login page")


def measure(database, coops, clients, count, time_limit=None):
    """Serve `database`, run `count` requests from `clients` clients (or fewer if
    `time_limit` seconds pass first): stats per page."""
    server = Server(database)
    try:
        server.wait()
        requests.get(server.url + MY_HOME, timeout=120)  # warm the workers up
        environment = Environment(
            user_classes=[Representative], events=events, host=server.url
        )
        runner = environment.create_local_runner()
        global REPRESENTATIVES  # each run logs in representatives 1..clients
        REPRESENTATIVES = itertools.count(1)
        PUBLIC_IDS.update(public_ids(database))
        COOPS[0] = coops
        started = time.perf_counter()
        runner.start(clients, spawn_rate=clients)
        while environment.stats.total.num_requests < count and (
            not time_limit or time.perf_counter() - started < time_limit
        ):
            gevent.sleep(0.2)
        runner.quit()
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    stats = environment.stats
    pages = {
        name: {
            "count": entry.num_requests,
            "errors": entry.num_failures,
            **{p: entry.get_response_time_percentile(q / 100.0)
               for p, q in (("p50", 50), ("p95", 95), ("p99", 99))},
        }
        for (name, _method), entry in stats.entries.items()
        if name != "login"
    }  # fmt: skip
    errors = ["%s %s: %s (%d)" % (e.method, e.name, e.error, e.occurrences)
              for e in stats.errors.values()]  # fmt: skip
    return {"pages": pages, "errors": errors, "total": stats.total.num_requests,
            "failures": stats.total.num_failures, "seconds": seconds}  # fmt: skip


# --- report -----------------------------------------------------------------------------
def load_results(path):
    """The results of earlier runs saved in `path` (none without a path)."""
    if not (path and os.path.exists(path)):
        return {}
    with open(path) as handle:
        saved = json.load(handle)
    return {tuple(map(int, key.split("x"))): value for key, value in saved.items()}


def save_results(path, results):
    if path:
        with open(path, "w") as handle:
            json.dump({"%dx%d" % key: value for key, value in results.items()},
                      handle, indent=1, sort_keys=True)  # fmt: skip


def report_pages(result, coops, years):
    print()
    print("%d co-ops, %d years: %d requests in %.0f s (%.1f/s), %d errors"
          % (coops, years, result["total"], result["seconds"],
             result["total"] / result["seconds"], result["failures"]))  # fmt: skip
    print(
        "%-42s %6s %8s %8s %8s %6s"
        % ("page", "count", "p50 ms", "p95 ms", "p99 ms", "errors")
    )
    for name, page in sorted(result["pages"].items()):
        print("%-42s %6d %8.0f %8.0f %8.0f %6d" % (
            name, page["count"], page["p50"], page["p95"], page["p99"], page["errors"]))  # fmt: skip
    for error in result["errors"]:
        print("  error: " + error)


def report_ratio(result):
    pages = result["pages"]
    komunigi = {n: p for n, p in pages.items() if n != MY_HOME}
    slowest = max(komunigi, key=lambda n: komunigi[n]["p95"])
    print()
    print("slowest komunigi page at p95: %s (%.0f ms; /my/home: %.0f ms)"
          % (slowest, komunigi[slowest]["p95"], pages[MY_HOME]["p95"]))  # fmt: skip
    print("errors: %d" % result["failures"])
    print("p95 ratio komunigi/my_home: %.2f"
          % (komunigi[slowest]["p95"] / pages[MY_HOME]["p95"]))  # fmt: skip


def report_growth(results, args):
    for label, sizes, key in (
        ("co-ops (%d years)" % args.years, args.growth_coops,
         lambda size: (size, args.years)),
        ("years (%d co-ops)" % args.coops, args.growth_years,
         lambda size: (args.coops, size)),
    ):  # fmt: skip
        sizes = sorted(set(sizes))
        if len(sizes) < 2 or any(key(size) not in results for size in sizes):
            continue
        print()
        print("p95 ms by %s" % label)
        # /my/home reads nothing of komunigi: its growth is the machine's load
        # changing between the runs; the last column takes it out.
        print("%-42s" % "page" + "".join("%9s" % s for s in sizes)
              + "   growth  vs /my/home")  # fmt: skip
        first, last = results[key(sizes[0])]["pages"], results[key(sizes[-1])]["pages"]
        home = last[MY_HOME]["p95"] / first[MY_HOME]["p95"]
        for name in sorted(last):
            row = [results[key(s)]["pages"].get(name, {}).get("p95") for s in sizes]
            cells = "".join("%9s" % ("%.0f" % v if v is not None else "-") for v in row)
            growth = last[name]["p95"] / first[name]["p95"] if name in first else 0
            print("%-42s%s   x%.2f   x%.2f" % (name, cells, growth, growth / home))


if __name__ == "__main__":
    main()
