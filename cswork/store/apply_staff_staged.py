"""A staff file written from its stage (see :mod:`cswork.store.apply_staged`), when it is clean.

Clean here means what the careful writer (:mod:`cswork.store.apply_staff`) would write as new
workers with new spells and nothing else: every value reads, no worker is stored already, no
employee ref and start date comes twice, no spell ends before it starts, no SWE number is given
(each is hashed on its own), every cohort named is known, and a worker met on several rows (several
spells) has the same details on each, or none on any (so no row changes what an earlier one gave).
Teams not yet known are created, as the careful writer creates them, unless ``--strict``. Then the
workers and their spells get the ids the careful writer gives them (workers in the order they are
first met, spells in file order), and the journal gets the same entries in the same order: a new
team's entry where its first row comes, and the workers' and spells' runs of ids where the careful
writer's batches (:data:`cswork.store.apply_bulk._BATCH` inserts) would flush.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from cswork.model.imports import ApplyContext
from cswork.model.money import JOB_TYPE_ROLES, JobType
from cswork.model.records import StagedColumns
from cswork.store import apply_bulk
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import NamedRows
from cswork.store.apply_staged import STAGE, Stage
from cswork.store.imports import Journal

_NEW_WORKERS = "temp.cswork_new_workers"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _member(value: Enum | None) -> Any:
    return None if value is None else value.value


def _job_type_role(value: str) -> int:
    """The OrgRole of an agency job type (a file whose roles come from job types alone)."""
    return JOB_TYPE_ROLES[JobType(value)]


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


#: Spell columns and the staged value each is written from (with how it is stored).
_SPELL: dict[str, tuple[str, Callable[[Any], Any] | None]] = {
    "start_date": ("start", _iso),
    "contract": ("contract", _member),
    "job_title": ("title", None),
    "end_date": ("end", _iso),
    "leaving_reason": ("reason", _member),
    "leaver_destination": ("destination", _member),
    "agency_supplier": ("supplier", None),
    "agency_hourly_charge": ("charge", None),
    "covering_vacancy": ("covering", _flag),
    "agency_job_type": ("job_type", None),
    "weekly_hours": ("weekly_hours", None),
    "project_team": ("project_team", _flag),
    "recruitment_route": ("route", None),
}
#: Worker columns and the staged value each is written from (the cohort's id is found by name).
_WORKER: dict[str, tuple[str, Callable[[Any], Any] | None]] = {
    "qualified_date": ("qualified", _iso),
    "display_name": ("name", None),
    "date_of_birth": ("born", _iso),
    "gender": ("gender", None),
    "ethnicity": ("ethnicity", None),
}


def staged_staff(
    db: sqlite_utils.Database, staged: StagedColumns, ctx: ApplyContext, journal: Journal
) -> bool:
    """Write a clean staff file from its stage (see the module notes) and return ``True``; else
    write nothing and return ``False``."""
    has = staged.positions.keys() | staged.constants.keys()
    with Stage(db, staged) as stage:
        if not stage.load():
            return False
        swe = stage.parsed("swe") if "swe" in has else {}
        if swe is None or any(value is not None for value in swe.values()):
            return False
        params: dict[str, Any] = {}
        given = {
            "employee_ref": ("ref", None),
            "org_role": _role(has),
            "fte": ("fte" if "fte" in has else "hours", None),
            **{column: how for column, how in _SPELL.items() if how[0] in has},
        }
        spell = _values(stage, given, params)
        worker = _values(stage, {c: how for c, how in _WORKER.items() if how[0] in has}, params)
        cohorts = NamedRows(db, journal, "cohorts")
        if "cohort" in has and spell is not None and worker is not None:
            names = stage.parsed("cohort")
            cohort = None
            if names is not None and all(
                name is None or cohorts.find(name) is not None for name in names.values()
            ):
                cohort = stage.value("cohort", params, _found(cohorts))
            if cohort is None:
                return False
            worker["cohort_id"] = cohort
        teams = stage.parsed("team")
        if spell is None or worker is None or teams is None:
            return False
        ref = spell.pop("employee_ref")
        sql = _Sql(stage, params, ref)
        if not sql.clean(spell["start_date"], spell.get("end_date"), worker):
            return False
        named = NamedRows(db, journal, "teams")
        first_team = sql.first_rows(stage.column("team"))
        if ctx.options.strict and any(named.find(teams[raw]) is None for raw in first_team):
            return False
        first_worker = sql.first_workers()
        worker_id = _next_id(db, "workers")
        spell_id = _next_id(db, "role_spells")
        pending = journal.pending()
        _journal(journal, named, teams, first_team, first_worker, stage.rows, worker_id, spell_id)
        team = stage.value("team", params, _found(named))
        assert team is not None  # every name parsed, and every team is found now
        spell["team_id"] = team
        try:
            sql.write(worker_id, spell_id, worker, spell)
        except sqlite3.IntegrityError:  # a value the schema refuses: as the careful writer finds
            journal.restore(pending)
            return False
        stage.keep()
    ctx.counts.read += stage.rows
    ctx.counts.added += stage.rows
    return True


def _role(has: set[str]) -> tuple[str, Callable[[Any], Any] | None]:
    """Where each row's OrgRole comes from: the file's roles, else its job titles, else its
    agency job types (as the importer chose)."""
    if "role" in has:
        return "role", None
    if "title_role" in has:
        return "title_role", None
    return "job_type", _job_type_role


def _values(
    stage: Stage, given: dict[str, tuple[str, Callable[[Any], Any] | None]], params: dict[str, Any]
) -> dict[str, str] | None:
    """The SQL expression of each column's value (see :meth:`Stage.value`), or ``None`` if any
    value has a problem."""
    values = {}
    for column, (name, convert) in given.items():
        value = stage.value(name, params, convert)
        if value is None:
            return None
        values[column] = value
    return values


def _found(rows: NamedRows) -> Callable[[str | None], int | None]:
    def find(name: str | None) -> int | None:
        return None if name is None else rows.find(name)

    return find


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM [{table}]").fetchone()[0])


class _Sql:
    """SQL over the stage ``s`` for the workers ``ref`` (an SQL expression) names."""

    def __init__(self, stage: Stage, params: dict[str, Any], ref: str) -> None:
        self.stage = stage
        self.conn = stage.conn
        self.params = params
        self.ref = ref
        #: Whether every row names a worker of its own (no worker has several spells).
        self.unique = ref == stage.column("ref") and len(stage.distinct_of("ref")) == stage.rows

    def any(self, sql: str) -> bool:
        return bool(self.conn.execute(f"SELECT EXISTS ({sql})", self.params).fetchone()[0])

    def clean(self, start: str, end: str | None, worker: dict[str, str]) -> bool:
        """Whether no worker is stored already, no employee ref and start date comes twice, no
        spell ends before it starts, and each worker's details are the same on all its rows."""
        ref, source = self.ref, self.stage.source
        if self.any(f"SELECT 1 {source(ref)} JOIN workers w ON w.employee_ref = {ref}"):
            return False
        if end is not None and self.any(f"SELECT 1 {source(start, end)} WHERE {end} < {start}"):
            return False
        if self.unique:
            return True
        if self.any(f"SELECT 1 {source(ref, start)} GROUP BY {ref}, {start} HAVING count(*) > 1"):
            return False
        if worker:
            differ = " OR ".join(
                f"count(DISTINCT {value}) > 1 OR count({value}) NOT IN (0, count(*))"
                for value in worker.values()
            )
            if self.any(f"SELECT 1 {source(ref, differ)} GROUP BY {ref} HAVING {differ}"):
                return False
        return True

    def first_rows(self, value: str) -> dict[Any, int]:
        """The first staged row of each distinct ``value``, in file order."""
        rows = self.conn.execute(
            f"SELECT {value}, min(s.rowid) AS first {self.stage.source(value)} "
            f"GROUP BY {value} ORDER BY first",
            self.params,
        )
        return dict(rows.fetchall())

    def first_workers(self) -> set[int] | range:
        """The staged rows where each worker is first met."""
        if self.unique:
            return range(1, self.stage.rows + 1)
        return set(self.first_rows(self.ref).values())

    def write(
        self, worker_id: int, spell_id: int, worker: dict[str, str], spell: dict[str, str]
    ) -> None:
        """Insert the new workers (ids from ``worker_id`` in the order first met) and their spells
        (ids from ``spell_id`` in file order)."""
        conn, ref, source = self.conn, self.ref, self.stage.source
        params = {**self.params, "cswork_worker_id": worker_id, "cswork_spell_id": spell_id}
        names = "".join(f", {column}" for column in worker)
        values = "".join(f", {value}" for value in worker.values())
        if self.unique:  # the n-th row's worker is the n-th new worker
            conn.execute(
                f"INSERT INTO workers (id, employee_ref{names}) SELECT :cswork_worker_id + "
                f"s.rowid - 1, {ref}{values} {source(ref, values)} ORDER BY s.rowid",
                params,
            )
            worker_of, new_workers = ":cswork_worker_id + s.rowid - 1", ""
        else:
            self.stage.made.append(_NEW_WORKERS)
            conn.execute(f"CREATE TABLE {_NEW_WORKERS} (ref TEXT PRIMARY KEY, id, first)")
            conn.execute(
                f"INSERT INTO {_NEW_WORKERS} (ref, id, first) SELECT ref, :cswork_worker_id + "
                "row_number() OVER (ORDER BY first) - 1, first FROM "
                f"(SELECT {ref} AS ref, min(s.rowid) AS first {source(ref)} GROUP BY {ref})",
                params,
            )
            joins = source(values).removeprefix(f"FROM {STAGE} s")
            conn.execute(
                f"INSERT INTO workers (id, employee_ref{names}) SELECT n.id, n.ref{values} "
                f"FROM {_NEW_WORKERS} n CROSS JOIN {STAGE} s ON s.rowid = n.first{joins} "
                "ORDER BY n.id",
                params,
            )
            worker_of, new_workers = "n.id", f" JOIN {_NEW_WORKERS} n ON n.ref = {ref}"
        conn.execute(
            f"INSERT INTO role_spells (id, worker_id, {', '.join(spell)}) "
            f"SELECT :cswork_spell_id + s.rowid - 1, {worker_of}, {', '.join(spell.values())} "
            f"{source(ref, *spell.values())}{new_workers} ORDER BY s.rowid",
            params,
        )


