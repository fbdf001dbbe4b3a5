"""Continuity of social worker on a small allocation history, every figure worked out by hand.

Nine children in two teams (North, South), counted at four month ends:

1. North: A to 10 Jan 2025, B 11-20 Jan, C from 21 Jan: reallocated twice in one month (3 workers).
2. North: L to 14 Feb 2025 (L leaves 20 Feb), D from 17 Feb: the worker left (counted in Feb).
3. South: E 1 Dec 2024 to 31 Jan 2025, case closed: ends exactly at a month end (held that day).
4. South: F to 31 Jan 2024 (exactly a year before the first month end), G from 1 Feb 2024.
5. H, I, J in South through 2024, then K and M in North: 4+ workers, moved team (counted in North).
6. N in North to 5 Mar 2025, P in South from 25 Feb: a handover; the later allocation's team.
7. South: Q, then R, then Q again: the same worker twice counts once.
8. South: S to 15 Jan 2025, S leaves that day, never reallocated: not allocated at any month end.
9. North: L to 14 Feb 2025, T only from 1 May: reallocated too late to be the leaving's doing.
"""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.continuity import (
    Allocation,
    TeamContinuity,
    combine,
    continuity_counts,
    ended_by_leaving,
    month_ends_covered,
)

D = date
HISTORY = (
    Allocation(1, "A", "North", D(2024, 6, 1), D(2025, 1, 10)),
    Allocation(1, "B", "North", D(2025, 1, 11), D(2025, 1, 20)),
    Allocation(1, "C", "North", D(2025, 1, 21)),
    Allocation(2, "L", "North", D(2024, 9, 1), D(2025, 2, 14)),
    Allocation(2, "D", "North", D(2025, 2, 17)),
    Allocation(3, "E", "South", D(2024, 12, 1), D(2025, 1, 31)),
    Allocation(4, "F", "South", D(2023, 5, 1), D(2024, 1, 31)),
    Allocation(4, "G", "South", D(2024, 2, 1)),
    Allocation(5, "H", "South", D(2024, 3, 1), D(2024, 5, 31)),
    Allocation(5, "I", "South", D(2024, 6, 1), D(2024, 8, 31)),
    Allocation(5, "J", "South", D(2024, 9, 1), D(2024, 12, 31)),
    Allocation(5, "K", "North", D(2025, 1, 1), D(2025, 2, 10)),
    Allocation(5, "M", "North", D(2025, 2, 11)),
    Allocation(6, "N", "North", D(2024, 10, 1), D(2025, 3, 5)),
    Allocation(6, "P", "South", D(2025, 2, 25)),
    Allocation(7, "Q", "South", D(2024, 11, 1), D(2024, 12, 15)),
    Allocation(7, "R", "South", D(2024, 12, 16), D(2025, 1, 5)),
    Allocation(7, "Q", "South", D(2025, 1, 6)),
    Allocation(8, "S", "South", D(2024, 10, 1), D(2025, 1, 15)),
    Allocation(9, "L", "North", D(2024, 11, 1), D(2025, 2, 14)),
    Allocation(9, "T", "North", D(2025, 5, 1)),
)
#: L and S left; A left long after their allocation ended, which had nothing to do with it.
LEAVING = {"L": D(2025, 2, 20), "S": D(2025, 1, 15), "A": D(2025, 6, 30)}
MONTH_ENDS = (D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 5, 31))


def _row(team: str, on: date, counts: tuple[int, int, int, int], left: int = 0, month: int = 0):
    return TeamContinuity(team, on, *counts, worker_left=left, worker_left_month=month)


