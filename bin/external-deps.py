"""Print the Odoo modules the komunigi addons depend on, outside the suite itself.

The test set-up installs them once into a template database (see bin/komunigi-env).
"""

import ast
import glob
import os
import sys


def external_dependencies(root):
    ours, deps = set(), set()
    for manifest in glob.glob(os.path.join(root, "komunigi_*", "__manifest__.py")):
        ours.add(os.path.basename(os.path.dirname(manifest)))
        with open(manifest) as handle:
            deps.update(ast.literal_eval(handle.read()).get("depends", []))
    return sorted(deps - ours)


if __name__ == "__main__":
    print(",".join(external_dependencies(sys.argv[1])))
