# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Vote tallies of decision sessions.

Each voting method of a session item has one pure function here: the Odoo
layer reads the ballots, calls the function when the session closes and
stores what it returns. Results are plain dicts and lists; shares and means are
exact ``fractions.Fraction`` values so that a threshold like 2/3 is never
missed by a rounding error.

Candidates are any hashable identifiers (request ids, references). The order
in which the caller lists them is the documented tie-break of every ranking:
the Odoo layer passes the requests oldest first. The Schulze method and the
requests a ranking approves are in ``schulze.py``.
"""

from fractions import Fraction

from ...komunigi_membership.lib import rules

_ = rules._
RuleError = rules.RuleError
as_fraction = rules.as_fraction
non_negative = rules.non_negative
round_half_up = rules.round_half_up


class TallyError(RuleError):
    """A ballot or a setting a tally cannot work with (see ``rules.RuleError``)."""


YES_NO_VALUES = ("yes", "no", "abstain")
"""The values of a yes/no/abstain ballot."""

SCORE_RANGE = range(0, 6)
"""The scores a score ballot may give: integers from 0 to 5."""


def tally_yes_no(ballots, eligible_count, quorum, majority):
    """Count a yes/no/abstain vote and decide it.

    ``quorum`` is the share of eligible co-ops that must vote (abstentions
    count as voting); ``majority`` the share of yes among yes and no votes
    needed. The rule: adopted if and only if the quorum is reached, yes votes
    outnumber no votes, and yes / (yes + no) >= ``majority``. So 1/2 is a
    simple majority (a tie is rejected), 2/3 a two-thirds majority (exactly
    2/3 is adopted), and a vote with only abstentions is rejected.

    Returns the counts, ``voted``, ``eligible``, ``turnout`` (voted / eligible,
    0 when nobody is eligible), ``yes_share`` (None without yes or no votes),
    ``quorum_reached`` and ``outcome`` ('adopted' or 'rejected').
    """
    ballots = list(ballots)
    quorum, majority = check_shares(quorum, majority)
    _check_eligible(eligible_count, len(ballots))
    counts = dict.fromkeys(YES_NO_VALUES, 0)
    for value in ballots:
        if not isinstance(value, str) or value not in counts:
            raise TallyError(
                _("Unknown vote %(value)s: expected yes, no or abstain."),
                value=value,
            )
        counts[value] += 1
    voted = len(ballots)
    expressed = counts["yes"] + counts["no"]
    quorum_reached = voted >= quorum * eligible_count
    yes_share = Fraction(counts["yes"], expressed) if expressed else None
    adopted = quorum_reached and counts["yes"] > counts["no"] and yes_share >= majority
    return dict(
        counts,
        voted=voted,
        eligible=eligible_count,
        turnout=Fraction(voted, eligible_count) if eligible_count else Fraction(0),
        yes_share=yes_share,
        quorum_reached=quorum_reached,
        outcome="adopted" if adopted else "rejected",
    )


def tally_approval(ballots, candidates):
    """Count approval ballots.

    Each ballot is an iterable of the candidates it approves (a set, or a list
    without repeats). Returns ``ballots`` (their number), ``totals`` (approvals
    per candidate, every candidate present) and ``order`` (most approvals
    first, ties in the given candidate order).
    """
    candidates = _check_candidates(candidates)
    totals = dict.fromkeys(candidates, 0)
    count = 0
    for ballot in ballots:
        for candidate in _check_distinct(ballot, totals):
            totals[candidate] += 1
        count += 1
    return {
        "ballots": count,
        "totals": totals,
        "order": sorted(candidates, key=lambda candidate: -totals[candidate]),
    }


def tally_score(ballots, candidates):
    """Average score ballots.

    Each ballot maps candidates to an integer score from 0 to 5; a candidate
    left out of a ballot is not scored by it (a blank is not a 0). Returns
    ``counts`` (scores received), ``totals`` (their sum), ``means`` (exact
    Fraction, None when nobody scored the candidate), ``display_means``
    (Decimal rounded half-up to 2 places, None likewise) and ``order``
    (highest mean first, unscored candidates last, ties in the given
    candidate order).
    """
    candidates = _check_candidates(candidates)
    counts = dict.fromkeys(candidates, 0)
    totals = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        for candidate, score in ballot.items():
            _check_known(candidate, counts)
            _check_score(candidate, score)
            counts[candidate] += 1
            totals[candidate] += score
    means = {
        candidate: Fraction(totals[candidate], counts[candidate])
        if counts[candidate]
        else None
        for candidate in candidates
    }
    return {
        "counts": counts,
        "totals": totals,
        "means": means,
        "display_means": {
            candidate: None if mean is None else round_half_up(mean, 2)
            for candidate, mean in means.items()
        },
        "order": sorted(candidates, key=lambda candidate: _mean_key(means[candidate])),
    }


def decide_approval(ballots, candidates, eligible_count, quorum, threshold):
    """Count approval ballots and decide which candidates are approved.

    The rule, decided exactly: the quorum is reached when there is a ballot
    and ballots >= ``quorum`` x ``eligible_count``; then a candidate is
    approved when at least one ballot approves it and approvals / ballots >=
    ``threshold``. Returns ``tally_approval``'s result with ``voted``,
    ``eligible``, ``quorum_reached``, ``shares`` (Fraction, None without
    ballots) and ``approved`` (in ``order``).
    """
    ballots = list(ballots)
    quorum, threshold = check_shares(quorum, threshold)
    _check_eligible(eligible_count, len(ballots))
    result = tally_approval(ballots, candidates)
    voted = result["ballots"]
    reached = quorum_reached(voted, eligible_count, quorum)
    shares = {
        candidate: Fraction(total, voted) if voted else None
        for candidate, total in result["totals"].items()
    }
    result.update(
        voted=voted,
        eligible=eligible_count,
        quorum_reached=reached,
        shares=shares,
        approved=[
            candidate
            for candidate in result["order"]
            if reached
            and result["totals"][candidate]
            and shares[candidate] >= threshold
        ],
    )
    return result


def decide_score(ballots, candidates, eligible_count, quorum, threshold):
    """Average score ballots and decide which candidates are approved.

    The rule, decided exactly: the quorum is reached when there is a ballot
    and ballots >= ``quorum`` x ``eligible_count``; then a candidate is
    approved when someone scored it and its mean score >= ``threshold`` x 5
    (the highest score). Returns ``tally_score``'s result with ``voted``,
    ``eligible``, ``quorum_reached`` and ``approved`` (in ``order``).
    """
    ballots = list(ballots)
    quorum, threshold = check_shares(quorum, threshold)
    _check_eligible(eligible_count, len(ballots))
    result = tally_score(ballots, candidates)
    reached = quorum_reached(len(ballots), eligible_count, quorum)
    needed = threshold * SCORE_RANGE[-1]
    result.update(
        voted=len(ballots),
        eligible=eligible_count,
        quorum_reached=reached,
        approved=[
            candidate
            for candidate in result["order"]
            if reached
            and result["means"][candidate] is not None
            and result["means"][candidate] >= needed
        ],
    )
    return result


def check_ballot(method, value, candidates):
    """Check that one ballot fits its voting method and candidates.

    ``method`` is ``yes_no`` (value: yes, no or abstain), ``approval`` (a list
    of distinct candidates), ``score`` (a dict candidate -> whole score from 0
    to 5) or ``ranking`` (a list of distinct candidates, best first).
    """
    if method == "yes_no":
        # A yes/no item decides one request or one governance proposal: it has no
        # candidates to check the ballot against.
        if isinstance(value, str) and value in YES_NO_VALUES:
            return
        raise TallyError(
            _("Unknown vote %(value)s: expected yes, no or abstain."), value=value
        )
    candidates = _check_candidates(candidates)
    if method in ("approval", "ranking") and isinstance(value, (list, tuple)):
        _check_distinct(value, candidates)
    elif method == "score" and isinstance(value, dict):
        for candidate, score in value.items():
            _check_known(candidate, candidates)
            _check_score(candidate, score)
    else:
        raise TallyError(
            _("The ballot %(value)s does not fit the voting method %(method)s."),
            value=value,
            method=method,
        )


def quorum_reached(voted, eligible_count, quorum):
    """Tell whether ``voted`` ballots reach the quorum of approval, score and
    ranking items: at least one ballot, and ballots >= ``quorum`` (a share) x
    the eligible co-ops, decided exactly."""
    quorum, _majority = check_shares(quorum, 0)
    return voted > 0 and voted >= quorum * eligible_count


def _check_candidates(candidates):
    """Return the candidates as a list; reject an empty list and repeats."""
    candidates = list(candidates)
    if not candidates:
        raise TallyError(_("There are no candidates to vote on."))
    seen = set()
    for candidate in candidates:
        if candidate in seen:
            raise TallyError(
                _("The candidate %(candidate)s is listed twice."), candidate=candidate
            )
        seen.add(candidate)
    return candidates


def _check_distinct(ballot, known):
    """Return a ballot's candidates as a list: known ones, each at most once."""
    listed = []
    seen = set()
    for candidate in ballot:
        _check_known(candidate, known)
        if candidate in seen:
            raise TallyError(
                _("A ballot lists the candidate %(candidate)s more than once."),
                candidate=candidate,
            )
        seen.add(candidate)
        listed.append(candidate)
    return listed


