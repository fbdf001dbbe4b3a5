"""Kaplan–Meier from arrays (:func:`followed_curve`) gives what the group sorted in Python gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cswork.model.survival import FollowedGroup, followed_curve

MONTHS = (0, 1, 6, 12, 24, 36, 60)


def _same(days: list[int], left: list[bool]) -> None:
    expected = FollowedGroup(days, left).curve(MONTHS)
    got = followed_curve(days, left, MONTHS)
    assert got == expected
    # bit for bit: equal floats could still differ in sign of zero, which repr shows
    assert [repr(p.retention) for p in got] == [repr(p.retention) for p in expected]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=2_000), st.booleans()), max_size=300))
def test_the_curve_from_arrays_is_the_groups(follow_ups: list[tuple[int, bool]]) -> None:
    _same([d for d, _ in follow_ups], [gone for _, gone in follow_ups])


def test_ties_edges_and_nobody() -> None:
    _same([], [])
    _same([365, 365, 365], [True, True, True])  # everyone leaves on the day asked about
    _same([365, 365, 730], [False, True, False])  # censored on the day
    _same([10] * 50 + [400] * 7 + [731] * 3, [True] * 40 + [False] * 10 + [True] * 10)
    _same(list(range(0, 3000, 7)), [d % 3 == 0 for d in range(0, 3000, 7)])
