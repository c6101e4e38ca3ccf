# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo co-ops' VAT numbers pass the checks of `base_vat`, installed in every
Belgian Odoo: an invalid number stops the demo data from installing there.

Odoo 11's `base_vat` checks the EU numbers with `vatnumber`, i.e. python-stdnum's
checksums, and the Swiss ones with its own rule (the new UID format needs its
MWST, TVA or IVA suffix).
"""

import os
import unittest
from xml.etree import ElementTree

from stdnum.ch import vat as swiss_vat
from stdnum.eu import vat as eu_vat

DEMO = os.path.join(os.path.dirname(__file__), "..", "demo", "res_partner_demo.xml")


def demo_vat_numbers():
    """(record id, VAT number) of the demo partners that have one."""
    root = ElementTree.parse(DEMO).getroot()
    return [
        (record.get("id"), field.text)
        for record in root.iter("record")
        for field in record.iter("field")
        if field.get("name") == "vat"
    ]


def is_valid(number):
    if number.startswith("CH"):
        suffixed = number.upper().endswith(("MWST", "TVA", "IVA"))
        return suffixed and swiss_vat.is_valid(number)
    return eu_vat.is_valid(number)


class TestDemoVatNumbers(unittest.TestCase):
    def test_every_demo_vat_number_is_valid(self):
        numbers = demo_vat_numbers()
        self.assertGreaterEqual(len(numbers), 10)
        self.assertEqual(
            [(xmlid, vat) for xmlid, vat in numbers if not is_valid(vat)], []
        )
