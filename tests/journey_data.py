# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the browser journeys need in the database, made through the addons' public
methods over JSON-RPC as the coordinator (admin): the journeys depend on the demo story
for its co-ops and logins only, find their own records by id, and never change a
record another server test reads."""

from datetime import date, timedelta

import pytest

from .test_portal_concurrency import Rpc, moment

M = "komunigi_membership."


class JourneyData:
    """The admin's JSON-RPC, and the records the journeys start from."""

    def __init__(self, rpc):
        self.rpc = rpc
        self.coops = {
            "bees": rpc.xmlid(M + "partner_bees"),
            "oufticoop": rpc.xmlid(M + "partner_oufticoop"),
            "demain": rpc.xmlid(M + "partner_demain"),
        }

    def read(self, model, record_id, fields):
        return self.rpc(model, "read", [record_id], fields)[0]

    def estimated_request(self, title, coop="bees", hours=10):
        """A request estimated by the provider: ready for a session or a round."""
        request_id = self.rpc(
            "komunigi.request",
            "create",
            {
                "title": title,
                "partner_id": self.coops[coop],
                "estimate_hours": hours,
                "hourly_rate": 50,
            },
        )
        for step in ("action_submit", "action_start_analysis", "action_estimate"):
            self.rpc("komunigi.request", step, [request_id])
        return request_id

    def issued_dues_invoice(self, coop="bees"):
        """A validated dues invoice of the co-op: its oldest, or the periods due
        today invoiced and validated by the coordinator when it has none yet."""
        membership = self.rpc.xmlid(M + "membership_" + coop)
        domain = [("membership_id", "=", membership), ("invoice_id", "!=", False)]

        def invoices(states):
            dues = self.rpc(
                "komunigi.membership.dues",
                "search_read",
                domain + [("invoice_id.state", "in", states)],
                fields=["invoice_id"],
            )
            return sorted({d["invoice_id"][0] for d in dues})

        if not invoices(["open", "paid"]):
            if not invoices(["draft"]):
                self.rpc(
                    "komunigi.membership", "action_invoice_due_periods", [membership]
                )
            self.rpc("account.invoice", "action_invoice_open", invoices(["draft"]))
        return self.read(
            "account.invoice", invoices(["open", "paid"])[0], ["number", "partner_id"]
        )

    def session(self, request_ids, name="Intercoop meeting", opened=True):
        """A session whose voting window is now, with a yes/no item on the first
        request and an approval item on all of them; opened unless asked."""
        session_id = self.rpc(
            "komunigi.session",
            "create",
            {
                "name": name,
                "date": date.today().isoformat(),
                "voting_opens": moment(hours=-1),
                "voting_closes": moment(days=1),
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Develop the first request?",
                            "method": "yes_no",
                            "request_ids": [(6, 0, request_ids[:1])],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Which requests do we need?",
                            "method": "approval",
                            "request_ids": [(6, 0, request_ids)],
                        },
                    ),
                ],
            },
        )
        if opened:
            self.rpc("komunigi.session", "action_open", [session_id])
        return session_id

    def cofinancing(self, name, total, coops, pledge=0, **values):
        """A co-financing of `coops`, each pledging `pledge`: open for commitments
        unless the pledges cover the total."""
        return self.rpc(
            "komunigi.cofinancing",
            "create",
            dict(
                values,
                name=name,
                amount_total=total,
                share_ids=[
                    (0, 0, {"partner_id": self.coops[c], "pledge": pledge})
                    for c in coops
                ],
            ),
        )

    def open_round(self, budgets, request_ids):
        """A funding round open now: `budgets` by co-op, the requests on offer."""
        round_id = self.rpc(
            "komunigi.funding.round",
            "create",
            {
                "name": "Spring funding round",
                "date_to": (date.today() + timedelta(days=30)).isoformat(),
                "participant_ids": [
                    (0, 0, {"partner_id": self.coops[c], "budget": b})
                    for c, b in budgets.items()
                ],
                "request_ids": [(6, 0, request_ids)],
            },
        )
        self.rpc("komunigi.funding.round", "action_open", [round_id])
        return round_id


def journey_data_fixture():
    """The module fixture `journey_data`."""

    @pytest.fixture(scope="module", name="journey_data")
    def data(odoo_server):
        return JourneyData(Rpc(odoo_server))

    return data
