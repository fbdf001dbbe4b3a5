"""Role spells read as rows: the query the store reads them with, and a
:class:`~cswork.model.spell_table.SpellTable` of rows read with their dates and flags as numbers,
whose records are made only when asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, overload

from cswork.model.workforce import Contract, RoleSpell
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date

if TYPE_CHECKING:
    from cswork.model.spell_table import Ints, SpellTable

#: Every role spell (with a WHERE clause) and its worker's qualifying date and cohort: the fields
#: of a :class:`~cswork.model.workforce.RoleSpell` in order, by worker reference and start.
SPELLS_SQL = """
SELECT w.employee_ref, t.name AS team, s.org_role, s.contract, s.fte, s.start_date, s.end_date,
       s.leaving_reason, w.qualified_date, c.name AS cohort, s.covering_vacancy,
       s.agency_hourly_charge, s.job_title, s.agency_supplier, s.agency_job_type, s.weekly_hours,
       s.project_team, s.recruitment_route, s.leaver_destination
FROM role_spells s
JOIN workers w ON w.id = s.worker_id
JOIN teams t ON t.id = s.team_id
LEFT JOIN cohorts c ON c.id = w.cohort_id
{where}
ORDER BY w.employee_ref, s.start_date
"""

#: Contracts by their stored value.
CONTRACTS = {contract.value: contract for contract in Contract}


def _ordinal_sql(column: str) -> str:
    """SQL for the day ordinal of a date column (:meth:`datetime.date.toordinal`), NULL unless
    the text is a plain ISO date (SQLite and Python read other text differently: to SQLite,
    '04000101' is a Julian day in the year 6239; to Python, 1 January 400)."""
    return (
        f"(CASE WHEN date({column}) = {column} AND {column} >= '0001-01-01' "
        f"THEN CAST(julianday({column}) - 1721424.5 AS INTEGER) END)"
    )


def _ordinal_or_none_sql(column: str) -> str:
    """:func:`_ordinal_sql`, 0 for no date (NULL or empty)."""
    return f"(CASE WHEN {column} IS NULL OR {column} = '' THEN 0 ELSE {_ordinal_sql(column)} END)"


#: Day ordinals packed in a number take 22 bits (the last date, 9999-12-31, is day 3,652,059).
_DAY_BITS = 22

#: The spells of :data:`SPELLS_SQL`, in its order, with the fields a table reads as numbers,
#: packed (into Python objects, 58,000 rows of nineteen fields took a third of a second: each
#: field a number saves making a string, and reading dates as numbers saves reading the text):
#: the reference, team, FTE, leaving reason, cohort, hourly charge, job title, agency supplier and
#: job type, weekly hours, recruitment route and leaver destination as stored, then the OrgRole,
#: contract, covering-vacancy and project-team flags and start date packed in one number (see
#: :func:`_packed`), and the end and qualifying dates in another. A date is its day ordinal, 0 for
#: none (NULL or empty); a date that is not plain ISO text, or an unknown contract, makes the
#: packed number NULL (the store then packs the rows of :data:`SPELLS_SQL` itself).
PACKED_SPELLS_SQL = f"""
SELECT w.employee_ref, t.name, s.fte, s.leaving_reason, c.name, s.agency_hourly_charge,
       s.job_title, s.agency_supplier, s.agency_job_type, s.weekly_hours, s.recruitment_route,
       s.leaver_destination,
       s.org_role + 8 * (CASE s.contract WHEN 'permanent' THEN 0 WHEN 'fixed_term' THEN 1
                         WHEN 'agency' THEN 2 END)
       + 32 * COALESCE(s.covering_vacancy + 1, 0) + 128 * COALESCE(s.project_team + 1, 0)
       + 512 * {_ordinal_sql("s.start_date")},
       {_ordinal_or_none_sql("s.end_date")}
       + {1 << _DAY_BITS} * {_ordinal_or_none_sql("w.qualified_date")}
