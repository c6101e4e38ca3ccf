# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our code and data as the oracle tests and the MES benchmark read them, written once.

Python 3.9+ without Odoo: a file of the repository is loaded by its path (its addon's
``__init__`` imports Odoo and is not run). ``benchmarks/bench_mes_vs_pabutools.py``
puts this folder on ``sys.path`` to import it.
"""

import importlib.util
import os

from pabutools.election import (
    AbstractApprovalProfile,
    Additive_Cardinal_Sat,
    Cost_Sat,
    parse_pabulib,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(*parts):
    """The module of ``ROOT/<parts>.py``, loaded by path.

    For files that import nothing of the repository relatively: ``lib/pabulib.py``
    (which finds its sibling ``mes`` itself) and the tests' plain-data modules.
    """
    path = os.path.join(ROOT, *parts) + ".py"
    name = "komunigi_" + "_".join(parts)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pabulib_folder(folder=None):
    """The folder of ``.pb`` files: the one given, ``$KOMUNIGI_PABULIB_DIR`` or
    ``tests/data/pabulib`` (copies of ``../shared/pabulib``)."""
    return (
        folder
        or os.environ.get("KOMUNIGI_PABULIB_DIR")
        or os.path.join(ROOT, "tests", "data", "pabulib")
    )


def pabutools_input(path):
    """pabutools' (instance, profile, satisfaction class) of a ``.pb`` file: approvals
    valued at the cost (Cost_Sat), points as given (Additive_Cardinal_Sat)."""
    instance, profile = parse_pabulib(path)
    if isinstance(profile, AbstractApprovalProfile):
        return instance, profile, Cost_Sat
    return instance, profile, Additive_Cardinal_Sat
