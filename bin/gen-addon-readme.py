"""Write each addon's README.rst from its readme/ fragments, as OCA's tooling does.

Usage: python bin/gen-addon-readme.py komunigi_membership [more addons...]
The pre-commit hook runs it so that README.rst never drifts from the fragments.
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
    main(sys.argv[1:])
