# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""pabulib .pb files (lib/pabulib.py): pure Python, no database."""

import glob
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import types
from fractions import Fraction as F

import pytest

from ..lib import pabulib

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")


APPROVAL = """META
key;value
description;Komunigi round 2026-1
country;Belgium
unit;Komunigi
instance;2026-1
num_projects;3
num_votes;4
budget;1000,5
vote_type;approval
rule;mes-add1u
PROJECTS
project_id;cost;name;votes
REQ-1;600;"Shift reminders; e-mails";3
REQ-2;400;"The ""wallet"" for customers";2
REQ-3;300;Shelf labels;0
VOTES
voter_id;vote
BEES;REQ-1,REQ-2
Nid;REQ-1
Demain;REQ-2,REQ-1
Feve;
"""

CUMULATIVE = """META
key;value
description;Points
budget;30
vote_type;cumulative
max_sum_points;3
PROJECTS
project_id;cost
X;12
Y;9
VOTES
voter_id;vote;points
a;X,Y;2,1
b;X;1
c;Y;3
"""


def _write(tmp_path, text, name="round.pb"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_parse_keeps_every_field_as_text_in_order():
    pb = pabulib.parse(APPROVAL)
    assert pb.meta["budget"] == "1000,5"
    assert list(pb.meta)[:2] == ["description", "country"]
    assert pb.project_columns == ["project_id", "cost", "name", "votes"]
    assert pb.projects[0]["name"] == "Shift reminders; e-mails"
    assert pb.projects[1]["name"] == 'The "wallet" for customers'
    assert pb.vote_columns == ["voter_id", "vote"]
    assert pb.votes[3] == {"voter_id": "Feve", "vote": ""}
    assert "4 votes" in repr(pb)


def test_export_writes_the_same_text_back():
    assert pabulib.dumps(pabulib.parse(APPROVAL)) == APPROVAL
    assert pabulib.dumps(pabulib.parse(CUMULATIVE)) == CUMULATIVE


def test_read_and_write_files(tmp_path):
    pb = pabulib.read(_write(tmp_path, "\ufeff" + APPROVAL))
    out = str(tmp_path / "copy.pb")
    pabulib.write(pb, out)
    with open(out, encoding="utf-8", newline="") as handle:
        assert handle.read() == APPROVAL
    assert pabulib.read(out) == pb


def test_export_of_a_round_built_from_scratch():
    pb = pabulib.PabulibFile(
        {"description": "Round", "budget": "100", "vote_type": "approval"},
        [{"project_id": "A", "cost": "60"}, {"project_id": "B", "cost": "40"}],
        [{"voter_id": "x", "vote": "A,B"}, {"voter_id": "y", "vote": "B"}],
    )
    assert pb.project_columns == ["project_id", "cost"]
    text = pabulib.dumps(pb)
    assert text.startswith("META\nkey;value\ndescription;Round\n")
    assert "VOTES\nvoter_id;vote\nx;A,B\ny;B\n" in text
    assert pabulib.parse(text) == pb


def test_meta_without_header_row_keeps_its_first_key():
    pb = pabulib.parse(APPROVAL.replace("key;value\n", "", 1))
    assert pb.meta["description"] == "Komunigi round 2026-1"


def _shared_files():
    """The 60 real instances the repository keeps (tests/data/pabulib)."""
    folder = os.environ.get("KOMUNIGI_PABULIB_DIR") or os.path.join(
        LIB, "..", "..", "tests", "data", "pabulib"
    )
    files = sorted(glob.glob(os.path.join(folder, "*.pb")))
    assert files, "no .pb files in %s" % folder
    return files


def test_round_trip_of_the_shared_pabulib_files():
    for path in _shared_files():
        pb = pabulib.read(path)
        assert pabulib.parse(pabulib.dumps(pb)) == pb, path
        assert len(pb.votes) == int(pb.meta["num_votes"]), path
        assert len(pb.projects) == int(pb.meta["num_projects"]), path


def test_approval_election_values_ballots_at_the_cost():
    election = pabulib.election(pabulib.parse(APPROVAL))
    assert election.projects == ["REQ-1", "REQ-2", "REQ-3"]
    assert election.voters == ["BEES", "Nid", "Demain", "Feve"]
    assert election.budget_limit == F(20010, 20)
    assert election.endowments == [F(20010, 80)] * 4
    assert election.approvals == [3, 2, 0]
    assert election.total_utility == [1800, 800, 0]


def test_every_voter_gets_an_exact_share_of_the_budget():
    election = pabulib.election(
        pabulib.parse(CUMULATIVE.replace("budget;30", "budget;31"))
    )
    assert election.endowments == [F(31, 3)] * 3
    assert all(isinstance(endowment, F) for endowment in election.endowments)


def test_cumulative_election_uses_the_points():
    election = pabulib.election(pabulib.parse(CUMULATIVE))
    assert election.total_utility == [3, 4]
    outcome = pabulib.mes.method_of_equal_shares(election)
    assert outcome.payments == {
        "Y": {"a": F(9, 4), "c": F(27, 4)},
        "X": {"a": F(31, 4), "b": F(17, 4)},
    }


def test_command_line_prints_json(tmp_path, capsys):
    path = _write(tmp_path, APPROVAL)
    pabulib.main([path, "--rule", "mes", "--tie-breaking", "pabutools"])
    printed = json.loads(capsys.readouterr().out)
    # REQ-1: 600 / 3 = 200 each of 250.125; then Nid is out of money for REQ-2:
    # BEES and Demain have 50.125 each left, not 400.
    assert printed == {
        "selected": ["REQ-1"],
        "payments": {"REQ-1": {"BEES": 200.0, "Nid": 200.0, "Demain": 200.0}},
    }
    pabulib.main([path, "--rule", "mes-add1u", "--exact"])
    printed = json.loads(capsys.readouterr().out)
    assert printed["selected"] == ["REQ-1", "REQ-2"]
    assert printed["payments"]["REQ-2"] == {"BEES": "200", "Demain": "200"}


def test_command_line_runs_as_a_script(tmp_path):
    path = _write(tmp_path, CUMULATIVE)
    script = os.path.join(LIB, "pabulib.py")
    result = subprocess.run(
        [sys.executable, script, path, "--rule", "greedy", "--exact"],
        stdout=subprocess.PIPE,
        check=True,
    )
    printed = json.loads(result.stdout.decode("utf-8"))
    assert printed["selected"] == ["Y", "X"]
    assert printed["payments"]["X"] == {"a": "6", "b": "6"}


def test_command_line_reports_bad_files(tmp_path, capsys):
    path = _write(tmp_path, APPROVAL.replace("REQ-2,REQ-1", "REQ-7"))
    with pytest.raises(SystemExit) as caught:
        pabulib.main([path])
    assert caught.value.code == 2
    assert "votes for REQ-7, not a project of the file" in capsys.readouterr().err


def test_loads_its_sibling_from_the_package_when_imported_from_one():
    package = types.ModuleType("komunigi_fake_lib")
    package.__path__ = [LIB]
    sys.modules["komunigi_fake_lib"] = package
    try:
        module = importlib.import_module("komunigi_fake_lib.pabulib")
        assert module.mes is sys.modules["komunigi_fake_lib.mes"]
    finally:
        for name in (
            "komunigi_fake_lib",
            "komunigi_fake_lib.pabulib",
            "komunigi_fake_lib.mes",
        ):
            sys.modules.pop(name, None)


def _error(text, call=None):
    with pytest.raises(pabulib.PabulibError) as caught:
        (call or pabulib.election)(pabulib.parse(text))
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == error.msgid % error.params
    return str(error)


def test_errors_explain_themselves():
    assert _error(APPROVAL.replace("VOTES\nvoter_id;vote\n", "", 1), lambda pb: pb) == (
        "The file has no votes section."
    )
    assert _error("budget;1\n" + APPROVAL, lambda pb: pb) == (
        "Line 1: the file must start with META."
    )
    assert _error(
        APPROVAL.replace("Shelf labels;0", "Shelf labels;0;extra"), lambda pb: pb
    ) == ("Line 16 has 5 fields but its header only 4.")
    assert _error(APPROVAL.replace("Feve;", "Feve;REQ-9")) == (
        "The voter Feve votes for REQ-9, not a project of the file."
    )
    assert _error(APPROVAL.replace("Nid;", "BEES;")) == "The voter BEES votes twice."
    assert _error(APPROVAL.replace("budget;1000,5\n", "")) == (
        "The META section has no budget."
    )
    assert _error(APPROVAL.replace("budget;1000,5", "budget;lots")) == (
        "budget: lots is not a number."
    )
    assert _error(APPROVAL.replace("REQ-3;300", "REQ-3;cheap")) == (
        "REQ-3: cheap is not a number."
    )
    assert _error(APPROVAL.replace("vote_type;approval", "vote_type;ordinal")) == (
        "The rules cannot use ordinal ballots."
    )
    assert _error(CUMULATIVE.replace("a;X,Y;2,1", "a;X,Y;2")) == (
        "The voter a gives 1 points for 2 projects."
    )