EXPECTED = [
    # North: 1 (3 workers), 2 (1), 5 (4+: H, I, J, K), 6 (1), 9 (1)
    _row("North", D(2025, 1, 31), (3, 0, 1, 1)),
    # North: 1 (3), 2 (L and D: 2, worker left in February), 5 (5 workers)
    _row("North", D(2025, 2, 28), (0, 1, 1, 1), left=1, month=1),
    _row("North", D(2025, 3, 31), (0, 1, 1, 1), left=1),
    # 5 is down to I, J, K, M (H ended on 31 May 2024, the day before the window); 9 has L and T
    _row("North", D(2025, 5, 31), (0, 2, 1, 1), left=1),
    # South: 3 (held on 31 January, its last day), 4 (G only: F ended the day before the
    # window), 7 (Q and R)
    _row("South", D(2025, 1, 31), (2, 1, 0, 0)),
    # South: 4 (1), 6 (N and P: handed over to South), 7 (2)
    _row("South", D(2025, 2, 28), (1, 2, 0, 0)),
    _row("South", D(2025, 3, 31), (1, 2, 0, 0)),
    _row("South", D(2025, 5, 31), (1, 2, 0, 0)),
]


def test_counts_by_team_and_month_end_match_the_hand_worked_figures() -> None:
    assert continuity_counts(HISTORY, LEAVING, MONTH_ENDS) == EXPECTED


def test_the_order_of_the_allocations_does_not_matter() -> None:
    assert continuity_counts(reversed(HISTORY), LEAVING, MONTH_ENDS) == EXPECTED


def test_the_authority_is_the_sum_of_its_teams() -> None:
    total = combine("All teams", continuity_counts(HISTORY, LEAVING, MONTH_ENDS), D(2025, 1, 31))
    assert total.by_workers == (5, 1, 1, 1)
    assert total.children == 8
    assert total.three_plus == 2
    assert total.three_plus_share == pytest.approx(0.25)


def test_a_worker_who_left_is_linked_only_when_the_child_was_reallocated_in_time() -> None:
    held = {a.child: [b for b in HISTORY if b.child == a.child] for a in HISTORY}
    left_two = HISTORY[3]  # child 2's allocation to L, reallocated to D three days later
    assert ended_by_leaving(left_two, held[2], LEAVING)
    assert not ended_by_leaving(HISTORY[19], held[9], LEAVING)  # T came 76 days later
    assert not ended_by_leaving(HISTORY[18], held[8], LEAVING)  # S's child never reallocated
    assert not ended_by_leaving(HISTORY[0], held[1], LEAVING)  # A left 171 days later
    assert not ended_by_leaving(HISTORY[2], held[1], LEAVING)  # still open


def test_leaving_window_edges() -> None:
    child = (
        Allocation(1, "X", "North", D(2025, 1, 1), D(2025, 3, 1)),
        Allocation(1, "Y", "North", D(2025, 3, 2)),
    )
    # the allocation ended 56 days before the worker left: linked; 57 days: not
    assert ended_by_leaving(child[0], child, {"X": D(2025, 4, 26)})
    assert not ended_by_leaving(child[0], child, {"X": D(2025, 4, 27)})
    # ended 14 days after the worker's last day (recorded late): linked; 15 days: not
    assert ended_by_leaving(child[0], child, {"X": D(2025, 2, 15)})
    assert not ended_by_leaving(child[0], child, {"X": D(2025, 2, 14)})


def test_share_is_none_without_children() -> None:
    assert TeamContinuity("North", D(2025, 1, 31)).three_plus_share is None


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2024, 2, 1), D(2025, 3, 15), [D(2025, 1, 31), D(2025, 2, 28)]),
        (D(2024, 2, 15), D(2025, 3, 31), [D(2025, 2, 28), D(2025, 3, 31)]),
        (D(2024, 2, 15), D(2025, 2, 27), []),
        (D(2023, 3, 1), D(2024, 3, 31), [D(2024, 2, 29), D(2024, 3, 31)]),
    ],
)
def test_month_ends_need_a_full_year_of_history(
    first: date, last: date, expected: list[date]
) -> None:
    assert month_ends_covered(first, last) == expected