def _check_known(candidate, known):
    """Reject a ballot naming a candidate that is not on the list."""
    if isinstance(candidate, bool) or candidate not in known:
        raise TallyError(
            _("A ballot names %(candidate)s, which is not a candidate."),
            candidate=candidate,
        )


def _check_score(candidate, score):
    """Reject a score that is not an integer from 0 to 5."""
    if (
        isinstance(score, bool)
        or not isinstance(score, int)
        or score not in SCORE_RANGE
    ):
        raise TallyError(
            _(
                "The score %(score)s given to %(candidate)s is not "
                "a whole number from 0 to 5."
            ),
            score=score,
            candidate=candidate,
        )


def _check_eligible(eligible_count, ballot_count):
    """Check the number of eligible co-ops against the number of ballots."""
    if (
        isinstance(eligible_count, bool)
        or not isinstance(eligible_count, int)
        or eligible_count < 0
    ):
        raise TallyError(
            _(
                "The number of eligible co-ops must be a non-negative integer, "
                "got %(eligible)s."
            ),
            eligible=eligible_count,
        )
    if ballot_count > eligible_count:
        raise TallyError(
            _("There are %(ballots)s ballots but only %(eligible)s eligible co-ops."),
            ballots=ballot_count,
            eligible=eligible_count,
        )


def check_shares(quorum, majority):
    """Return the quorum and the majority threshold as Fractions from 0 to 1.

    The one place that says what a share is: the tallies decide with what it
    returns, and the agenda item's constraint refuses what it refuses, so an item
    that saves is an item that can be tallied.
    """
    quorum_share = _as_share(quorum)
    if quorum_share is None:
        raise TallyError(
            _("The quorum must be a share between 0 and 1, got %(quorum)s."),
            quorum=quorum,
        )
    majority_share = _as_share(majority)
    if majority_share is None:
        raise TallyError(
            _(
                "The majority threshold must be a share between 0 and 1, "
                "got %(majority)s."
            ),
            majority=majority,
        )
    return quorum_share, majority_share


def _as_share(value):
    """Return a number from 0 to 1 as an exact Fraction, else None.

    Floats go through their shortest repr (0.6 means 3/5); pass a Fraction
    for thirds.
    """
    share = as_fraction(value)
    return share if share is not None and 0 <= share <= 1 else None


def _mean_key(mean):
    """Sort key putting the highest means first and unscored candidates last."""
    return (mean is None, -(mean or 0))
