"""What the komunigi addons' manifests say, read once for the scripts and the tests.

    python bin/manifests.py addons ROOT         the addons, dependencies first
    python bin/manifests.py external-deps ROOT  the Odoo modules they need from outside

The addons are the folders of ROOT whose ``__manifest__.py`` says they are installable:
adding one needs no list to edit (bin/komunigi-env installs, tests and translates each;
the suite-level tests install each alone). Standard library only: it runs on the
Python that runs Odoo and on the tools' Python.
"""

import ast
import glob
import os
import sys


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


if __name__ == "__main__":
    command, root = sys.argv[1:3]
    listing = addons if command == "addons" else external_dependencies
    print(",".join(listing(root)))
