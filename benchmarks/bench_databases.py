# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmarks' name of the template database `make test` builds, written once.

``bench_dues_invoicing.py`` and ``bench_portal_load.py`` import it (their folder is on
``sys.path`` when they run as scripts).
"""

import hashlib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def template_database(python=sys.executable):
    """The template `make test` builds: named after the hash of its module list, as
    bin/komunigi-env names it (`python` runs bin/manifests.py)."""
    deps = subprocess.run(
        [python, os.path.join(ROOT, "bin", "manifests.py"), "external-deps", ROOT],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return "komunigi_tmpl_" + hashlib.sha1(deps.encode()).hexdigest()[:12]
