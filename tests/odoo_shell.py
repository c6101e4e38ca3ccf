# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scripts run in `odoo shell` on the test database, as the suite's tests prepare
their data and read what the server did (a process of its own, committed data)."""

import json
import subprocess

from .conftest import environment, odoo_command

# The start of the data scripts that add requests and sessions tagged with the time of
# the run, so that a second run on the same database finds its own: `ref`,
# `moment(**delta)` (a datetime string from now), `tag`, the models `Request` and
# `Session`, the demo co-ops `bees` and `ouf`.
TAGGED_DATA = """
import json
from datetime import datetime, timedelta
from odoo import fields

def ref(xmlid):
    return env.ref(xmlid)

def moment(**delta):
    return fields.Datetime.to_string(datetime.now() + timedelta(**delta))

tag = datetime.now().strftime("%Y%m%d%H%M%S%f")
Request = env["komunigi.request"]
Session = env["komunigi.session"]
bees = ref("komunigi_membership.partner_bees")
ouf = ref("komunigi_membership.partner_oufticoop")
"""


def run_shell(script, timeout=300, **names):
    """Run `script` in `odoo shell` on the test database, `names` defined first as
    Python literals; its standard output (a failing script fails the test)."""
    header = "".join("%s = %r\n" % item for item in names.items())
    result = subprocess.run(
        odoo_command(
            "-d", environment("KOMUNIGI_TEST_DB"), "--log-level=warn", command="shell"
        ),
        input=header + script,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, "the shell script failed:\n%s\n%s" % (
        result.stdout,
        result.stderr,
    )
    return result.stdout


def shell_facts(script, marker, timeout=300, **names):
    """The JSON the script prints last after `marker` (which it knows as MARKER)."""
    output = run_shell(script, timeout, MARKER=marker, **names)
    lines = [line for line in output.splitlines() if line.startswith(marker)]
    assert lines, "the shell script printed no %s:\n%s" % (marker, output)
    return json.loads(lines[-1][len(marker) :])
