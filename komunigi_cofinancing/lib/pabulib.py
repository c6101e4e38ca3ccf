# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read and write pabulib ``.pb`` files, and decide them from the command line.

The format (pabulib.org): three ``;``-separated sections, ``META`` (``key;value``
rows), ``PROJECTS`` and ``VOTES`` (a header row, then one row per project or voter);
fields may be quoted like CSV. :func:`parse` keeps every field as text, in order, so
:func:`dumps` writes the file back; :func:`election` reads it as pabutools 1.2.3 does
(budget from ``META``, one voter per ballot with an equal share of the budget, approval
ballots valued at the project's cost, cumulative and scoring ballots at their points).

Command line (Python 3.7+, no Odoo)::

    python3 pabulib.py FILE.pb --rule {mes,mes-add1,greedy,mes-add1u} \\
        --tie-breaking {default,pabutools} [--exact]

prints ``{"selected": [...], "payments": {project: {voter: amount}}}`` as JSON,
amounts as floats, or exact fractions as strings with ``--exact``.

This module uses its sibling ``mes``; :func:`_sibling` imports it from the package
(``odoo.addons.komunigi_cofinancing.lib``) when this module was imported from there,
and otherwise first loads this folder as the package ``komunigi_lib`` (``mes`` imports
its own parts relatively), so the file also works as a script or when loaded with
``importlib.util.spec_from_file_location``.
"""

import argparse
import csv
import importlib
import importlib.util
import io
import json
import os
import sys
from fractions import Fraction


def _sibling(name):
    """The module ``name`` of this folder, however this module was loaded."""
    return importlib.import_module("." + name, __package__ or _folder_package())


def _folder_package():
    """This folder loaded as the package ``komunigi_lib`` (once), for file-path use."""
    if "komunigi_lib" not in sys.modules:
        folder = os.path.dirname(os.path.abspath(__file__))
        spec = importlib.util.spec_from_file_location(
            "komunigi_lib",
            os.path.join(folder, "__init__.py"),
            submodule_search_locations=[folder],
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules["komunigi_lib"] = package
        spec.loader.exec_module(package)
    return "komunigi_lib"


mes = _sibling("mes")


def _(text):
    """Mark ``text`` for Odoo's translation extractor; the Odoo layer translates."""
    return text


class PabulibError(ValueError):
    """A file this module cannot read; ``msgid % params`` explains why."""

    def __init__(self, msgid, **params):
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params)


SECTIONS = ("meta", "projects", "votes")
APPROVAL_TYPES = ("approval", "choose-1")
POINT_TYPES = ("cumulative", "scoring")


class PabulibFile:
    """The three sections of a file, every field kept as text.

    ``meta``: dict in file order; ``projects`` and ``votes``: lists of dicts keyed by
    their section's ``project_columns`` / ``vote_columns`` (the header rows; by default
    every key met, in order of appearance). The first project column is the project
    id, conventionally ``project_id``.
    """

    def __init__(self, meta, projects, votes, project_columns=None, vote_columns=None):
        self.meta = dict(meta)
        self.projects = [dict(row) for row in projects]
        self.votes = [dict(row) for row in votes]
        self.project_columns = list(project_columns or _columns(self.projects))
        self.vote_columns = list(vote_columns or _columns(self.votes))

    def __eq__(self, other):
        return isinstance(other, PabulibFile) and vars(self) == vars(other)

    def __repr__(self):
        description = self.meta.get("description", "")
        return (
            f"<PabulibFile {description}: {len(self.projects)} projects, "
            f"{len(self.votes)} votes>"
        )


def _columns(rows):
    columns = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def parse(text):
    """A :class:`PabulibFile` from the text of a ``.pb`` file."""
    sections = {}
    headers = {}
    section = None
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        name = row[0].strip().lower()
        if name in SECTIONS:
            section = name
            sections[section] = []
            if section != "meta":
                headers[section] = [column.strip() for column in next(reader, [])]
        elif section == "meta" and not sections["meta"] and name == "key":
            continue  # the META header row, absent from some files
        elif section is None:
            raise PabulibError(
                _("Line %(line)s: the file must start with META."),
                line=reader.line_num,
            )
        else:
            sections[section].append((reader.line_num, [cell.strip() for cell in row]))
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(_("The file has no %(section)s section."), section=name)
    return PabulibFile(
        {row[0]: row[1] if len(row) > 1 else "" for _line, row in sections["meta"]},
        _rows(headers["projects"], sections["projects"]),
        _rows(headers["votes"], sections["votes"]),
        headers["projects"],
        headers["votes"],
    )


