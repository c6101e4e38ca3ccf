# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.1.0: the requests each closed agenda item approved, from its stored tally."""

import json
from fractions import Fraction

from openupgradelib import openupgrade


def approved_by_tally(item):
    """The requests the old tally approved: the request of an adopted yes/no item;
    for approval and score items, once the quorum was reached, those whose share of
    approvals or mean score reached the majority. A ranking approved none."""
    if item["method"] == "yes_no":
        return item["request_ids"] if item["outcome"] == "adopted" else []
    if item["method"] not in ("approval", "score") or not item["quorum_reached"]:
        return []
    data = json.loads(item["result_data"] or "{}")
    if item["method"] == "approval":
        ballots = data.get("ballots") or 0
        totals = data.get("totals", {})
        return [
            request
            for request in item["request_ids"]
            if ballots
            and Fraction(totals.get(str(request), 0), ballots) >= item["majority"]
        ]
    means = data.get("means", {})
    return [
        request
        for request in item["request_ids"]
        if means.get(str(request)) is not None
        and Fraction(means[str(request)]) >= item["majority"] * 5
    ]


def record_approved_requests(env):
    """Closed items now keep the requests they approved (a stored list the
    portal, the newsletter and the ranking's seats read)."""
    env.cr.execute(
        """
        SELECT item.id, item.method, item.outcome, item.quorum_reached,
            item.majority, item.result_data,
            array_remove(array_agg(rel.komunigi_request_id), NULL)
        FROM komunigi_session_item item
        JOIN komunigi_session session ON session.id = item.session_id
        LEFT JOIN komunigi_request_komunigi_session_item_rel rel
            ON rel.komunigi_session_item_id = item.id
        WHERE session.state = 'closed' AND item.proposal_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM komunigi_session_item_approved_rel approved
                            WHERE approved.item_id = item.id)
        GROUP BY item.id
        """
    )
    columns = [
        "id", "method", "outcome", "quorum_reached", "majority", "result_data",
        "request_ids",
    ]  # fmt: skip
    for row in env.cr.fetchall():
        item = dict(zip(columns, row))
        item["majority"] = Fraction(str(item["majority"]))
        for request in approved_by_tally(item):
            env.cr.execute(
                "INSERT INTO komunigi_session_item_approved_rel (item_id, request_id) "
                "VALUES (%s, %s)",
                (item["id"], request),
            )


@openupgrade.migrate()
def migrate(env, version):
    record_approved_requests(env)
    # Every ballot of 11.0.1.0.0 was counted.
    openupgrade.logged_query(
        env.cr,
        "UPDATE komunigi_session_item SET uncounted_count = 0 "
        "WHERE uncounted_count IS NULL",
    )
