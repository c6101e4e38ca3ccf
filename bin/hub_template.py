"""The Belgian intercooperation hub of `make run`, in two steps of its template database.

bin/komunigi-env (build_hub_template) pipes this file into `odoo shell` with one of the
steps appended as a call, `make_the_company_belgian(env)` or `brand_the_hub(env)`
(KOMUNIGI_ROOT in the environment: the clone, where the logo is):

1. after `base` (with its demo data), before `account`: the main company becomes the
   intercooperation, in Brussels, in EUR. `account`'s own post-install then chooses
   Belgium's chart of accounts and base_vat for it (`_auto_install_l10n`; `l10n_be` is
   also named in the modules to install), and the sale pricelist is in EUR from the start;
2. after the modules and the languages: the website's name (the demo's second website
   keeps its own) and its footer, in the five languages (what a coordinator would write
   with the website's editor, instead of Odoo's sample text), and the structured communication (`+++xxx/xxxx/xxxxx+++`) as the
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
# The footer's texts that replace Odoo's sample ones, and their translations (Odoo keeps
# a view's translations term by term).
FOOTER = {
    "en_US": (
        "The intercooperation",
        "Twelve cooperative supermarkets in Belgium, France, Switzerland, Germany and "
        "Spain share one software and one provider: together they choose the "
        "developments to come, vote on them and share their cost.",
        "Each co-op's representatives follow its membership, its requests, its votes "
        "and its co-financings on their co-op's pages.",
    ),
    "fr_FR": (
        "L'intercoopération",
        "Douze supermarchés coopératifs de Belgique, de France, de Suisse, "
        "d'Allemagne et d'Espagne partagent un logiciel et un prestataire : ensemble, "
        "ils choisissent les développements à venir, les votent et en partagent le coût.",
        "Les représentants de chaque coopérative suivent son adhésion, ses demandes, "
        "ses votes et ses cofinancements sur les pages de leur coopérative.",
    ),
    "nl_BE": (
        "De intercoöperatie",
        "Twaalf coöperatieve supermarkten in België, Frankrijk, Zwitserland, Duitsland "
        "en Spanje delen één software en één leverancier: samen kiezen ze de komende "
        "ontwikkelingen, stemmen erover en delen de kosten.",
        "De vertegenwoordigers van elke coöperatie volgen haar lidmaatschap, "
        "aanvragen, stemmingen en cofinancieringen op de pagina's van hun coöperatie.",
    ),
    "de_DE": (
        "Die Interkooperation",
        "Zwölf genossenschaftliche Supermärkte in Belgien, Frankreich, der Schweiz, "
        "Deutschland und Spanien teilen eine Software und einen Dienstleister: gemeinsam "
        "wählen sie die nächsten Entwicklungen, stimmen darüber ab und teilen die Kosten.",
        "Die Vertreter jeder Genossenschaft verfolgen ihre Mitgliedschaft, Anfragen, "
        "Abstimmungen und Kofinanzierungen auf den Seiten ihrer Genossenschaft.",
    ),
    "es_ES": (
        "La intercooperación",
        "Doce supermercados cooperativos de Bélgica, Francia, Suiza, Alemania y España "
        "comparten un software y un proveedor: juntos eligen los próximos desarrollos, "
        "los votan y reparten su coste.",
        "Los representantes de cada cooperativa siguen su adhesión, sus solicitudes, "
        "sus votos y sus cofinanciaciones en las páginas de su cooperativa.",
    ),
}
SAMPLE_FOOTER = (
    "Our Products &amp; Services",
    "We are a team of passionate people whose goal is to improve everyone's\n"
    "                            life through disruptive products. We build great "
    "products to solve your\n                            business problems.",
    "Our products are designed for small to medium size companies willing to "
    "optimize\n                            their performance.",
)
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


def footer_arch(arch, texts):
    """The footer's arch with Odoo's sample texts replaced by `texts`."""
    for sample, text in zip(SAMPLE_FOOTER, texts):
        assert sample in arch, "Odoo's footer changed: %r is not in it" % sample
        arch = arch.replace(sample, text.replace("&", "&amp;"))
    return arch


def translate_footer(env, footer, lang):
    """The footer's new terms in `lang`, as the translation editor would save them."""
    Translation = env["ir.translation"]
    for source, value in zip(FOOTER["en_US"], FOOTER[lang]):
        key = {
            "name": "ir.ui.view,arch_db",
            "type": "model",
            "res_id": footer.id,
            "lang": lang,
            "src": source,
        }
        found = Translation.search([(field, "=", v) for field, v in key.items()])
        values = {"value": value, "state": "translated"}
        if found:
            found.write(values)
        else:
            Translation.create(dict(key, module="website", **values))


def brand_the_hub(env):
    """Step 2: the website's name and footer, the invoices' structured communication."""
    company = env.ref("base.main_company")
    env.ref("website.default_website").name = "Komunigi"
    footer = env.ref("website.footer_default").with_context(lang="en_US")
    footer.arch_db = footer_arch(footer.arch_db, FOOTER["en_US"])
    for lang in set(FOOTER) & set(env["res.lang"].search([]).mapped("code")):
        if lang != "en_US":
            translate_footer(env, footer, lang)
    env["ir.default"].set(
        "res.partner", "out_inv_comm_type", "bba", company_id=company.id
    )
    env.cr.commit()
