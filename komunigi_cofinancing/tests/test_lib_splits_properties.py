# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Properties of the cost split engine (lib/splits.py) over generated inputs.

Whatever the method and the participants: the shares add up to the total to the
cent, none is negative, and a capped split never makes anybody pay above their cap.
KOMUNIGI_HYPOTHESIS_EXAMPLES sizes the run (default 30 per property).
"""

import os
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ..lib import splits

EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None)

# Totals from 0 to ten million, to the cent; floats as Odoo hands them over too.
cents = st.integers(min_value=0, max_value=10**9)
totals = st.one_of(
    cents.map(lambda c: Decimal(c).scaleb(-2)),
    cents.map(lambda c: c / 100),
)
participants = st.lists(
    st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12, unique=True
)
weights = st.one_of(
    st.integers(min_value=0, max_value=1000),
    st.decimals(min_value=0, max_value=1000, places=3),
)


def _assert_exact(shares, total):
    """The shares add up to the total rounded half-up to the cent; none negative."""
    expected = Decimal(str(total)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert sum(shares.values()) == expected, (shares, total)
    assert all(share >= 0 for share in shares.values()), shares
    assert all(share == share.quantize(Decimal("0.01")) for share in shares.values())


@SETTINGS
@given(totals, participants)
@example(Decimal("0.01"), [1, 2, 3])
@example(0.30000000000000004, [7])
def test_equal_shares_add_up_and_differ_by_a_cent_at_most(total, keys):
    shares = splits.equal(total, keys)
    _assert_exact(shares, total)
    assert list(shares) == keys
    assert max(shares.values()) - min(shares.values()) <= Decimal("0.01")


@SETTINGS
@given(totals, st.data())
def test_weighted_shares_add_up_and_zero_weights_pay_nothing(total, data):
    keys = data.draw(participants)
    pairs = [(key, data.draw(weights)) for key in keys]
    if not any(weight for _key, weight in pairs):
        pairs[0] = (pairs[0][0], 1)
    shares = splits.weighted(total, pairs)
    _assert_exact(shares, total)
    assert all(shares[key] == 0 for key, weight in pairs if weight == 0)


@SETTINGS
@given(cents, st.data())
def test_pledges_are_kept_and_the_rest_shared(total_cents, data):
    keys = data.draw(participants)
    pledging = keys[: data.draw(st.integers(0, len(keys)))]
    sharing = keys[len(pledging) :] or None
    left = total_cents
    pledges = []
    for key in pledging:
        amount = data.draw(st.integers(0, left))
        pledges.append((key, Decimal(amount).scaleb(-2)))
        left -= amount
    if not sharing and pledges:
        key, amount = pledges[-1]
        pledges[-1] = (key, amount + Decimal(left).scaleb(-2))
    total = Decimal(total_cents).scaleb(-2)
    remainder = [(key, 1) for key in sharing or ()]
    shares = splits.pledges(total, pledges, remainder)
    _assert_exact(shares, total)
    assert all(shares[key] == amount for key, amount in pledges)


@SETTINGS
@given(
    totals,
    st.decimals(min_value=0, max_value=100, places=2),
    participants,
)
def test_common_pot_and_provider_shares_add_up(total, rate, keys):
    pot, rest = "pot", keys
    shares = splits.common_pot(total, rate, pot, "equal", participants=rest)
    _assert_exact(shares, total)
    provided = min(Decimal(str(total)), Decimal(rate))
    shares = splits.provider_contribution(
        total, "provider", provided, "equal", participants=rest
    )
    _assert_exact(shares, total)
    assert shares["provider"] == provided.quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )


caps = st.one_of(
    st.none(),
    cents.map(lambda c: Decimal(c).scaleb(-2)),
    st.decimals(min_value=0, max_value=10**6, places=4),
)


capped_pairs = participants.flatmap(
    lambda keys: st.tuples(*[st.tuples(st.just(key), caps) for key in keys]).map(list)
)


@SETTINGS
@given(totals, capped_pairs)
@example(Decimal("0.05"), [(1, Decimal("0.025")), (2, Decimal("0.025")), (3, None)])
def test_capped_shares_respect_the_caps(total, pairs):
    try:
        shares = splits.capped(total, pairs)
    except splits.SplitError:
        # Refused only when no group can pay equal shares: an uncapped participant
        # always can.
        assert all(cap is not None for _key, cap in pairs)
        return
    _assert_exact(shares, total)
    for key, cap in pairs:
        if cap is not None:
            assert shares[key] <= cap, (key, cap, shares)
