"""Fixtures of the suite-level tests: a real Odoo HTTP server on the test database.

`make test` (bin/komunigi-env) exports where the configuration, the database and the
Python that runs Odoo are; the server runs in its own process, like in production.
"""

import os
import re
import socket
import subprocess
import time

import pytest
import requests


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


class OdooServer:
    def __init__(self, database, log_path):
        self.database = database
        self.log_path = log_path
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.process = None

    def start(self, timeout=300):
        if os.path.exists(self.log_path):
            os.remove(self.log_path)
        self.process = subprocess.Popen(
            odoo_command(
                "-d",
                self.database,
                "--db-filter=^%s$" % re.escape(self.database),
                "--http-port=%d" % self.port,
                "--max-cron-threads=0",
                "--workers=0",
                "--logfile=%s" % self.log_path,
            )
        )
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

    def stop(self):
        """Odoo waits for open keep-alive connections on SIGTERM: a second signal ends it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
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
