"""Write each addon's README.rst from its readme/ fragments, as OCA's tooling does.

Usage: python bin/gen-addon-readme.py [addon...]   (no addon: every addon of the tree)
The pre-commit hook runs it so that README.rst never drifts from the fragments; its
Changelog section is readme/HISTORY.rst, which towncrier writes from the news fragments
(`bin/komunigi-env changelog`).

Not a PyPI generator: OCA's `oca-gen-addon-readme` is not on PyPI, and
`gen-odoo-readme` writes Spanish headings and a vendor's logo into every README.
"""

import ast
import os
import sys

SECTIONS = [
    ("DESCRIPTION.rst", None),
    ("INSTALL.rst", "Installation"),
    ("CONFIGURE.rst", "Configuration"),
    ("USAGE.rst", "Usage"),
    ("ROADMAP.rst", "Known issues / Roadmap"),
    ("HISTORY.rst", "Changelog"),
    ("CONTRIBUTORS.rst", "Contributors"),
]


def title(text, underline):
    return "%s\n%s\n" % (text, underline * len(text))


def render(addon_dir):
    with open(os.path.join(addon_dir, "__manifest__.py")) as handle:
        manifest = ast.literal_eval(handle.read())
    parts = [
        "=" * len(manifest["name"]),
        manifest["name"],
        "=" * len(manifest["name"]),
        "",
        "*This file is generated from the readme/ fragments: edit those instead.*",
        "",
    ]
    for filename, heading in SECTIONS:
        path = os.path.join(addon_dir, "readme", filename)
        if not os.path.exists(path):
            continue
        if heading:
            parts.append(title(heading, "="))
        with open(path) as handle:
            parts.append(handle.read().strip() + "\n")
    parts.append(title("Authors", "="))
    parts.append("* %s\n" % manifest["author"])
    parts.append("License: %s\n" % manifest["license"])
    return "\n".join(parts)


def main(addons):
    for addon in addons:
        with open(os.path.join(addon, "README.rst"), "w") as handle:
            handle.write(render(addon))


if __name__ == "__main__":
    ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(ROOT, "bin"))
    from manifests import addons as tree_addons

    main(sys.argv[1:] or [os.path.join(ROOT, name) for name in tree_addons(ROOT)])
