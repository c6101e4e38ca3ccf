# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The invariants of money and votes across the life cycle (issue 9, item 8).

Each `check_*` function raises an AssertionError that names the record and the rule
broken. They read what the co-ops were actually invoiced (invoice lines), what the
decisions actually stored and what the newsletters actually link to; the expectations
come from the scenario (`dues_ledger.DuesLedger`) or from the records' own relations,
never from the method under test (the newsletters' links: newsletter_link_check.py).
The year replayed (`test_year_replay.py`) and the state machine
(`test_state_machine.py`) check them after every step.
"""

from fractions import Fraction

CENT = Fraction(1, 100)
LIVE = ("draft", "open", "paid")
AFTER_APPROVAL = ("approved", "funded", "development", "delivered")
# The request states a co-financing state allows (the life cycle of the readme).
REQUEST_STATES_OF_COFINANCING = {
    "open": ("draft", "submitted", "analysis", "estimated", "vote", "approved"),
    "funded": ("funded", "development", "delivered"),
    "invoiced": ("funded", "development"),
    "done": ("delivered",),
}


def exact(amount):
    """A monetary float as an exact number of cents."""
    return Fraction(round(amount * 100), 100)


# --- dues ------------------------------------------------------------------------------
def dues_net(env, coop):
    """Invoiced minus credited dues of `coop`, untaxed, read from its invoice lines."""
    products = env["komunigi.membership.tier"].with_context(active_test=False)
    products = products.search([]).mapped("product_id")
    lines = env["account.invoice.line"].search(
        [
            ("invoice_id.partner_id", "=", coop.id),
            ("invoice_id.state", "in", LIVE),
            ("product_id", "in", products.ids),
        ]
    )
    return sum(
        (
            -exact(line.price_subtotal)
            if line.invoice_id.type == "out_refund"
            else exact(line.price_subtotal)
            for line in lines
        ),
        Fraction(0),
    )


def check_dues(env, ledger, coops):
    """Each co-op's dues invoiced minus credited equal its billable periods at their
    rates (the scenario's ledger), to the cent; no period is invoiced twice."""
    for coop in coops:
        expected = ledger.expected_net(coop.id)
        actual = dues_net(env, coop)
        assert actual == expected, "%s: dues invoiced net %s, expected %s" % (
            coop.name,
            float(actual),
            float(expected),
        )
        starts = env["komunigi.membership.dues"].search([("partner_id", "=", coop.id)])
        keys = [(d.membership_id.id, d.period_start) for d in starts]
        assert len(keys) == len(set(keys)), "%s: a period invoiced twice" % coop.name


# --- co-financings ---------------------------------------------------------------------
def billed_by_coop(env, cofinancing):
    """{co-op: invoiced minus credited} of a co-financing, from its live invoices."""
    billed = {}
    links = env["komunigi.cofinancing.invoice"].search(
        [("share_id.cofinancing_id", "=", cofinancing.id)]
    )
    for link in links.filtered(lambda link: link.invoice_id.state in LIVE):
        invoice = link.invoice_id
        sign = -1 if invoice.type == "out_refund" else 1
        coop = link.share_id.partner_id
        billed[coop] = billed.get(coop, 0) + sign * exact(invoice.amount_untaxed)
    return billed


def commitment(share):
    """What the co-op committed to pay: its pledge (or the share it accepted), or
    the price it agreed to when it joined after delivery."""
    joined = share.invoice_link_ids.filtered(lambda link: link.kind == "join")
    return max([exact(share.pledge)] + [exact(link.amount) for link in joined])


def fully_invoiced(record):
    """Every milestone invoiced, and each share's milestone invoice that was
    cancelled issued again (the last word of the money of a co-financing)."""
    milestones = record.milestone_ids
    if not milestones or not all(milestones.mapped("invoiced")):
        return False
    for share in record.share_ids:
        links = share.invoice_link_ids.filtered(lambda link: link.kind == "milestone")
        live = links.filtered(lambda link: link.invoice_id.state in LIVE)
        if links.mapped("milestone_id") != live.mapped("milestone_id"):
            return False
    return True


def check_cofinancings(env, cofinancings):
    """Invoiced minus credited equals the total once fully invoiced; no co-op is
    billed above its commitment; a co-op that never committed is billed nothing;
    each share is invoiced once per milestone."""
    for record in cofinancings:
        billed = billed_by_coop(env, record)
        for share in record.share_ids:
            paid = billed.get(share.partner_id, 0)
            assert paid <= commitment(share), "%s: %s billed %s above %s" % (
                record.name,
                share.partner_id.name,
                float(paid),
                float(commitment(share)),
            )
            if "commitment" in share._fields and share.commitment == "none":
                assert not paid, "%s: %s billed %s without committing" % (
                    record.name,
                    share.partner_id.name,
                    float(paid),
                )
            live = share.invoice_link_ids.filtered(
                lambda link: link.kind == "milestone" and link.invoice_id.state in LIVE
            )
            milestones = live.mapped("milestone_id")
            assert len(milestones) == len(live), "%s: %s invoiced twice a milestone" % (
                record.name,
                share.partner_id.name,
            )
        if fully_invoiced(record):
            due = exact(record.amount_total)
            due -= exact(record.pot_amount) + exact(record.provider_share_amount)
            total = sum(billed.values(), Fraction(0))
            assert total == due, "%s: invoiced net %s, total %s" % (
                record.name,
                float(total),
                float(due),
            )


# --- requests --------------------------------------------------------------------------
def decisions(env, request):
    """(day, approved) of each closed decision on `request`: session items, rounds."""
    found = []
    items = env["komunigi.session.item"].search(
        [("request_ids", "in", request.ids), ("session_id.state", "=", "closed")]
    )
    for item in items:
        found.append((item.session_id.date, request in item.approved_request_ids))
    if "komunigi.funding.round.line" in env:
        lines = env["komunigi.funding.round.line"].search(
            [("request_id", "=", request.id), ("round_id.state", "=", "closed")]
        )
        found += [(line.round_id.date_to, line.selected) for line in lines]
    return sorted(found)


def check_requests(env, requests):
    """Each request's state agrees with its open and closed sessions, its rounds and
    its co-financings."""
    for request in requests:
        state, name = request.state, request.display_title
        in_session = env["komunigi.session.item"].search_count(
            [("request_ids", "in", request.ids), ("session_id.state", "=", "open")]
        )
        assert not in_session or state == "vote", "%s: %s on an open session" % (
            name,
            state,
        )
        if "komunigi.funding.round.line" in env:
            on_offer = env["komunigi.funding.round.line"].search_count(
                [("request_id", "=", request.id), ("round_id.state", "=", "open")]
            )
            assert not on_offer or state == "estimated", "%s: %s in an open round" % (
                name,
                state,
            )
        past = decisions(env, request)
        if past and not in_session and state not in ("rejected", "merged"):
            approved = past[-1][1]
            assert (state in AFTER_APPROVAL) == approved, "%s: %s after %s" % (
                name,
                state,
                "approval" if approved else "no approval",
            )
        check_request_cofinancings(env, request)


def check_request_cofinancings(env, request):
    if "komunigi.cofinancing" not in env:
        return
    records = env["komunigi.cofinancing"].search(
        [("request_id", "=", request.id), ("state", "!=", "cancelled")]
    )
    for record in records:
        allowed = REQUEST_STATES_OF_COFINANCING[record.state]
        assert request.state in allowed, "%s is %s, its co-financing %s is %s" % (
            request.display_title,
            request.state,
            record.name,
            record.state,
        )
    if request.state == "funded" and records:
        assert records.filtered(lambda r: r.state in ("funded", "invoiced", "done")), (
            "%s is funded, none of its co-financings is" % request.display_title
        )
