"""The Belgian intercooperation hub that `make run` serves, checked where it is made.

The database is a copy of the hub's template, built (or restored from the user's cache)
by the same code as `make run` (`bin/komunigi-env hub-template`), with the addons and
their demo data installed the way `make run` installs them. One Odoo shell reads it:

- the company: Belgian, in EUR, on Belgium's chart, with its name, VAT number and logo;
  the website: its name, English by default and the demo's four languages;
- every co-op of the seeds (demo/res_partner_demo.xml): its country and the fiscal
  position Odoo finds for it;
- a dues run for co-ops in Belgium, France and Switzerland, with and without a VAT
  number: Belgian VAT, reverse charge, export; amounts in EUR; each invoice's structured
  communication, valid, kept as the reference of its journal entry once validated;
- a second company given the Belgian chart after the addons: the products take its VAT,
  its positions are found by country and VAT number.
"""

import json
import os
import re
import subprocess
import time
from xml.etree import ElementTree

import pytest

from .conftest import odoo_command

MARKER = "KOMUNIGI-HUB:"
HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_PARTNERS = os.path.join(
    HERE, "..", "komunigi_membership", "demo", "res_partner_demo.xml"
)

# Run by `odoo shell` in the hub: what it holds, then a dues run of co-ops made here (the
# demo's memberships belong to the demo story), printed as JSON after MARKER.
HUB_CHECK = """
import json
from odoo import fields

company = env.ref("base.main_company")
website = env.ref("website.default_website")
result = {
    "company": {
        "name": company.name,
        "country": company.country_id.code,
        "currency": company.currency_id.name,
        "chart": company.chart_template_id.get_external_id().get(
            company.chart_template_id.id
        ),
        "vat": company.vat,
        "city": company.city,
        "logo": len(company.logo or b""),
    },
    "website": {
        "name": website.name,
        "default": website.default_lang_id.code,
        "languages": sorted(website.language_ids.mapped("code")),
        # The footer's first heading in each language (Odoo's sample replaced).
        "footer": {
            lang: env.ref("website.footer_default").with_context(lang=lang)
            .arch_db.split("<h4>")[1].split("</h4>")[0].strip()
            for lang in website.language_ids.mapped("code")
        },
    },
    "tiers": sorted(
        (t.name, t.monthly_rate, t.has_voting_right)
        for t in env["komunigi.membership.tier"].search([])
    ),
}

Position = env["account.fiscal.position"]
def external_id(record):
    return record.get_external_id().get(record.id)

result["seeds"] = {
    xmlid: {
        "country": env.ref("komunigi_membership." + xmlid).country_id.code,
        "position": external_id(
            Position.browse(
                Position.get_fiscal_position(env.ref("komunigi_membership." + xmlid).id)
            )
        ),
    }
    for xmlid in SEEDS
}

ADDRESSES = {
    "be": ("Rue Van Hammee 19", "1030", "Schaerbeek", "base.be", "BE0700000795"),
    "be_no_vat": ("Rue du Brou 33", "4800", "Verviers", "base.be", False),
    "fr": ("Rue de la Part-Dieu 110", "69003", "Lyon", "base.fr", "FR83300000007"),
    "fr_no_vat": ("Rue Oberkampf 3", "75011", "Paris", "base.fr", False),
    "ch": ("Rue de Carouge 47", "1205", "Geneve", "base.ch", "CHE-100.000.006 TVA"),
}
memberships = env["komunigi.membership"]
for key, (street, zip_, city, country, vat) in ADDRESSES.items():
    coop = env["res.partner"].create({
        "name": "Hub coop " + key, "is_company": True, "street": street, "zip": zip_,
        "city": city, "country_id": env.ref(country).id, "vat": vat,
    })
    memberships |= env["komunigi.membership"].create({
        "partner_id": coop.id,
        "tier_id": env.ref("komunigi_membership.tier_active").id,
        "date_start": fields.Date.today()[:8] + "01",
    })
memberships.action_activate()
run = memberships._invoice_dues(fields.Date.from_string(fields.Date.today()))
result["failed"] = [str(failure) for failure in run.failed]
for key in ADDRESSES:
    invoice = env["account.invoice"].search([("partner_id.name", "=", "Hub coop " + key)])
    result[key] = {
        "invoices": len(invoice),
        "position": external_id(invoice.fiscal_position_id),
        "currency": invoice.currency_id.name,
        "untaxed": invoice.amount_untaxed,
        "tax": invoice.amount_tax,
        "rates": invoice.mapped("invoice_line_ids.invoice_line_tax_ids.amount"),
        "reference_type": invoice.reference_type,
        "reference": invoice.reference,
    }
belgian = env["account.invoice"].search([("partner_id.name", "=", "Hub coop be")])
belgian.action_invoice_open()
result["be"]["entry_reference"] = belgian.move_id.ref

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

# The fiscal position of each co-op of the seeds (and of the providers), by the number of
# the Belgian chart's position template: 1 Régime National (Belgian VAT), 2 Régime
# Extra-Communautaire (export), 3 Régime Intra-Communautaire (reverse charge).
NATIONAL, EXPORT, REVERSE_CHARGE = 1, 2, 3
SEEDS = {
    "partner_coopiteasy": ("BE", NATIONAL),
    "partner_coopdevs": ("ES", REVERSE_CHARGE),
    "partner_bees": ("BE", NATIONAL),
    "partner_bloum": ("BE", NATIONAL),
    "partner_bablmarket": ("BE", NATIONAL),
    "partner_coopeco": ("BE", NATIONAL),
    "partner_lafeve": ("CH", EXPORT),
    "partner_lenid": ("CH", EXPORT),
    "partner_foodhub": ("DE", REVERSE_CHARGE),
    "partner_demain": ("FR", REVERSE_CHARGE),
    "partner_oufticoop": ("BE", NATIONAL),
    "partner_vervicoop": ("BE", NATIONAL),
}
STRUCTURED = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")


def demo_coops():
    """The record ids of the companies in the demo's partners."""
    root = ElementTree.parse(DEMO_PARTNERS).getroot()
    return sorted(
        record.get("id")
        for record in root.iter("record")
        if record.get("model") == "res.partner"
        and any(
            field.get("name") == "is_company" and field.get("eval") == "True"
            for field in record.iter("field")
        )
    )