def _journal(
    journal: Journal,
    teams: NamedRows,
    team_names: dict[str, Any],
    first_team: dict[str, int],
    first_worker: set[int] | range,
    rows: int,
    worker_id: int,
    spell_id: int,
) -> None:
    """Create the new teams and journal them, the workers and the spells as the careful writer
    would, row after row: a team at its first row, and the runs of workers and spells where its
    batches of inserts flush (a spells' flush writes the workers' first)."""
    batch = apply_bulk._BATCH
    new_team: dict[int, list[str]] = {}
    for raw, row in first_team.items():
        if teams.find(team_names[raw]) is None:
            new_team.setdefault(row, []).append(team_names[raw])
    workers_from = worker_next = worker_id
    spells_from = spell_next = spell_id
    workers_waiting = spells_waiting = 0
    for row in range(1, rows + 1):
        for name in new_team.get(row, ()):
            if teams.find(name) is None:  # another spelling of a team made may come first
                teams.create(name)
        if row in first_worker:
            worker_next += 1
            workers_waiting += 1
            if workers_waiting >= batch:
                journal.inserted_range("workers", workers_from, worker_next - 1)
                workers_from, workers_waiting = worker_next, 0
        spell_next += 1
        spells_waiting += 1
        if spells_waiting >= batch:
            journal.inserted_range("workers", workers_from, worker_next - 1)
            workers_from, workers_waiting = worker_next, 0
            journal.inserted_range("role_spells", spells_from, spell_next - 1)
            spells_from, spells_waiting = spell_next, 0
    journal.inserted_range("workers", workers_from, worker_next - 1)
    journal.inserted_range("role_spells", spells_from, spell_next - 1)