def _rows(header, rows):
    """Rows as dicts keyed by the header, refusing rows longer than it."""
    result = []
    for line, row in rows:
        if len(row) > len(header):
            raise PabulibError(
                _("Line %(line)s has %(count)s fields but its header only %(header)s."),
                line=line,
                count=len(row),
                header=len(header),
            )
        result.append(dict(zip(header, row)))
    return result


def read(path):
    """Parse the ``.pb`` file at ``path`` (UTF-8, with or without BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse(handle.read())


def dumps(pb):
    """The text of a ``.pb`` file for ``pb`` (a :class:`PabulibFile`)."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\n")
    output.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(pb.meta.items())
    for name, columns, rows in (
        ("PROJECTS", pb.project_columns, pb.projects),
        ("VOTES", pb.vote_columns, pb.votes),
    ):
        output.write(name + "\n")
        writer.writerow(columns)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return output.getvalue()


def write(pb, path):
    """Write ``pb`` to ``path`` in UTF-8."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(dumps(pb))


def _number(text, what):
    """A field as a number, whole numbers as ``int`` (cheaper to hash and to add
    up); pabulib writes some decimals with a comma."""
    if text.strip().lstrip("+-").isdigit():
        return int(text)
    try:
        value = Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(
            _("%(what)s: %(value)s is not a number."), what=what, value=text
        ) from None
    return value.numerator if value.denominator == 1 else value


def _listed(field):
    """The items of a comma-separated field ("" or "None": none)."""
    if field.strip().lower() == "none":
        return []
    return [item.strip() for item in field.split(",") if item.strip()]


def election(pb):
    """The :class:`mes.Election` of the file, as pabutools 1.2.3 reads it."""
    for key in ("budget", "vote_type"):
        if key not in pb.meta:
            raise PabulibError(_("The META section has no %(key)s."), key=key)
    vote_type = pb.meta["vote_type"].strip().lower()
    if vote_type not in APPROVAL_TYPES + POINT_TYPES:
        raise PabulibError(
            _("The rules cannot use %(vote_type)s ballots."), vote_type=vote_type
        )
    id_column = pb.project_columns[0]
    costs = {
        row[id_column]: _number(row.get("cost", ""), row[id_column])
        for row in pb.projects
    }
    ballots = {}
    for index, vote in enumerate(pb.votes):
        voter = vote.get("voter_id", str(index))
        if voter in ballots:
            raise PabulibError(_("The voter %(voter)s votes twice."), voter=voter)
        ballots[voter] = _ballot(vote, voter, vote_type, costs)
    budget = _number(pb.meta["budget"], "budget")
    endowment = Fraction(budget, len(ballots)) if ballots else budget
    if vote_type in APPROVAL_TYPES:
        return mes.approval_election(costs, ballots, endowment, budget)
    return mes.Election(costs, ballots, endowment, budget)


def _ballot(vote, voter, vote_type, costs):
    """One ballot: the approved projects, or ``{project: points}``."""
    projects = _listed(vote.get("vote", ""))
    for project in projects:
        if project not in costs:
            raise PabulibError(
                _(
                    "The voter %(voter)s votes for %(project)s, not a project of the "
                    "file."
                ),
                voter=voter,
                project=project,
            )
    if vote_type in APPROVAL_TYPES:
        return projects
    points = _listed(vote.get("points", ""))
    if len(points) != len(projects):
        raise PabulibError(
            _("The voter %(voter)s gives %(points)s points for %(projects)s projects."),
            voter=voter,
            points=len(points),
            projects=len(projects),
        )
    return {project: _number(point, voter) for project, point in zip(projects, points)}


def _amount(value, exact):
    if exact:
        return str(value)
    return float(value)


def main(argv=None):
    """Command line: decide a ``.pb`` file by a rule and print the outcome as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a pabulib .pb file")
    parser.add_argument("--rule", choices=mes.RULES, default="mes-add1u")
    parser.add_argument("--tie-breaking", choices=mes.TIE_BREAKINGS, default="default")
    parser.add_argument(
        "--exact", action="store_true", help="amounts as exact fractions (strings)"
    )
    arguments = parser.parse_args(argv)
    try:
        outcome = mes.compute(
            election(read(arguments.file)), arguments.rule, arguments.tie_breaking
        )
    except (OSError, ValueError) as error:
        parser.exit(2, f"{arguments.file}: {error}\n")
    json.dump(
        {
            "selected": outcome.selected,
            "payments": {
                project: {
                    voter: _amount(amount, arguments.exact)
                    for voter, amount in shares.items()
                }
                for project, shares in outcome.payments.items()
            },
        },
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
