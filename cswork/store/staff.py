"""Workers and their role spells, establishment, and the cohorts they belong to."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from cswork.model.workforce import Contract, EstablishmentLine, RoleSpell
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import date_reader, must_date
from cswork.store.spell_rows import (
    CONTRACTS,
    SPELLS_SQL,
    covers_vacancy,
    packed_rows,
    table_of_rows,
)

if TYPE_CHECKING:
    from cswork.model.pressure_columns import SpellColumns
    from cswork.model.spell_table import SpellTable


def load_role_spells(
    db: sqlite_utils.Database,
    *,
    started_by: date | None = None,
    workers_in_post_since: date | None = None,
    cohort_members: bool = False,
    agency_only: bool = False,
    worker_ref: str | None = None,
) -> list[RoleSpell]:
    """Every role spell (or those starting on or before ``started_by``) as model records.

    With ``workers_in_post_since``, only the spells of workers with a spell in post on or after
    that date (all of those workers' spells, for their history): figures from that date on need no
    one who had left before it, and at fifty times the demo that is a fifth of the spells. With
    ``cohort_members``, only the spells of workers in an academy cohort. With ``agency_only``, only
    agency spells (for agency money, a tenth of the spells). With ``worker_ref``, only that
    worker's spells.
    """
    conditions, params = [], []
    if cohort_members:
        conditions.append("w.cohort_id IS NOT NULL")
    if started_by is not None:
        conditions.append("s.start_date <= ?")
        params.append(started_by.isoformat())
    if workers_in_post_since is not None:
        conditions.append(
            "s.worker_id IN (SELECT worker_id FROM role_spells "
            "WHERE end_date IS NULL OR end_date >= ?)"
        )
        params.append(workers_in_post_since.isoformat())
    if agency_only:
        conditions.append("s.contract = ?")
        params.append(Contract.AGENCY.value)
    if worker_ref is not None:
        conditions.append("w.employee_ref = ?")
        params.append(worker_ref)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    day = date_reader()
    return [
        _spell_record(row, day)
        for row in db.execute(SPELLS_SQL.format(where=where), params).fetchall()
    ]


def _spell_record(row: tuple[Any, ...], day: Callable[[str], date]) -> RoleSpell:
    """The record of a row of :data:`SPELLS_SQL`, whose columns are the record's fields in order
    (given by position: by keyword took half as long again, for tens of thousands of spells)."""
    return RoleSpell(
        row[0],
        row[1],
        row[2],
        CONTRACTS[row[3]],
        row[4],
        day(row[5]),
        day(row[6]) if row[6] else None,
        row[7],
        day(row[8]) if row[8] else None,
        row[9],
        bool(row[10]),
        row[11],
        row[12],
        row[13],
        row[14],
        row[15],
        bool(row[16]),
        row[17],
        row[18],
    )


def load_spell_table(
    db: sqlite_utils.Database, *, started_by: date, workers_in_post_since: date | None = None
) -> tuple[SpellTable, list[bool]]:
    """The role spells :func:`load_role_spells` gives (started by ``started_by``; with
    ``workers_in_post_since``, only those of workers in post on or after it), in its order, as a
    :class:`~cswork.model.spell_table.SpellTable`, with whether each covers a vacancy. The table's
    records are made only as they are asked for: at fifty times the demo, making all 40,000 took
    0.2 s, and the Overview asks for a few thousand."""
    rows = packed_rows(db, *_spell_filter(started_by, workers_in_post_since))
    return table_of_rows(rows), covers_vacancy(rows)


def load_all_spell_table(db: sqlite_utils.Database) -> SpellTable:
    """Every role spell, as :func:`load_role_spells` gives them (the same query, so the same
    order), as a :class:`~cswork.model.spell_table.SpellTable` whose records are made only as
    they are asked for (the projection's history: at fifty times the demo, making all 58,000
    records took a third of a second, and a projection needs a few thousand)."""
    return table_of_rows(packed_rows(db, "", []))


#: A role spell as the Staff table needs it: the worker's reference, team, OrgRole, contract,
#: FTE, start, end (``None`` while in post), and the worker's qualifying date and cohort.
StaffSpell = tuple[str, str, int, Contract, float, date, date | None, date | None, str | None]


def load_staff_spells(db: sqlite_utils.Database, *, started_by: date) -> list[StaffSpell]:
    """The spells starting on or before ``started_by``, in :func:`load_role_spells`' order, with
    only what the Staff table shows (as tuples: a pooled authority's 60,000 spells as records
    took half a second)."""
    contracts = {contract.value: contract for contract in Contract}
    day = date_reader()
    return [
        (
            ref,
            team,
            role,
            contracts[contract],
            fte,
            day(start),
            day(end) if end else None,
            day(qualified) if qualified else None,
            cohort,
        )
        for ref, team, role, contract, fte, start, end, qualified, cohort in _spell_rows(
            db, started_by, None
        )
    ]


def load_establishment(db: sqlite_utils.Database) -> list[EstablishmentLine]:
    """Every establishment line."""
    return [
        EstablishmentLine(
            team=row[0], org_role=row[1], funded_fte=row[2], effective_from=must_date(row[3])
        )
        for row in db.execute(
            "SELECT t.name, e.org_role, e.funded_fte, e.effective_from "
            "FROM establishment e JOIN teams t ON t.id = e.team_id"
        ).fetchall()
    ]


def cohort_starts(db: sqlite_utils.Database) -> dict[str, date]:
    """Academy cohort start dates by cohort name."""
    return {
        row[0]: must_date(row[1])
        for row in db.execute("SELECT name, start_date FROM cohorts").fetchall()
    }


def spell_count(db: sqlite_utils.Database) -> int:
    """How many role spells are recorded."""
    return int(db.execute("SELECT COUNT(*) FROM role_spells").fetchone()[0])


def has_workforce(db: sqlite_utils.Database) -> bool:
    """Whether any role spell is recorded (no workforce: nothing to count or project)."""
    return db.execute("SELECT 1 FROM role_spells LIMIT 1").fetchone() is not None


def history_bounds(db: sqlite_utils.Database) -> tuple[date, date] | None:
    """The earliest spell start and the latest date anything is recorded for, or ``None`` if empty."""
    row = db.execute(
        "SELECT MIN(start_date), MAX(MAX(COALESCE(end_date, start_date)), MAX(start_date)) "
        "FROM role_spells"
    ).fetchone()
    if not row or row[0] is None:
        return None
    latest_case = db.execute("SELECT MAX(as_at) FROM caseloads").fetchone()[0]
    latest = max(row[1], latest_case or row[1])
    return must_date(row[0]), must_date(latest)


def load_spell_columns(
    db: sqlite_utils.Database, *, started_by: date, workers_in_post_since: date | None = None
) -> SpellColumns:
    """The role spells :func:`load_role_spells` gives (started by ``started_by``; with
    ``workers_in_post_since``, only those of workers in post on or after it), in its order, as
    the columns caseload pressure needs: no record per spell (58,000 of them at fifty times the
    demo took 0.4 s to make)."""
    from cswork.model.pressure_columns import SpellColumns

    rows = _spell_rows(db, started_by, workers_in_post_since)
    if not rows:
        return SpellColumns.build([], [], [], [], [], [], [], [], [])
    return SpellColumns.build(**_column_fields(*zip(*rows, strict=True)))


def _column_fields(
    refs: Sequence[str],
    teams: Sequence[str],
    roles: Sequence[int],
    contracts: Sequence[str],
    fte: Sequence[float],
    starts: Sequence[str],
    ends: Sequence[str | None],
    qualified: Sequence[str | None],
    cohorts: Sequence[str | None],
) -> dict[str, Any]:
    """Spells' stored columns as the columns :class:`~cswork.model.spell_table.SpellTable` and
    :class:`~cswork.model.pressure_columns.SpellColumns` take: whether each is the authority's
    own (not agency), and dates as day ordinals (each distinct date read once; no date is
    ``NO_DATE``, an open end ``OPEN_END``, the same in both)."""
    from cswork.model.spell_table import NO_DATE, OPEN_END

    ordinals: dict[str | None, int] = {None: NO_DATE, "": NO_DATE}
    for text in {*starts, *ends, *qualified}:
        if text and text not in ordinals:
            ordinals[text] = must_date(text).toordinal()
    agency = Contract.AGENCY.value
    return {
        "refs": refs,
        "teams": teams,
        "roles": roles,
        "la": [contract != agency for contract in contracts],
        "fte": fte,
        "start": [ordinals[text] for text in starts],
        "end": [OPEN_END if not text else ordinals[text] for text in ends],
        "qualified": [ordinals[text] for text in qualified],
        "cohort": cohorts,
    }


def _spell_filter(started_by: date, workers_in_post_since: date | None) -> tuple[str, list[str]]:
    """The WHERE clause and parameters for spells started by ``started_by`` (with
    ``workers_in_post_since``, only those of workers in post on or after it)."""
    conditions, params = ["s.start_date <= ?"], [started_by.isoformat()]
    if workers_in_post_since is not None:
        conditions.append(
            "s.worker_id IN (SELECT worker_id FROM role_spells "
            "WHERE end_date IS NULL OR end_date >= ?)"
        )
        params.append(workers_in_post_since.isoformat())
    return f"WHERE {' AND '.join(conditions)}", params


def _spell_rows(
    db: sqlite_utils.Database, started_by: date, workers_in_post_since: date | None
) -> list[tuple[Any, ...]]:
    """The spells :func:`load_role_spells` gives, in its order, as rows of the nine columns the
    Staff table and caseload pressure need: reference, team, OrgRole, contract, FTE, start, end,
    qualifying date and cohort (dates as stored text)."""
    where, params = _spell_filter(started_by, workers_in_post_since)
    rows: list[tuple[Any, ...]] = db.execute(
        "SELECT w.employee_ref, t.name, s.org_role, s.contract, s.fte, s.start_date, s.end_date, "
        "w.qualified_date, c.name FROM role_spells s JOIN workers w ON w.id = s.worker_id "
        "JOIN teams t ON t.id = s.team_id LEFT JOIN cohorts c ON c.id = w.cohort_id "
        f"{where} ORDER BY w.employee_ref, s.start_date",
        params,
    ).fetchall()
    return rows
