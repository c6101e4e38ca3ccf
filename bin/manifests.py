"""What the komunigi addons' manifests say, read once for the scripts and the tests.

    python bin/manifests.py addons ROOT         the addons, dependencies first
    python bin/manifests.py external-deps ROOT  the Odoo modules they need from outside
    python bin/manifests.py template ROOT       the template database: name modules languages
    python bin/manifests.py hub-template ROOT   the Belgian hub's template, the same three

The addons are the folders of ROOT whose ``__manifest__.py`` says they are installable:
adding one needs no list to edit (bin/komunigi-env installs, tests and translates each;
the suite-level tests install each alone). Standard library only: it runs on the
Python that runs Odoo and on the tools' Python.
"""

import ast
import glob
import hashlib
import os
import sys

# The languages of the demo's representatives (komunigi_membership/demo/res_lang_demo.xml),
# loaded into the template database once: each install of the addons then reads only their
# own .po files, instead of every module's translations (about a minute for four).
TEMPLATE_LANGUAGES = ("fr_FR", "nl_BE", "de_DE", "es_ES")

# What the Belgian hub that `make run` serves adds to the modules the addons need: Belgium's
# chart of accounts and the structured communication of its invoices. bin/hub_template.py
# makes the main company Belgian before `account` installs and brands it with the logo:
# both files make the template too, so they are part of its name (HUB_FILES).
HUB_MODULES = ("l10n_be", "l10n_be_invoice_bba")
HUB_FILES = (
    "bin/hub_template.py",
    "komunigi_membership/static/img/komunigi_hub_logo.png",
)


def manifests(root):
    """{addon: its manifest} for the installable addons of `root`."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "*", "__manifest__.py"))):
        with open(path) as handle:
            manifest = ast.literal_eval(handle.read())
        if manifest.get("installable", True):
            found[os.path.basename(os.path.dirname(path))] = manifest
    return found


def addons(root):
    """The addons of `root`, each after the addons it depends on (by name otherwise)."""
    found = manifests(root)
    ordered = []

    def visit(addon):
        if addon in found and addon not in ordered:
            for dependency in found[addon].get("depends", []):
                visit(dependency)
            ordered.append(addon)

    for addon in found:
        visit(addon)
    return ordered


def external_dependencies(root):
    """The Odoo modules the addons depend on, outside the addons themselves."""
    found = manifests(root)
    deps = {dep for manifest in found.values() for dep in manifest.get("depends", [])}
    return sorted(deps - set(found))


def template(root):
    """The template database that `make test` and `make run` copy (bin/komunigi-env),
    named after what it holds: (name, its modules, its languages), comma-separated."""
    modules = ",".join(external_dependencies(root))
    languages = ",".join(TEMPLATE_LANGUAGES)
    content = ("%s %s" % (modules, languages)).encode()
    return "komunigi_tmpl_" + hashlib.sha1(content).hexdigest()[:12], modules, languages


def hub_template(root):
    """The template database of the Belgian hub that `make run` serves (bin/komunigi-env):
    (name, its modules, its languages), named after them and after how it is made."""
    modules = ",".join(external_dependencies(root) + list(HUB_MODULES))
    languages = ",".join(TEMPLATE_LANGUAGES)
    digest = hashlib.sha1(("%s %s" % (modules, languages)).encode())
    for path in HUB_FILES:
        with open(os.path.join(root, path), "rb") as handle:
            digest.update(handle.read())
    return "komunigi_tmpl_be_hub_" + digest.hexdigest()[:12], modules, languages


if __name__ == "__main__":
    command, root = sys.argv[1:3]
    if command in ("template", "hub-template"):
        print(" ".join((template if command == "template" else hub_template)(root)))
    else:
        listing = addons if command == "addons" else external_dependencies
        print(",".join(listing(root)))
