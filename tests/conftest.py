"""Fixtures of the suite-level tests: a real Odoo HTTP server on the test database.

`make test` (bin/komunigi-env) exports where the configuration, the database and the
Python that runs Odoo are; the server runs in its own process, like in production.
"""

import importlib.util
import os
import re
import socket
import subprocess
import time

import pytest
import requests

# The parallel runs of `make test` (bin/komunigi-env), by the fixtures a test here uses
# (the first stream that names one of them): `template`, the tests that need only the
# template of Odoo's modules (they install the addons themselves), start while the
# addons install; `browsing`, the long clients of a test server (the fuzzer, the browser
# journeys), and `server`, the other tests that drive one, each on its own copy of the
# database with its own server, run beside `local`, every other test (the addons' own
# and the in-process ones). A test module may name its stream with the marker
# `komunigi_stream` (pytest.ini): the long in-process tests that `local` would otherwise
# finish alone run in `browsing`, after its clients (one run runs its tests in turn).
STREAMS = {
    "template": {"belgian_database", "upgrade", "uninstalls"},
    "browsing": {"fuzz_data", "browser"},
    "server": {"odoo_server", "prefork_server"},
}
HERE = os.path.dirname(os.path.abspath(__file__))


def _manifests():
    """bin/manifests.py, the one reader of the addons' manifests (scripts and suite)."""
    path = os.path.join(os.path.dirname(HERE), "bin", "manifests.py")
    spec = importlib.util.spec_from_file_location("komunigi_manifests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MANIFESTS = _manifests()
# The addons, dependencies first, as their manifests say.
ADDONS = tuple(MANIFESTS.addons(os.path.dirname(HERE)))


def stream_of(item):
    """The run of `make test` that `item` belongs to (see STREAMS)."""
    marker = item.get_closest_marker("komunigi_stream")
    if marker:
        return marker.args[0]
    if str(item.fspath).startswith(HERE + os.sep):
        fixtures = set(item.fixturenames)
        for stream, needs in STREAMS.items():
            if needs & fixtures:
                return stream
    return "local"


def pytest_collection_modifyitems(config, items):
    """With KOMUNIGI_TEST_STREAM set, keep only that stream's tests."""
    stream = os.environ.get("KOMUNIGI_TEST_STREAM")
    if not stream:
        return
    kept = [item for item in items if stream_of(item) == stream]
    config.hook.pytest_deselected(items=[i for i in items if stream_of(i) != stream])
    items[:] = kept


def environment(name):
    """The value `make test` exported, or a failure that says how to get it."""
    value = os.environ.get(name)
    if not value:
        pytest.fail("%s is not set: run these tests with `make test`" % name)
    return value


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_command(*args, command=None):
    """The Odoo command line with the test configuration (`command`: e.g. "shell")."""
    return (
        [
            environment("KOMUNIGI_PYTHON"),
            os.path.join(environment("KOMUNIGI_ROOT"), "bin", "odoo-launch.py"),
        ]
        + ([command] if command else [])
        + ["-c", environment("KOMUNIGI_ODOO_CONF")]
        + list(args)
    )


# The line each prefork worker logs when it starts; the pid is the worker's.
WORKER_ALIVE = re.compile(r"Worker WorkerHTTP \((\d+)\) alive")


def parent_pid(pid):
    """The parent of process `pid` (Linux), or None when it has ended."""
    try:
        with open("/proc/%d/status" % pid) as status:
            return int(re.search(r"^PPid:\s+(\d+)", status.read(), re.M).group(1))
    except FileNotFoundError:
        return None


class OdooServer:
    """Odoo in its own process: threaded (`workers=0`) or prefork (`workers` > 0)."""

    def __init__(self, database, log_path, workers=0):
        self.database = database
        self.log_path = log_path
        self.workers = workers
        self.port = free_port()
        self.longpolling_port = free_port() if workers else None
        self.url = "http://127.0.0.1:%d" % self.port
        self.process = None

    def options(self):
        """The command line options; a prefork server also serves long polling on
        its own port, and its time limits leave room for a busy shared machine."""
        options = [
            "-d",
            self.database,
            "--db-filter=^%s$" % re.escape(self.database),
            "--http-port=%d" % self.port,
            "--max-cron-threads=0",
            "--workers=%d" % self.workers,
            "--logfile=%s" % self.log_path,
        ]
        if self.workers:
            options += [
                "--longpolling-port=%d" % self.longpolling_port,
                "--limit-time-cpu=300",
                "--limit-time-real=600",
            ]
        return options

    def start(self, timeout=300):
        if os.path.exists(self.log_path):
            os.remove(self.log_path)
        self.process = subprocess.Popen(odoo_command(*self.options()))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                pytest.fail("Odoo stopped at start-up, see %s" % self.log_path)
            try:
                # The first page compiles the assets: slow on a busy machine.
                if requests.get(self.url + "/web/login", timeout=60).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.5)
        self.stop()
        pytest.fail("Odoo did not answer within %ss, see %s" % (timeout, self.log_path))

    def worker_pids(self, timeout=60):
        """The pids of the prefork server's HTTP workers, once all have started.

        Each worker logs "Worker WorkerHTTP (pid) alive"; its parent must be the
        server's process, or the server did not fork them.
        """
        deadline = time.time() + timeout
        while time.time() < deadline:
            pids = set(map(int, WORKER_ALIVE.findall(self.log())))
            if len(pids) >= self.workers:
                break
            time.sleep(0.5)
        else:
            pytest.fail(
                "%d workers did not start, see %s" % (self.workers, self.log_path)
            )
        return {pid for pid in pids if parent_pid(pid) == self.process.pid}

    def stop(self):
        """Odoo waits for open keep-alive connections on SIGTERM: a second signal ends it.

        A prefork server's workers leave when their parent has gone.
        """
        for signal_wait in (2, 10):
            self.process.terminate()
            try:
                self.process.wait(timeout=signal_wait)
                return
            except subprocess.TimeoutExpired:
                pass
        self.process.kill()
        self.process.wait()

    def log(self):
        with open(self.log_path) as handle:
            return handle.read()


@pytest.fixture(scope="session")
def odoo_server():
    server = OdooServer(
        environment("KOMUNIGI_TEST_DB"),
        os.path.join(
            environment("KOMUNIGI_LOG_DIR"),
            "%s-server.log" % environment("KOMUNIGI_TEST_DB"),
        ),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def belgian_database():
    """The Belgian hub of `make run` with the addons and their demo data, installed
    once for the tests that check it and those that uninstall a copy of it
    (tests/hub_database.py); dropped at the end."""
    # hub_database reads this module's helpers: imported when the fixture runs.
    from .hub_database import installed_hub  # noqa: PLC0415

    with installed_hub(environment("KOMUNIGI_TEST_DB") + "_hub") as name:
        yield name


@pytest.fixture(scope="module")
def prefork_server():
    """A second server on the test database, as production runs it: two worker
    processes (no cron worker: the tests trigger what they need)."""
    database = environment("KOMUNIGI_TEST_DB")
    server = OdooServer(
        database,
        os.path.join(environment("KOMUNIGI_LOG_DIR"), "%s-prefork.log" % database),
        workers=2,
    )
    server.start()
    yield server
    server.stop()