FROM role_spells s
JOIN workers w ON w.id = s.worker_id
JOIN teams t ON t.id = s.team_id
LEFT JOIN cohorts c ON c.id = w.cohort_id
{{where}}
ORDER BY w.employee_ref, s.start_date
"""

#: Contracts by their number in a packed spell.
_CONTRACT_CODES = (Contract.PERMANENT, Contract.FIXED_TERM, Contract.AGENCY)


def _packed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row of :data:`SPELLS_SQL` as :data:`PACKED_SPELLS_SQL` gives it (for dates SQLite
    does not read as Python does: each read by :func:`must_date`)."""

    def ordinal(text: str | None) -> int:
        return must_date(text).toordinal() if text else 0

    flags = row[2] + 8 * _CONTRACT_CODES.index(CONTRACTS[row[3]])
    flags += 32 * (0 if row[10] is None else row[10] + 1)
    flags += 128 * (0 if row[16] is None else row[16] + 1) + 512 * must_date(row[5]).toordinal()
    dates = ordinal(row[6]) + (ordinal(row[8]) << _DAY_BITS)
    return (row[0], row[1], row[4], row[7], row[9], *row[11:16], *row[17:], flags, dates)


def _packed_record(row: tuple[Any, ...], day: Callable[[int], date]) -> RoleSpell:
    """The record of a row of :data:`PACKED_SPELLS_SQL`."""
    flags, dates = row[12], row[13]
    end, qualified = dates & ((1 << _DAY_BITS) - 1), dates >> _DAY_BITS
    return RoleSpell(
        row[0],
        row[1],
        flags & 7,
        _CONTRACT_CODES[(flags >> 3) & 3],
        row[2],
        day(flags >> 9),
        day(end) if end else None,
        row[3],
        day(qualified) if qualified else None,
        row[4],
        (flags >> 5) & 3 == 2,
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        (flags >> 7) & 3 == 2,
        row[10],
        row[11],
    )


def _day_of_ordinal() -> Callable[[int], date]:
    """``date.fromordinal`` remembering each day it has made."""
    days: dict[int, date] = {}

    def day(ordinal: int) -> date:
        found = days.get(ordinal)
        if found is None:
            found = days[ordinal] = date.fromordinal(ordinal)
        return found

    return day


class _SpellRecords(Sequence[RoleSpell]):
    """The records of rows of :data:`PACKED_SPELLS_SQL`, each made when first asked for; with
    ``index`` (an array of row numbers), only those rows, in that order. Records made, and fields
    read without records, are shared with the sequence these were picked from."""

    def __init__(
        self,
        rows: Sequence[tuple[Any, ...]],
        index: Any = None,
        made: list[RoleSpell | None] | None = None,
        day: Callable[[int], date] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        self._rows = rows
        self._index = index  # None: every row, in order
        self._made: list[RoleSpell | None] = [None] * len(rows) if made is None else made
        self._day = _day_of_ordinal() if day is None else day
        self._fields: dict[str, Any] = {} if fields is None else fields

    def __len__(self) -> int:
        return len(self._rows) if self._index is None else len(self._index)

    @overload
    def __getitem__(self, index: int) -> RoleSpell: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RoleSpell]: ...

    def __getitem__(self, index: int | slice) -> RoleSpell | Sequence[RoleSpell]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = index if self._index is None else int(self._index[index])
        made = self._made[row]
        if made is None:
            made = self._made[row] = _packed_record(self._rows[row], self._day)
        return made

    def __iter__(self) -> Iterator[RoleSpell]:
        return map(self.__getitem__, range(len(self)))

    def _stored(self, rows: Any) -> Any:
        """The stored row numbers of ``rows`` of these (an array)."""
        import numpy as np

        rows = np.asarray(rows, dtype=np.int64)
        return rows if self._index is None else self._index[rows]

    def picked(self, rows: Any) -> _SpellRecords:
        """The records of ``rows`` of these (an array of row numbers), in that order, still made
        only when asked for."""
        return _SpellRecords(self._rows, self._stored(rows), self._made, self._day, self._fields)

    def field(self, name: str, rows: Any) -> list[Any]:
        """One field of the records of ``rows`` (an array of row numbers), as the records would
        give it, without making them: only fields that are the stored value itself (the FTE,
        hourly charge, recruitment route and leaver destination)."""
        import numpy as np

        values = self._fields.get(name)
        if values is None:
            column = _RAW_FIELDS[name]
            values = np.empty(len(self._rows), dtype=object)
            values[:] = [row[column] for row in self._rows]
            self._fields[name] = values
        picked: list[Any] = values[self._stored(rows)].tolist()
        return picked


