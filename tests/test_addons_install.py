"""Each addon installs on a database without the rest of the suite, uninstalls cleanly.

The database starts as a copy of the template that holds only Odoo's own modules
(`make test` builds it once), so that the install is the one a co-op would do. One
`-i` of the addons installs each of them in dependency order, while the addons above it
are not there yet (what installing it alone does); they are then uninstalled one by
one from the top of the stack, and each uninstall must leave the addons below it
installed and nothing of its own behind. One install instead of one per addon keeps
`make test` within its time (about a minute instead of three).
"""

import json
import subprocess

import psycopg2
import pytest

from .conftest import ADDONS, environment, odoo_command

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


def run_sql(database, query, params=None):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


@pytest.fixture(scope="module")
def uninstalls():
    """Installs the four addons on a copy of the template, then uninstalls them from
    the top: {addon: {"states": {addon: state}, "leftovers": [[model, name]]}}."""
    name = "komunigi_install_probe"
    template = environment("KOMUNIGI_TEMPLATE_DB")
    run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)
    run_sql("postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
    try:
        subprocess.run(
            odoo_command(
                "-d",
                name,
                "-i",
                ",".join(UNINSTALL_ORDER),
                "--stop-after-init",
                "--log-level=warn",
            ),
            check=True,
        )
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
        run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)


@pytest.mark.parametrize("addon", UNINSTALL_ORDER)
def test_install_then_uninstall(uninstalls, addon):
    observed = uninstalls[addon]
    position = UNINSTALL_ORDER.index(addon)
    gone, below = UNINSTALL_ORDER[: position + 1], UNINSTALL_ORDER[position + 1 :]
    assert observed["states"] == dict(
        dict.fromkeys(gone, "uninstalled"), **dict.fromkeys(below, "installed")
    )
    assert observed["leftovers"] == []
