"""Each addon installs on a database without the rest of the suite, uninstalls cleanly.

The database starts as a copy of the template that holds only Odoo's own modules
(`make test` builds it once), so that each case is the install a co-op would do.
"""

import subprocess

import psycopg2
import pytest

from .conftest import ADDONS, environment, odoo_command


def run_sql(database, query, params=None):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


@pytest.fixture
def scratch_database():
    name = "komunigi_install_probe"
    template = environment("KOMUNIGI_TEMPLATE_DB")
    run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)
    run_sql("postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
    yield name
    run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)


def module_state(database, addon):
    rows = run_sql(
        database, "SELECT state FROM ir_module_module WHERE name = %s", (addon,)
    )
    return rows[0][0] if rows else None


@pytest.mark.parametrize("addon", ADDONS)
def test_install_then_uninstall(scratch_database, addon):
    subprocess.run(
        odoo_command(
            "-d", scratch_database, "-i", addon, "--stop-after-init", "--log-level=warn"
        ),
        check=True,
    )
    assert module_state(scratch_database, addon) == "installed"

    uninstall = (
        "modules = env['ir.module.module']\n"
        "modules.search([('name', '=', %r)]).button_immediate_uninstall()\n" % addon
    )
    subprocess.run(
        odoo_command("-d", scratch_database, "--log-level=warn", command="shell"),
        input=uninstall.encode(),
        check=True,
    )
    assert module_state(scratch_database, addon) == "uninstalled"
    # Products stay when invoices use them: accounting history is never deleted.
    leftovers = run_sql(
        scratch_database,
        "SELECT model, name FROM ir_model_data WHERE module = %s "
        "AND model NOT IN ('product.product', 'product.template')",
        (addon,),
    )
    assert leftovers == []