#: Record fields that are the stored value itself, by their column in :data:`PACKED_SPELLS_SQL`.
_RAW_FIELDS = {"fte": 2, "hourly_charge": 5, "route": 10, "destination": 11}


def packed_rows(db: sqlite_utils.Database, where: str, params: list[str]) -> list[tuple[Any, ...]]:
    """The rows of :data:`PACKED_SPELLS_SQL` with a WHERE clause, packed by the store when SQLite
    could not pack them all (read again, so that every row is of the same reading)."""
    rows: list[tuple[Any, ...]] = db.execute(
        PACKED_SPELLS_SQL.format(where=where), params
    ).fetchall()
    if any(row[12] is None or row[13] is None for row in rows):
        rows = [_packed(row) for row in db.execute(SPELLS_SQL.format(where=where), params)]
    return rows


def covers_vacancy(rows: list[tuple[Any, ...]]) -> list[bool]:
    """Whether each of rows of :data:`PACKED_SPELLS_SQL` covers a vacancy."""
    return [(row[12] >> 5) & 3 == 2 for row in rows]


def table_of_rows(rows: list[tuple[Any, ...]]) -> SpellTable:
    """The table of rows of :data:`PACKED_SPELLS_SQL`, with records made when asked for: what
    ``SpellTable.of_columns`` makes of the records' fields (workers numbered by first appearance,
    teams and cohorts by name), with workers numbered by numpy (the rows are in reference order,
    so a worker's spells are together) and the dates and flags unpacked by numpy."""
    import numpy as np

    from cswork.model.spell_table import NO_DATE, OPEN_END, SpellTable, month_and_day

    columns = list(zip(*rows, strict=True)) or [()] * 14
    refs, teams, fte, _, cohorts = columns[:5]
    flags = np.array(columns[12], dtype=np.int64)
    dates = np.array(columns[13], dtype=np.int64)
    ref_names, worker = _grouped_numbers(refs)
    if len(set(ref_names)) != len(ref_names):  # not grouped (not read in reference order)
        ref_names = tuple(dict.fromkeys(refs))
        number = {ref: i for i, ref in enumerate(ref_names)}
        worker = np.array([number[ref] for ref in refs], dtype=np.int64)
    team_names = sorted(set(teams))
    team_of = {team: i for i, team in enumerate(team_names)}
    cohort_names = sorted({c for c in cohorts if c})
    cohort_of: dict[str | None, int] = {name: i for i, name in enumerate(cohort_names)}
    cohort_of[None] = cohort_of[""] = -1
    end = dates & ((1 << _DAY_BITS) - 1)
    qualified = dates >> _DAY_BITS
    qualified = np.where(qualified != 0, qualified, NO_DATE)
    qualified_month, qualified_day = month_and_day(
        np.where(qualified != NO_DATE, qualified, _EPOCH)
    )
    return SpellTable(
        spells=_SpellRecords(rows),
        refs=ref_names,
        teams=tuple(team_names),
        cohorts=tuple(cohort_names),
        worker=worker,
        team=np.array([team_of[team] for team in teams], dtype=np.int64),
        role=flags & 7,
        la=(flags >> 3) & 3 != 2,
        fte=np.array(fte, dtype=np.float64),
        start=flags >> 9,
        end=np.where(end != 0, end, OPEN_END),
        qualified=qualified,
        cohort=np.array([cohort_of[c] for c in cohorts], dtype=np.int64),
        in_cohort=np.array(cohorts, dtype=object) != None,  # noqa: E711 (elementwise)
        qualified_month=qualified_month,
        qualified_day=qualified_day,
    )


#: The ordinal of 1 January 1970 (the epoch of numpy's dates).
_EPOCH = date(1970, 1, 1).toordinal()


def _grouped_numbers(refs: Sequence[str]) -> tuple[tuple[str, ...], Ints]:
    """The distinct references of ``refs`` (whose equal entries are next to one another), in
    order, and each entry's number among them."""
    import numpy as np

    values = np.array(refs, dtype=object)
    new = np.ones(len(values), dtype=np.bool_)
    np.not_equal(values[1:], values[:-1], out=new[1:])
    numbers: Ints = np.cumsum(new, dtype=np.int64) - 1
    return tuple(values[new].tolist()), numbers
