# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmarks' name of the template database `make test` builds, written once.

``bench_dues_invoicing.py`` and ``bench_portal_load.py`` import it (their folder is on
``sys.path`` when they run as scripts).
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def template_database():
    """The template `make test` builds, as bin/manifests.py names it for
    bin/komunigi-env (it reads the manifests as text: any Python 3 gives the same)."""
    output = subprocess.run(
        [sys.executable, os.path.join(ROOT, "bin", "manifests.py"), "template", ROOT],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return output.split()[0]
