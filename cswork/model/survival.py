"""Kaplan–Meier retention: the share still in post after a time, with people still being followed.

Time is counted in days from each person's start. A person who left has an *event* at the first day
they were no longer in post (last day + 1); a person still in post is *censored* at the as-at date
(known to be in post on that day, nothing known after). The estimate after ``t`` days is

    S(t) = Π over event days u ≤ t of (1 − d_u ÷ n_u)

where d_u left on day u and n_u were still in post and followed on day u (everyone whose event or
censoring day is u or later). Unlike "in post now ÷ starters", it does not count people who have not
yet reached ``t`` as retained at ``t``, nor as lost.

Retention "at m months" is S at ``days_in_months(m)`` days, a month being 365.25 ÷ 12 days (12 months
is 365 days), so that people who started on different dates share one time axis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12


def days_in_months(months: int) -> int:
    """Whole days in ``months`` months of 365.25 ÷ 12 days."""
    return int(months * DAYS_PER_MONTH)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One person's time: ``days`` to leaving (``left``) or to the as-at date (censored)."""

    days: int
    left: bool


@dataclass(frozen=True, slots=True)
class SurvivalPoint:
    """Retention at a number of months, with who is behind it.

    ``at_risk``: the Kaplan–Meier risk set at that time, everyone still followed on that day (in
    post the day before, and not censored before it), including those whose leaving falls on the
    day itself; ``left``: left by then (on the day or before); ``censored``: stopped being followed
    (reached the as-at date still in post) before then. A person leaving on the day is in both
    ``at_risk`` and ``left``, as in the risk set of the estimate. ``retention`` is ``None`` when
    nobody is followed that far and not everyone has left.
    """

    months: int
    retention: float | None
    at_risk: int
    left: int
    censored: int


def kaplan_meier(follow_ups: Sequence[FollowUp], days: int) -> float | None:
    """S(days): the estimated share still in post ``days`` after starting."""
    if not follow_ups:
        return None
    events = Counter(f.days for f in follow_ups if f.left and f.days <= days)
    survival = 1.0
    for day in sorted(events):
        at_risk = sum(1 for f in follow_ups if f.days >= day)
        survival *= 1.0 - events[day] / at_risk
    if survival > 0 and not any(
        f.days > days or (not f.left and f.days == days) for f in follow_ups
    ):
        return None
    return survival


def survival_point(follow_ups: Sequence[FollowUp], months: int) -> SurvivalPoint:
    """Retention and the numbers behind it at ``months`` months."""
    days = days_in_months(months)
    left = sum(1 for f in follow_ups if f.left and f.days <= days)
    censored = sum(1 for f in follow_ups if not f.left and f.days < days)
    return SurvivalPoint(
        months=months,
        retention=kaplan_meier(follow_ups, days),
        at_risk=sum(1 for f in follow_ups if f.days >= days),
        left=left,
        censored=censored,
    )


def survival_curve(
    follow_ups: Sequence[FollowUp], months: Iterable[int]
) -> tuple[SurvivalPoint, ...]:
    """Survival points at each of ``months``."""
    return tuple(survival_point(follow_ups, m) for m in months)


def followed_months(follow_ups: Iterable[FollowUp]) -> int:
    """The most whole months anyone was followed (in post or until leaving)."""
    longest = max((f.days for f in follow_ups), default=0)
    return int(longest / DAYS_PER_MONTH)
