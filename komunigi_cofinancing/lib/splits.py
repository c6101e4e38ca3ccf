# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cost splits: divide a total between participants, to the cent.

One engine serves co-financings and the sizing of dues. Every method returns a dict
``{participant: Decimal}`` in the participants' given order (dropped-out or zero-weight
participants included, with 0) whose amounts are quantized to ``digits`` decimals and
add up exactly to the total: exact quotas are computed with ``fractions.Fraction`` in
units of ``10 ** -digits``, then the largest remainder method hands out the units left
over, ties going to the participant given first. The total itself is first rounded
half-up to ``digits`` (Odoo hands over floats such as ``0.30000000000000004``).

Participants are any hashable keys; lists (or lists of pairs, or dicts) fix their order.
Numbers may be ``int``, ``Decimal``, ``Fraction``, ``float`` or numeric strings.

Methods (``split(method, total, digits=2, **params)`` dispatches on the name):

- ``equal``: ``participants`` (keys);
- ``weighted``: ``weights`` (pairs or dict ``key -> weight``);
- ``pledges``: ``pledges`` (pairs ``key -> fixed amount``) and ``remainder`` (pairs
  ``key -> weight``, weight 1 each for an equal split) sharing what the pledges leave;
- ``common_pot``: a ``pot`` key pays ``rate`` percent, the rest by ``rest_method`` (the
  remaining ``params`` are that method's);
- ``provider``: a ``provider`` key pays a fixed ``amount``, the rest by ``rest_method``;
- ``capped`` (Moulin-Shenker): ``caps`` (pairs ``key -> maximum`` or None for no
  maximum); participants whose cap is below the equal share drop out until the others
  can all pay equal shares.

Bad input raises :class:`SplitError` whose ``msgid`` is an English sentence marked for
translation and ``params`` its placeholders (participants as given, so a caller can
substitute display names); ``str(error)`` is the English message.
"""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from inspect import signature

from ...komunigi_membership.lib import rules

_ = rules._
RuleError = rules.RuleError


class SplitError(RuleError):
    """Input a split cannot work with (see ``rules.RuleError``)."""


def _number(value):
    """``value`` as an exact Fraction; floats through their shortest repr."""
    return rules.parse_number(value, SplitError)


def _to_units(value, digits, floor=False):
    """An amount as a whole number of ``10 ** -digits`` units, rounded exactly.

    Half-up (away from zero) by default, like Odoo's currency rounding; ``floor``
    rounds down instead.
    """
    scaled = _number(value) * 10**digits
    if floor:
        return scaled.numerator // scaled.denominator
    half_up = abs(scaled) + Fraction(1, 2)
    units = half_up.numerator // half_up.denominator
    return units if scaled >= 0 else -units


def _money(units, digits):
    """Whole units back to a Decimal with exactly ``digits`` decimals."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(units).scaleb(-digits).quantize(quantum)


def _check_digits(digits):
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise SplitError(
            _("The number of decimals must be a whole number, 0 or more (%(digits)s)."),
            digits=digits,
        )


def _total_units(total, digits):
    units = _to_units(total, digits)
    if units < 0:
        raise SplitError(_("The total cannot be negative (%(total)s)."), total=total)
    return units


_DUPLICATE = _("%(participant)s appears more than once.")


def _unique(keys):
    """The keys as a list, refusing duplicates (a co-op must not pay twice)."""
    seen = set()
    for key in keys:
        if key in seen:
            raise SplitError(_DUPLICATE, participant=key)
        seen.add(key)
    return list(keys)


def _pairs(items):
    """``(key, value)`` pairs from a mapping or an iterable of pairs, order kept."""
    pairs = list(items.items() if isinstance(items, Mapping) else items)
    _unique([key for key, _value in pairs])
    return pairs


def _apportion(units, weights):
    """Largest remainder: ``units`` split in proportion to ``weights`` (key, Fraction).

    The weights are non-negative with a positive sum. Each key gets the floor of its
    exact quota; the units left go to the largest fractional parts, earliest key first.
    """
    total_weight = sum(weight for _key, weight in weights)
    floors = []
    fractional_parts = []
    for index, (_key, weight) in enumerate(weights):
        quota = units * weight / total_weight
        floor = quota.numerator // quota.denominator
        floors.append(floor)
        fractional_parts.append((floor - quota, index))
    for _part, index in sorted(fractional_parts)[: units - sum(floors)]:
        floors[index] += 1
    return {key: floor for (key, _weight), floor in zip(weights, floors)}


def _weights(items):
    """Validated weights as Fractions, in order."""
    weights = []
    for key, weight in _pairs(items):
        value = rules.parse_non_negative(
            weight,
            SplitError,
            _("The weight of %(participant)s cannot be negative (%(weight)s)."),
            participant=key,
            weight=weight,
        )
        weights.append((key, value))
    return weights


def _by_weight(units, weights):
    if not weights:
        raise SplitError(_("There is nobody to split the amount between."))
    if not any(weight for _key, weight in weights):
        raise SplitError(_("All weights are zero: nobody would pay."))
    return _apportion(units, weights)


def _equal_units(units, digits, participants):
    keys = _unique(participants)
    return _by_weight(units, [(key, Fraction(1)) for key in keys])


def _weighted_units(units, digits, weights):
    return _by_weight(units, _weights(weights))


def _pledge_units(units, digits, pledges, remainder=()):
    pledged = {}
    for key, amount in _pairs(pledges):
        pledged[key] = _to_units(amount, digits)
        if pledged[key] < 0:
            raise SplitError(
                _("The pledge of %(participant)s cannot be negative (%(amount)s)."),
                participant=key,
                amount=amount,
            )
    weights = _weights(remainder)
    if not pledged and not weights:
        raise SplitError(_("There is nobody to split the amount between."))
    left = units - sum(pledged.values())
    if left < 0:
        raise SplitError(
            _("The pledges (%(pledged)s) exceed the total (%(total)s)."),
            pledged=_money(sum(pledged.values()), digits),
            total=_money(units, digits),
        )
    if left and not weights:
        raise SplitError(
            _(
                "The pledges (%(pledged)s) do not cover the total (%(total)s) and "
                "nobody shares the remainder."
            ),
            pledged=_money(units - left, digits),
            total=_money(units, digits),
        )
    shares = dict(pledged)
    if weights:
        rest = _by_weight(left, weights) if left else {key: 0 for key, _w in weights}
        _merge(shares, rest)
    return shares


def _merge(shares, more):
    """Add ``more`` to ``shares``, refusing anybody who would appear twice."""
    for key, units in more.items():
        if key in shares:
            raise SplitError(_DUPLICATE, participant=key)
        shares[key] = units


def _rest_units(first, first_units, units, digits, rest_method, params):
    """``first`` pays ``first_units``; the rest is split by ``rest_method``."""
    shares = {first: first_units}
    _merge(shares, _split_units(rest_method, units - first_units, digits, params))
    return shares


def _common_pot_units(units, digits, rate, pot, rest_method, **params):
    percent = _number(rate)
    if not 0 <= percent <= 100:
        raise SplitError(
            _("The common pot rate must be between 0 and 100 (%(rate)s)."), rate=rate
        )
    pot_share = units * percent / 100
    pot_units = _to_units(pot_share, 0)
    return _rest_units(pot, pot_units, units, digits, rest_method, params)


def _provider_units(units, digits, provider, amount, rest_method, **params):
    provider_units = _to_units(amount, digits)
    if provider_units < 0:
        raise SplitError(
            _("The contribution of %(participant)s cannot be negative (%(amount)s)."),
            participant=provider,
            amount=amount,
        )
    if provider_units > units:
        raise SplitError(
            _(
                "The contribution of %(participant)s (%(amount)s) exceeds the total "
                "(%(total)s)."
            ),
            participant=provider,
            amount=amount,
            total=_money(units, digits),
        )
    return _rest_units(provider, provider_units, units, digits, rest_method, params)


def _cap_units(caps, digits):
    """Caps floored to whole units (nobody pays above their cap); None: no cap."""
    limits = {}
    for key, cap in _pairs(caps):
        if cap is None:
            limits[key] = None
            continue
        rules.parse_non_negative(
            cap,
            SplitError,
            _("The cap of %(participant)s cannot be negative (%(cap)s)."),
            participant=key,
            cap=cap,
        )
        limits[key] = _to_units(cap, digits, floor=True)
    return limits


def _capped_units(units, digits, caps):
    """Moulin-Shenker: drop whoever cannot pay the equal share until all can.

    Comparing floored caps with the exact share guarantees that whoever stays can also
    pay the extra unit the largest remainder may give them.
    """
    limits = _cap_units(caps, digits)
    if not limits:
        raise SplitError(_("There is nobody to split the amount between."))
    payers = list(limits)
    while payers:
        share = Fraction(units, len(payers))
        staying = [key for key in payers if limits[key] is None or limits[key] >= share]
        if len(staying) == len(payers):
            break
        payers = staying
    if not payers:
        raise SplitError(
            _(
                "No group of participants can pay equal shares of %(total)s within "
                "their caps."
            ),
            total=_money(units, digits),
        )
    shares = _apportion(units, [(key, Fraction(1)) for key in payers])
    return {key: shares.get(key, 0) for key in limits}


_METHODS = {
    "equal": _equal_units,
    "weighted": _weighted_units,
    "pledges": _pledge_units,
    "common_pot": _common_pot_units,
    "provider": _provider_units,
    "capped": _capped_units,
}
METHODS = tuple(_METHODS)


def _split_units(method, units, digits, params):
    """Dispatch to a method, checking its parameters before it runs."""
    if method not in _METHODS:
        raise SplitError(_("Unknown split method: %(method)s."), method=method)
    function = _METHODS[method]
    try:
        signature(function).bind(units, digits, **params)
    except TypeError as error:
        raise SplitError(
            _("Wrong parameters for the split method %(method)s: %(error)s."),
            method=method,
            error=str(error),
        ) from None
    return function(units, digits, **params)


def split(method, total, digits=2, **params):
    """Split ``total`` by ``method`` (one of :data:`METHODS`) with its ``params``."""
    _check_digits(digits)
    units = _total_units(total, digits)
    return {
        key: _money(share, digits)
        for key, share in _split_units(method, units, digits, params).items()
    }


def equal(total, participants, digits=2):
    """Equal shares; the first participants get the leftover cents."""
    return split("equal", total, digits, participants=participants)


def weighted(total, weights, digits=2):
    """Shares in proportion to the weights (tier, member count, turnover...)."""
    return split("weighted", total, digits, weights=weights)


def pledges(total, pledges, remainder=(), digits=2):
    """Fixed pledges; what they leave is split by the ``remainder`` weights."""
    return split("pledges", total, digits, pledges=pledges, remainder=remainder)


def common_pot(total, rate, pot, rest_method, digits=2, **params):
    """The ``pot`` pays ``rate`` percent; the rest by ``rest_method``."""
    return split(
        "common_pot",
        total,
        digits,
        rate=rate,
        pot=pot,
        rest_method=rest_method,
        **params,
    )


def provider_contribution(total, provider, amount, rest_method, digits=2, **params):
    """The ``provider`` pays ``amount``; the rest by ``rest_method``."""
    return split(
        "provider",
        total,
        digits,
        provider=provider,
        amount=amount,
        rest_method=rest_method,
        **params,
    )


def capped(total, caps, digits=2):
    """Moulin-Shenker: equal shares among the largest group that can pay them."""
    return split("capped", total, digits, caps=caps)
