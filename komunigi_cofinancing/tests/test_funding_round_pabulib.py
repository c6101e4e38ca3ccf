# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import os

import pytest

from odoo.exceptions import UserError

from ..lib import mes, pabulib
from .common import CofinancingCase

# The real instances take long: run beside the browsing clients rather than in
# `local`, the long run of `make test` (tests/conftest.py, STREAMS).
pytestmark = pytest.mark.komunigi_stream("browsing")

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data", "pabulib")


class TestFundingRoundPabulib(CofinancingCase):
    def wizard(self, funding_round, text=None):
        values = {"round_id": funding_round.id}
        if text is not None:
            values["data"] = base64.b64encode(text.encode("utf-8"))
        return self.env["komunigi.funding.round.pabulib"].create(values)

    def import_file(self, name, **round_values):
        funding_round = self.env["komunigi.funding.round"].create(
            dict({"name": name, "date_to": "2030-01-01"}, **round_values)
        )
        with open(os.path.join(DATA, name)) as handle:
            text = handle.read()
        self.wizard(funding_round, text).action_import()
        return funding_round, pabulib.parse(text)

    def test_imported_round_decides_as_the_file(self):
        name = "poland_warszawa_2017_plac-wojska-polskiego.pb"
        funding_round, pb = self.import_file(name, rule="mes", tie_breaking="pabutools")
        self.assertEqual(len(funding_round.participant_ids), len(pb.votes))
        self.assertEqual(len(funding_round.request_ids), len(pb.projects))
        expected = mes.compute(pabulib.election(pb), "mes", "pabutools").selected
        funding_round.action_open()
        funding_round.action_close()
        by_reference = {
            row["project_id"]: row.get("name") or row["project_id"]
            for row in pb.projects
        }
        self.assertEqual(
            sorted(funding_round.selected_request_ids.mapped("title")),
            sorted(by_reference[ref] for ref in expected),
        )
        for cofinancing in funding_round.cofinancing_ids:
            self.assertAlmostEqual(
                sum(cofinancing.share_ids.mapped("amount")), cofinancing.amount_total, 2
            )

    def test_export_round_trip(self):
        name = "poland_zabrze_2020_osiedle-mlodego-gornika.pb"
        funding_round, pb = self.import_file(name)
        action = self.wizard(funding_round).action_export()
        self.assertIn("download=true", action["url"])
        exported_wizard = self.env["komunigi.funding.round.pabulib"].search(
            [("round_id", "=", funding_round.id), ("filename", "!=", False)]
        )
        exported = pabulib.parse(base64.b64decode(exported_wizard.data).decode("utf-8"))
        self.assertEqual(len(exported.votes), len(pb.votes))
        self.assertEqual(
            sorted(float(p["cost"]) for p in exported.projects),
            sorted(float(p["cost"]) for p in pb.projects),
        )
        self.assertEqual(
            sorted(v["vote"] != "" for v in exported.votes),
            sorted(v["vote"] != "" for v in pb.votes),
        )

    def test_bad_file_writes_nothing(self):
        funding_round = self.env["komunigi.funding.round"].create(
            {"name": "Bad", "date_to": "2030-01-01"}
        )
        with self.assertFails(UserError):
            self.wizard(funding_round, "META\nkey;value\nbudget;100\n").action_import()
        self.assertFalse(funding_round.request_ids)
        self.assertFalse(funding_round.participant_ids)
        with open(os.path.join(DATA, "poland_gdansk_2020_mlyniska.pb")) as handle:
            cumulative = handle.read()
        with self.assertFails(UserError):
            self.wizard(funding_round, cumulative).action_import()
        self.assertFalse(funding_round.participant_ids)
