"""Each addon installs on a database without the rest of the suite, uninstalls cleanly.

The addons are installed as a co-op would, into the Belgian hub of `make run` (one
`-i` installs each of them in dependency order, while the addons above it are not
there yet: what installing it alone does; tests/hub_database.py, shared with the hub's
checks of tests/test_l10n_be.py so that `make test` installs them there once). A copy
of it is then uninstalled one addon at a time from the top of the stack: each
uninstall must leave the addons below it installed and nothing of its own behind.
"""

import json
import subprocess

import pytest

from .conftest import ADDONS, odoo_command
from .databases import copy_database, drop_database, run_sql

# Top of the stack first (the manifests' order reversed): the order in which they can
# be uninstalled one by one.
UNINSTALL_ORDER = tuple(reversed(ADDONS))
MARKER = "KOMUNIGI_UNINSTALLS="

# Uninstalls each addon in turn and records, after each, the state of every addon and
# the data the uninstalled one still owns. Accounting history is never deleted: the
# products and the partners (co-ops) that invoices use stay.
UNINSTALL_SCRIPT = """
import json
Module = env["ir.module.module"]
observed = {}
for addon in %(order)r:
    Module.search([("name", "=", addon)]).button_immediate_uninstall()
    env.cr.execute(
        "SELECT name, state FROM ir_module_module WHERE name IN %%s", (%(order)r,))
    states = dict(env.cr.fetchall())
    env.cr.execute(
        "SELECT d.model, d.name FROM ir_model_data d WHERE d.module = %%s "
        "AND d.model NOT IN ('product.product', 'product.template') "
        "AND NOT (d.model = 'res.partner' AND EXISTS (SELECT 1 FROM account_invoice i "
        "WHERE d.res_id IN (i.partner_id, i.commercial_partner_id)))", (addon,))
    observed[addon] = {"states": states, "leftovers": env.cr.fetchall()}
print(%(marker)r + json.dumps(observed))
"""


@pytest.fixture(scope="module")
def uninstalls(belgian_database):
    """Uninstalls the four addons from the top of a copy of the installed hub:
    {addon: {"states": {addon: state}, "leftovers": [[model, name]]}}."""
    name = "komunigi_install_probe"
    copy_database(belgian_database, name)
    try:
        installed = dict(
            run_sql(
                name,
                "SELECT name, state FROM ir_module_module WHERE name IN %s",
                (UNINSTALL_ORDER,),
            )
        )
        assert installed == dict.fromkeys(UNINSTALL_ORDER, "installed")
        script = UNINSTALL_SCRIPT % {"order": UNINSTALL_ORDER, "marker": MARKER}
        shell = subprocess.run(
            odoo_command("-d", name, "--log-level=warn", command="shell"),
            input=script.encode(),
            stdout=subprocess.PIPE,
            check=True,
        )
        lines = shell.stdout.decode().splitlines()
        yield json.loads(
            next(line for line in lines if line.startswith(MARKER))[len(MARKER) :]
        )
    finally:
        drop_database(name)


@pytest.mark.parametrize("addon", UNINSTALL_ORDER)
def test_install_then_uninstall(uninstalls, addon):
    observed = uninstalls[addon]
    position = UNINSTALL_ORDER.index(addon)
    gone, below = UNINSTALL_ORDER[: position + 1], UNINSTALL_ORDER[position + 1 :]
    assert observed["states"] == dict(
        dict.fromkeys(gone, "uninstalled"), **dict.fromkeys(below, "installed")
    )
    assert observed["leftovers"] == []
