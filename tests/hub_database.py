"""The Belgian hub of `make run`, with the addons installed, for the template stream.

Installing the four addons with their demo data costs about three minutes of CPU: it
is done once per run of `make test` (the session fixture `belgian_database` of
tests/conftest.py). tests/test_l10n_be.py checks the hub on it, and
tests/test_addons_install.py uninstalls the addons from a copy of it.
"""

import os
import subprocess
import time
from contextlib import contextmanager

from .conftest import ADDONS, environment, odoo_command
from .databases import copy_database, drop_database


def hub_template():
    """The hub's template, built or restored by `make run`'s own code (its name last)."""
    started = time.monotonic()
    output = subprocess.run(
        [
            os.path.join(environment("KOMUNIGI_ROOT"), "bin", "komunigi-env"),
            "hub-template",
        ],
        stdout=subprocess.PIPE,
        check=True,
    )
    print("\nhub template ready: %.0f s" % (time.monotonic() - started))
    return output.stdout.decode().split()[-1]


def install_addons(name):
    """The four addons and their demo data into `name`, as `make run` installs them;
    the log must hold no error."""
    started = time.monotonic()
    log = os.path.join(environment("KOMUNIGI_LOG_DIR"), "%s.log" % name)
    subprocess.run(
        odoo_command(
            "-d",
            name,
            "-i",
            ",".join(ADDONS),
            "--stop-after-init",
            "--log-level=warn",
            "--logfile=%s" % log,
        ),
        check=True,
    )
    with open(log) as handle:
        errors = [line for line in handle if " ERROR " in line or "Traceback" in line]
    assert errors == [], "the install logged errors, see %s" % log
    print("\nhub: addons installed in %.0f s" % (time.monotonic() - started))


@contextmanager
def installed_hub(name):
    """A copy of the hub's template named `name`, with the addons; dropped after."""
    copy_database(hub_template(), name)
    try:
        install_addons(name)
        yield name
    finally:
        drop_database(name)
