"""The addons in the Odoo a Belgian co-op already runs: `l10n_be`, `base_vat`, no demo data.

Three co-ops with complete addresses (BE, FR and CH, with valid VAT numbers) are invoiced
their dues: Belgian VAT for the Belgian one, reverse charge within the EU, export
outside. A second company then gets the Belgian chart, after the addons: the products
take its VAT too. The test has its own database, dropped at the end, so that the main
suite keeps its speed; it is a copy of a template built once, like `make test`'s.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import time

import pytest

from .conftest import ADDONS, MANIFESTS, environment, odoo_command
from .test_addons_install import run_sql

MARKER = "KOMUNIGI-L10N-BE:"

# Run by `odoo shell` in the Belgian database: co-ops, memberships from this month,
# the dues cron, then what each invoice got, printed as JSON after MARKER.
DUES_RUN = """
import json
from odoo import fields

company = env.user.company_id
company.country_id = env.ref("base.be")
Tier = env["komunigi.membership.tier"]
ADDRESSES = {
    "be": ("Rue Van Hammee 19", "1030", "Schaerbeek", "base.be", "BE0700000104"),
    "be_no_vat": ("Rue du Brou 33", "4800", "Verviers", "base.be", False),
    "fr": ("Rue de la Part-Dieu 110", "69003", "Lyon", "base.fr", "FR83300000007"),
    "fr_no_vat": ("Rue Oberkampf 3", "75011", "Paris", "base.fr", False),
    "ch": ("Rue de Carouge 47", "1205", "Geneve", "base.ch", "CHE-100.000.006 TVA"),
}
for key, (street, zip_, city, country, vat) in ADDRESSES.items():
    coop = env["res.partner"].create({
        "name": "Coop " + key, "is_company": True, "street": street, "zip": zip_,
        "city": city, "country_id": env.ref(country).id, "vat": vat,
    })
    env["komunigi.membership"].create({
        "partner_id": coop.id,
        "tier_id": env.ref("komunigi_membership.tier_active").id,
        "date_start": fields.Date.today()[:8] + "01",
    }).action_activate()
env["komunigi.membership"]._cron_invoice_dues()
result = {"tiers": sorted(
    (t.name, t.monthly_rate, t.has_voting_right) for t in Tier.search([])
)}
for key in ADDRESSES:
    invoice = env["account.invoice"].search([("partner_id.name", "=", "Coop " + key)])
    result[key] = {
        "invoices": len(invoice),
        "position": invoice.fiscal_position_id.get_external_id().get(
            invoice.fiscal_position_id.id
        ),
        "untaxed": invoice.amount_untaxed,
        "tax": invoice.amount_tax,
        "rates": invoice.mapped("invoice_line_ids.invoice_line_tax_ids.amount"),
    }
result["company_id"] = company.id
result["cofinancing_rates"] = env.ref(
    "komunigi_cofinancing.product_cofinancing"
).taxes_id.mapped("amount")

