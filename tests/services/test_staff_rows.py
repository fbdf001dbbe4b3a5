"""The Staff table's rows are what the record-by-record code gave, at any scale.

For regional scale (issue 18) the Staff rows are built from plain tuples of only the columns the
table shows (:func:`cswork.store.staff.load_staff_spells`) instead of full role spell records,
and a worker's detail reads only that worker's spells. The code it replaced is kept here,
unchanged, as the oracle: every row (and a sample of workers' details) must equal it on the demo
at several dates, on ten times the demo, and on a demo with concurrent roles of equal FTE.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from cswork.model.months import completed_months
from cswork.model.position import primary_spells
from cswork.model.workforce import RoleSpell
from cswork.services.staff import IN_POST, LEFT, StaffRow, WorkerDetail, build_staff, worker_detail
from cswork.store import Database, open_db
from cswork.store.caseloads import latest_case_totals, worker_case_totals
from cswork.store.staff import load_role_spells
from tests.conftest import DEMO_AS_AT
from tests.services.test_scale_outputs import stressed  # noqa: F401 (a fixture used below)

# --- The oracle: the code the Staff service used before, unchanged. ------------------------------


def _reference_row(
    spells: list[RoleSpell], in_post: RoleSpell | None, cases: int, pqe: dict[date, float]
) -> StaffRow:
    if len(spells) == 1:
        shown = only = spells[0]
        qualified, cohort, start = only.qualified, only.cohort or None, only.start
        end = only.end
    else:
        shown = in_post or max(spells, key=lambda s: (s.end or s.start, s.start))
        qualified = next((s.qualified for s in spells if s.qualified), None)
        cohort = next((s.cohort for s in spells if s.cohort), None)
        start = min(s.start for s in spells)
        end = None if in_post else max(s.end for s in spells if s.end is not None)
    return StaffRow(
        ref=shown.worker_ref,
        team=shown.team,
        org_role=shown.org_role,
        contract=shown.contract.value,
        fte=shown.fte,
        start=start,
        end=None if in_post else end,
        cohort=cohort,
        pqe_years=pqe[qualified] if qualified else None,
        cases=cases if in_post else None,
        status=IN_POST if in_post else LEFT,
    )


def reference_staff(db: Database, as_at: date) -> list[StaffRow]:
    spells = load_role_spells(db, started_by=as_at)
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        by_worker[spell.worker_ref].append(spell)
    current = primary_spells(s for s in spells if s.in_post(as_at))
    cases = latest_case_totals(db, on_or_before=as_at)
    pqe = {
        qualified: round(completed_months(qualified, as_at) / 12, 1)
        for qualified in {s.qualified for s in spells if s.qualified}
    }
    return [
        _reference_row(worker_spells, current.get(ref), cases.get(ref, 0), pqe)
        for ref, worker_spells in sorted(by_worker.items())
    ]


def reference_detail(db: Database, ref: str, as_at: date) -> WorkerDetail:
    spells = [s for s in load_role_spells(db, started_by=as_at) if s.worker_ref == ref]
    return WorkerDetail(
        ref=ref, spells=tuple(spells), caseloads=tuple(worker_case_totals(db, ref, as_at))
    )


# --- The comparisons. ----------------------------------------------------------------------------

DATES = (DEMO_AS_AT, date(2023, 3, 15), date(2020, 11, 30), date(2019, 2, 28))


def _assert_same(db: Database, as_at: date) -> None:
    rows = build_staff(db, as_at)
    assert rows == reference_staff(db, as_at)
    several = [row for row in rows if row.status == LEFT][:3] + rows[:: max(1, len(rows) // 7)]
    for row in several:
        assert worker_detail(db, row.ref, as_at) == reference_detail(db, row.ref, as_at)


@pytest.mark.parametrize("as_at", DATES)
def test_the_demo_gives_what_it_gave(demo_db: Database, as_at: date) -> None:
    _assert_same(demo_db, as_at)


def test_workers_with_several_spells_are_among_those_compared(demo_db: Database) -> None:
    spells = load_role_spells(demo_db, started_by=DEMO_AS_AT)
    per_worker: dict[str, int] = defaultdict(int)
    for spell in spells:
        per_worker[spell.worker_ref] += 1
    assert max(per_worker.values()) > 1
    rows = build_staff(demo_db, DEMO_AS_AT)
    assert {row.status for row in rows} == {IN_POST, LEFT}


def test_concurrent_roles_of_equal_fte_give_what_they_gave(
    stressed: Database,  # noqa: F811 (the fixture imported above)
) -> None:
    _assert_same(stressed, DEMO_AS_AT)
    _assert_same(stressed, date(2024, 6, 30))


@pytest.mark.slow
def test_ten_times_the_demo_gives_what_it_gave(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _assert_same(store, DEMO_AS_AT)
    _assert_same(store, date(2024, 2, 29))
    store.close()