@pytest.fixture(scope="module")
def hub(belgian_database):
    started = time.monotonic()
    script = "MARKER = %r\nSEEDS = %r\n" % (MARKER, sorted(SEEDS)) + HUB_CHECK
    shell = subprocess.run(
        odoo_command("-d", belgian_database, "--log-level=warn", command="shell"),
        input=script.encode(),
        stdout=subprocess.PIPE,
        check=True,
    )
    print("\nhub checks and dues run: %.0f s" % (time.monotonic() - started))
    lines = [
        line[len(MARKER) :]
        for line in shell.stdout.decode().splitlines()
        if line.startswith(MARKER)
    ]
    assert len(lines) == 1, shell.stdout.decode()
    return json.loads(lines[0])


def position(number):
    """The xml id of the main company's fiscal position made from the chart's template."""
    return "l10n_be.1_fiscal_position_template_%d" % number


def is_structured_communication(reference):
    """+++DDD/DDDD/DDDCC+++ where CC is the ten digits modulo 97 (97 for 0)."""
    match = STRUCTURED.match(reference or "")
    if not match:
        return False
    digits = "".join(match.groups())
    return (int(digits[:10]) % 97 or 97) == int(digits[10:])


def test_the_company_is_the_belgian_intercooperation_in_eur(hub):
    company = hub["company"]
    assert company["name"] == "Komunigi — intercoopération des supermarchés coopératifs"
    assert (company["country"], company["currency"]) == ("BE", "EUR")
    assert company["chart"] == "l10n_be.l10nbe_chart_template"
    assert (company["vat"], company["city"]) == (
        "BE0700000894",
        "Saint-Gilles (Bruxelles)",
    )
    logo = os.path.join(
        HERE, "..", "komunigi_membership", "static", "img", "komunigi_hub_logo.png"
    )
    # Odoo keeps images in base64: 4 characters for 3 bytes.
    assert company["logo"] == 4 * ((os.path.getsize(logo) + 2) // 3)


def test_the_website_is_the_hubs_in_five_languages(hub):
    assert hub["website"] == {
        "name": "Komunigi",
        "default": "en_US",
        "languages": ["de_DE", "en_US", "es_ES", "fr_FR", "nl_BE"],
        "footer": {
            "de_DE": "Die Interkooperation",
            "en_US": "The intercooperation",
            "es_ES": "La intercooperación",
            "fr_FR": "L'intercoopération",
            "nl_BE": "De intercoöperatie",
        },
    }


def test_the_seeds_tiers_exist(hub):
    assert hub["tiers"] == [
        ["Active", 25.0, True],
        ["Active plus", 35.0, True],
        ["Observer", 10.0, False],
    ]


def test_every_coop_of_the_seeds_has_its_country_and_fiscal_position(hub):
    assert sorted(SEEDS) == demo_coops()
    assert hub["seeds"] == {
        xmlid: {"country": country, "position": position(number)}
        for xmlid, (country, number) in SEEDS.items()
    }


def test_dues_run_invoices_every_coop_in_eur(hub):
    assert hub["failed"] == []
    for key in ("be", "be_no_vat", "fr", "fr_no_vat", "ch"):
        assert (hub[key]["invoices"], hub[key]["currency"]) == (1, "EUR"), key
        assert hub[key]["untaxed"] == 25.0, key


def test_belgian_coop_pays_21_percent_vat(hub):
    invoice = hub["be"]
    assert invoice["position"] == position(NATIONAL)
    assert (invoice["rates"], invoice["tax"]) == ([21.0], 5.25)


def test_french_coop_with_vat_number_is_reverse_charged(hub):
    invoice = hub["fr"]
    assert invoice["position"] == position(REVERSE_CHARGE)
    assert (invoice["rates"], invoice["tax"]) == ([0.0], 0.0)


def test_swiss_coop_is_exported(hub):
    invoice = hub["ch"]
    assert invoice["position"] == position(EXPORT)
    assert (invoice["rates"], invoice["tax"]) == ([0.0], 0.0)


@pytest.mark.parametrize("key", ["be_no_vat", "fr_no_vat"])
def test_eu_coop_without_vat_number_pays_belgian_vat(hub, key):
    assert (hub[key]["rates"], hub[key]["tax"]) == ([21.0], 5.25)


def test_dues_invoices_carry_a_structured_communication(hub):
    references = [hub[key]["reference"] for key in ("be", "be_no_vat", "fr", "ch")]
    assert [hub[key]["reference_type"] for key in ("be", "fr", "ch")] == ["bba"] * 3
    assert all(map(is_structured_communication, references)), references
    assert len(set(references)) == len(references)
    # A payment quoting it finds the journal entry of the validated invoice.
    assert hub["be"]["entry_reference"] == hub["be"]["reference"]


def test_chart_installed_after_the_addons(hub):
    assert hub["later_chart"] == {
        "dues": [21.0],
        "cofinancing": [21.0],
        "automatic_positions": [
            "EU private (no VAT number)",
            "Régime Extra-Communautaire",
            "Régime Intra-Communautaire",
            "Régime National",
        ],
    }