# A second company gets the Belgian chart now, after the addons.
chart = env.ref("l10n_be.l10nbe_chart_template")
second = env["res.company"].create({"name": "Second Belgian company"})
wizard = env["wizard.multi.charts.accounts"].create({
    "company_id": second.id,
    "chart_template_id": chart.id,
    "code_digits": chart.code_digits,
    "transfer_account_id": chart.transfer_account_id.id,
    "currency_id": chart.currency_id.id,
    "bank_account_code_prefix": chart.bank_account_code_prefix,
    "cash_account_code_prefix": chart.cash_account_code_prefix,
})
wizard.onchange_chart_template_id()
wizard.execute()
result["later_chart"] = {
    product: env.ref(xmlid).taxes_id.filtered(
        lambda t: t.company_id == second
    ).mapped("amount")
    for product, xmlid in [
        ("dues", "komunigi_membership.product_dues"),
        ("cofinancing", "komunigi_cofinancing.product_cofinancing"),
    ]
}
result["later_chart"]["automatic_positions"] = sorted(
    env["account.fiscal.position"].search(
        [("company_id", "=", second.id), ("auto_apply", "=", True)]
    ).mapped("name")
)
print(MARKER + json.dumps(result))
"""


def database_exists(name):
    return bool(
        run_sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    )


def filestore(name):
    root = environment("KOMUNIGI_ROOT")
    return os.path.join(root, ".local", "data", "filestore", name)


def drop_database(name):
    run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)
    shutil.rmtree(filestore(name), ignore_errors=True)


def install(database, modules, log):
    """Install `modules` without demo data; the log must hold no error."""
    subprocess.run(
        odoo_command(
            "-d",
            database,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            "--logfile=%s" % log,
        ),
        check=True,
    )
    with open(log) as handle:
        errors = [line for line in handle if " ERROR " in line or "Traceback" in line]
    assert errors == [], "the install logged errors, see %s" % log


def belgian_template():
    """Odoo's modules the addons depend on, with l10n_be and base_vat, no demo data.

    Built once, like `make test`'s template (its name changes with the modules), then
    copied for each run: the copy and the addons' install take a fraction of the time
    a new database takes. Parallel runs build it in turn.
    """
    root = environment("KOMUNIGI_ROOT")
    external = ",".join(MANIFESTS.external_dependencies(root))
    modules = external + ",l10n_be,base_vat"
    name = "komunigi_tmpl_be_" + hashlib.sha1(modules.encode()).hexdigest()[:12]
    with open(os.path.join(root, ".local", "l10n_be_template.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not database_exists(name):
            started = time.monotonic()
            building = name + "_build"
            drop_database(building)
            log = os.path.join(environment("KOMUNIGI_LOG_DIR"), "%s.log" % name)
            install(building, modules, log)
            run_sql("postgres", "ALTER DATABASE %s RENAME TO %s" % (building, name))
            if os.path.isdir(filestore(building)):
                os.rename(filestore(building), filestore(name))
            print("\nl10n_be template built: %.0f s" % (time.monotonic() - started))
    return name


@pytest.fixture(scope="module")
def belgian_database():
    """A copy of the Belgian template with the addons installed; dropped after."""
    template = belgian_template()
    name = environment("KOMUNIGI_TEST_DB") + "_l10n_be"
    drop_database(name)
    run_sql("postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(name))
    try:
        started = time.monotonic()
        log = os.path.join(environment("KOMUNIGI_LOG_DIR"), "%s.log" % name)
        install(name, ",".join(ADDONS), log)
        print("\nl10n_be: addons installed in %.0f s" % (time.monotonic() - started))
        yield name
    finally:
        drop_database(name)


@pytest.fixture(scope="module")
def dues_run(belgian_database):
    started = time.monotonic()
    shell = subprocess.run(
        odoo_command("-d", belgian_database, "--log-level=warn", command="shell"),
        input=("MARKER = %r\n" % MARKER + DUES_RUN).encode(),
        stdout=subprocess.PIPE,
        check=True,
    )
    print("\nl10n_be dues run: %.0f s" % (time.monotonic() - started))
    lines = [
        line[len(MARKER) :]
        for line in shell.stdout.decode().splitlines()
        if line.startswith(MARKER)
    ]
    assert len(lines) == 1, shell.stdout.decode()
    return json.loads(lines[0])


def position(result, template):
    """The xml id of the company's fiscal position made from the chart's template."""
    return "l10n_be.%d_fiscal_position_template_%d" % (result["company_id"], template)


def test_the_seeds_tiers_exist_without_demo_data(dues_run):
    assert dues_run["tiers"] == [
        ["Active", 25.0, True],
        ["Active plus", 35.0, True],
        ["Observer", 10.0, False],
    ]


def test_belgian_coop_pays_21_percent_vat(dues_run):
    invoice = dues_run["be"]
    assert invoice["invoices"] == 1
    assert invoice["position"] == position(dues_run, 1)  # Régime National
    assert invoice["rates"] == [21.0]
    assert invoice["untaxed"] == 25.0
    assert invoice["tax"] == 5.25


def test_french_coop_with_vat_number_is_reverse_charged(dues_run):
    invoice = dues_run["fr"]
    assert invoice["position"] == position(dues_run, 3)  # Régime Intra-Communautaire
    assert invoice["rates"] == [0.0]
    assert (invoice["untaxed"], invoice["tax"]) == (25.0, 0.0)


def test_swiss_coop_is_exported(dues_run):
    invoice = dues_run["ch"]
    assert invoice["position"] == position(dues_run, 2)  # Régime Extra-Communautaire
    assert invoice["rates"] == [0.0]
    assert (invoice["untaxed"], invoice["tax"]) == (25.0, 0.0)


@pytest.mark.parametrize("key", ["be_no_vat", "fr_no_vat"])
def test_eu_coop_without_vat_number_pays_belgian_vat(dues_run, key):
    invoice = dues_run[key]
    assert invoice["rates"] == [21.0]
    assert invoice["tax"] == 5.25


def test_cofinancing_product_carries_the_default_sale_tax(dues_run):
    assert dues_run["cofinancing_rates"] == [21.0]


def test_chart_installed_after_the_addons(dues_run):
    assert dues_run["later_chart"] == {
        "dues": [21.0],
        "cofinancing": [21.0],
        "automatic_positions": [
            "EU private (no VAT number)",
            "Régime Extra-Communautaire",
            "Régime Intra-Communautaire",
            "Régime National",
        ],
    }
