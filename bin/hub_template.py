"""The Belgian intercooperation hub of `make run`, in two steps of its template database.

bin/komunigi-env (build_hub_template) pipes this file into `odoo shell` with one of the
steps appended as a call, `make_the_company_belgian(env)` or `brand_the_hub(env)`
(KOMUNIGI_ROOT in the environment: the clone, where the logo is):

1. after `base` (with its demo data), before `account`: the main company becomes the
   intercooperation, in Brussels, in EUR. `account`'s own post-install then chooses
   Belgium's chart of accounts and base_vat for it (`_auto_install_l10n`; `l10n_be` is
   also named in the modules to install), and the sale pricelist is in EUR from the start;
2. after the modules and the languages: the website's name (the demo's second website
   keeps its own), and the structured communication (`+++xxx/xxxx/xxxxx+++`) as the
   default payment reference of the company's customers, `l10n_be_invoice_bba`'s own
   setting: a dues invoice then carries one, and the bank statement lines that quote it
   reconcile with it.

The demo's co-ops and their dues come with the addons' demo data, later. Standard
library and `env` only (it runs inside Odoo's shell).
"""

import base64
import os

HUB_NAME = "Komunigi — intercoopération des supermarchés coopératifs"
HUB_COMPANY = {
    "name": HUB_NAME,
    "street": "Rue Fernand Bernier 15",
    "zip": "1060",
    "city": "Saint-Gilles (Bruxelles)",
    "phone": "+32 2 000 00 00",
    "email": "info@komunigi.example",
    "website": "https://komunigi.example",
    # A number that passes base_vat's checksum (installed with the Belgian chart).
    "vat": "BE0700000894",
    "company_registry": "0700.000.894",
}
LOGO = os.path.join("komunigi_membership", "static", "img", "komunigi_hub_logo.png")


def read_logo():
    """The hub's logo (drawn for komunigi), base64 as Odoo's image fields keep it."""
    with open(os.path.join(os.environ["KOMUNIGI_ROOT"], LOGO), "rb") as handle:
        return base64.b64encode(handle.read())


def make_the_company_belgian(env):
    """Step 1: the intercooperation as the main company, before `account` installs."""
    euro = env.ref("base.EUR")
    euro.active = True
    company = env.ref("base.main_company")
    company.write(
        dict(
            HUB_COMPANY,
            country_id=env.ref("base.be").id,
            currency_id=euro.id,
            logo=read_logo(),
        )
    )
    env.cr.commit()


def brand_the_hub(env):
    """Step 2: the website's name and the invoices' structured communication."""
    company = env.ref("base.main_company")
    env.ref("website.default_website").name = "Komunigi"
    env["ir.default"].set(
        "res.partner", "out_inv_comm_type", "bba", company_id=company.id
    )
    env.cr.commit()
