"""Applying establishment, demand, cohort and caseload imports (journalled upserts).

Caseloads are applied in bulk so that a million-row file is quick and keeps memory nearly flat:
records are written straight into ``caseloads`` in batches (worker ids come from a dict of the
workers, which grows with the workforce, not the file), and only a batch that meets a stored count
or repeats itself is looked at row by row (see :class:`_CaseloadWriter`).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterator
from itertools import chain
from typing import Any

from cswork.model.imports import ApplyContext
from cswork.model.records import (
    CASELOAD_BATCH,
    CaseloadBlock,
    CaseloadRecord,
    CohortRecord,
    DemandRecord,
    EstablishmentRecord,
    StagedColumns,
)
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import NamedRows, upsert
from cswork.store.apply_staged import Stage
from cswork.store.imports import Journal


def _count(ctx: ApplyContext, outcome: str) -> None:
    if outcome == "added":
        ctx.counts.added += 1
    elif outcome == "changed":
        ctx.counts.changed += 1


def apply_establishment(
    db: sqlite_utils.Database,
    records: Iterator[EstablishmentRecord],
    ctx: ApplyContext,
    journal: Journal,
) -> None:
    """Funded FTE by team, role and effective date; unknown teams created unless strict."""
    teams = NamedRows(db, journal, "teams")
    for record in records:
        team_id = teams.find(record.team)
        if team_id is None:
            if ctx.options.strict:
                ctx.problems.add(
                    record.row,
                    ctx.header_of("team"),
                    record.team,
                    "unknown team (strict mode: add it first, or import without --strict)",
                )
                continue
            team_id = teams.create(record.team)
        outcome, _ = upsert(
            db,
            journal,
            "establishment",
            {
                "team_id": team_id,
                "org_role": record.org_role,
                "effective_from": record.effective_from.isoformat(),
            },
            {"funded_fte": record.funded_fte},
        )
        _count(ctx, outcome)


def apply_demand(
    db: sqlite_utils.Database, records: Iterator[DemandRecord], ctx: ApplyContext, journal: Journal
) -> None:
    """Monthly demand counts by measure."""
    for record in records:
        outcome, _ = upsert(
            db,
            journal,
            "demand",
            {"month": record.month, "measure": record.measure},
            {"value": record.value},
        )
        _count(ctx, outcome)


def apply_cohorts(
    db: sqlite_utils.Database, records: Iterator[CohortRecord], ctx: ApplyContext, journal: Journal
) -> None:
    """Academy cohorts by name (matched case- and space-insensitively)."""
    cohorts = NamedRows(db, journal, "cohorts")
    for record in records:
        values = {"start_date": record.start.isoformat(), "planned_size": record.planned_size}
        found = cohorts.find(record.name)
        if found is None:
            cohorts.create(record.name, **values)
            ctx.counts.added += 1
            continue
        outcome, _ = upsert(db, journal, "cohorts", {"id": found}, values)
        _count(ctx, outcome)


_INSERT_CASELOAD = (
    "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (worker_id, as_at, case_type) DO NOTHING"
)


class _CaseloadWriter:
    """Writes caseload counts straight into ``caseloads``, a batch at a time.

    A batch is inserted with ``ON CONFLICT DO NOTHING``; when every row went in (the usual case)
    nothing more is needed. Otherwise each row of the batch is looked up: the rows inserted have
    the ids handed out in order, a key stored before this import is replaced (its before-image
    journalled), and a key this import already wrote is a duplicate within the file. The file row
    of each inserted row is kept (4 bytes a row), and of each stored count replaced, so that a
    duplicate can name the row it repeats.
    The inserted rows have consecutive ids, so the journal records them as one run.
    """

    def __init__(self, db: sqlite_utils.Database, ctx: ApplyContext, journal: Journal) -> None:
        self.db = db
        self.ctx = ctx
        self.journal = journal
        self.worker_ids = {
            ref: int(row_id) for row_id, ref in db.execute("SELECT id, employee_ref FROM workers")
        }
        #: Ids up to this one were stored before the import.
        self.newest = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM caseloads").fetchone()[0])
        self.next_id = self.newest + 1
        self.rows = array("I")  # file row of each inserted row, by id - newest - 1
        self.replaced: dict[int, int] = {}  # stored row id -> the file row that replaced it

    def write(self, parts: list[CaseloadRecord | CaseloadBlock]) -> None:
        """Check the worker references of a batch and write the rows that have known workers.

        Rows are written even after a problem has been found (the import will then be rolled
        back), so that every repeated row in the file is reported, not only the first few.
        """
        rows: list[int] = []
        params: list[tuple[int, str, str, int]] = []
        loose: list[CaseloadRecord] = []
        for part in parts:
            if isinstance(part, CaseloadRecord):
                loose.append(part)
                continue
            self._check(loose, rows, params)
            loose = []
            try:
                ids = list(map(self.worker_ids.__getitem__, part.worker_refs))
            except KeyError:  # an unknown worker: row by row, to name it
                self._check(part.records(), rows, params)
            else:
                rows += part.rows
                params += zip(ids, part.as_at, part.case_types, part.cases, strict=True)
        self._check(loose, rows, params)
        if not params:
            return
        conn = self.db.conn
        before = conn.total_changes
        conn.executemany(_INSERT_CASELOAD, params)
        if conn.total_changes - before == len(params):
            self.rows.extend(rows)
            self.next_id += len(params)
        else:
            self._resolve(rows, params)

    def _check(
        self,
        records: list[CaseloadRecord],
        rows: list[int],
        params: list[tuple[int, str, str, int]],
    ) -> None:
        """Add each record with a known worker to ``rows`` and ``params``; report the others."""
        find = self.worker_ids.get
        for r in records:
            worker_id = find(r.worker_ref)
            if worker_id is None:
                self.ctx.problems.add(
                    r.row,
                    self.ctx.header_of("worker_ref"),
                    r.worker_ref,
                    "unknown worker reference (import staff first, or correct the reference)",
                )
            else:
                rows.append(r.row)
                params.append((worker_id, r.as_at, r.case_type, r.cases))

    def _resolve(self, rows: list[int], params: list[tuple[int, str, str, int]]) -> None:
        """Sort out a batch in which some rows were not inserted (see the class notes)."""
        ctx = self.ctx
        for row, (worker_id, as_at, case_type, cases) in zip(rows, params, strict=True):
            found_id, stored = self.db.conn.execute(
                "SELECT id, cases FROM caseloads WHERE worker_id = ? AND as_at = ? "
                "AND case_type = ?",
                (worker_id, as_at, case_type),
            ).fetchone()
            if found_id == self.next_id:  # this row went in
                self.rows.append(row)
                self.next_id += 1
                continue
            first = (
                self.rows[found_id - self.newest - 1]
                if found_id > self.newest
                else self.replaced.get(found_id)
            )
            if first is not None:
                ctx.problems.add(
                    row,
                    ctx.header_of("case_type"),
                    case_type,
                    f"duplicate of row {first} (same worker, date and case type)",
                )
                continue
            self.replaced[found_id] = row
            if stored != cases:
                self.journal.updated(
                    "caseloads",
                    {
                        "id": found_id,
                        "worker_id": worker_id,
                        "as_at": as_at,
                        "case_type": case_type,
                        "cases": stored,
                    },
                )
                self.db.conn.execute(
                    "UPDATE caseloads SET cases = ? WHERE id = ?", (cases, found_id)
                )
                ctx.counts.changed += 1

    def finish(self) -> None:
        """Count and journal the inserted rows."""
        self.ctx.counts.added += self.next_id - 1 - self.newest
        self.journal.inserted_range("caseloads", self.newest + 1, self.next_id - 1)


def _staged_caseloads(
    db: sqlite_utils.Database, staged: StagedColumns, ctx: ApplyContext, journal: Journal
) -> bool:
    """Write a long caseload file from its stage (see :mod:`cswork.store.apply_staged`), if every
    row reads without a problem and adds a count for a known worker that neither the store nor
    the file holds already; else write nothing and return ``False``. The counts get the ids the
    careful writer would give them, in file order, and are journalled as one run, as it does."""
    with Stage(db, staged) as stage:
        if not stage.load():
            return False
        params: dict[str, Any] = {}
        values = [stage.value(name, params) for name in ("as_at", "case_type", "cases")]
        worker = stage.value("worker_ref", params)
        if worker is None or None in values:
            return False
        selected = ", ".join(value for value in values if value is not None)
        newest = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM caseloads").fetchone()[0])
        conn = db.conn
        before = conn.total_changes
        try:
            conn.execute(
                "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
                f"SELECT w.id, {selected} {stage.source(selected, worker)} "
                f"JOIN workers w ON w.employee_ref = {worker} ORDER BY s.rowid",
                params,
            )
        except sqlite3.IntegrityError:  # a count stored already, or twice in the file
            return False
        if conn.total_changes - before != stage.rows:  # a row with an unknown worker
            return False
        stage.keep()
    ctx.counts.read += stage.rows
    ctx.counts.added += stage.rows
    journal.inserted_range("caseloads", newest + 1, newest + stage.rows)
    return True


def apply_caseloads(
    db: sqlite_utils.Database,
    records: Iterator[CaseloadRecord | CaseloadBlock | StagedColumns],
    ctx: ApplyContext,
    journal: Journal,
) -> None:
    """Caseload counts: a stored count for the same worker, date and case type is replaced.

    A staged file (:class:`StagedColumns`) is written from its stage when it is clean, else from
    the records its careful reader gives."""
    first = next(records, None)
    parts: Iterator[CaseloadRecord | CaseloadBlock]
    if isinstance(first, StagedColumns):
        if _staged_caseloads(db, first, ctx, journal):
            return
        parts = first.careful()
    else:
        parts = chain([] if first is None else [first], records)  # type: ignore[arg-type]
    writer = _CaseloadWriter(db, ctx, journal)
    batch: list[CaseloadRecord | CaseloadBlock] = []
    held = 0
    for part in parts:
        size = 1 if isinstance(part, CaseloadRecord) else len(part.rows)
        if held + size > CASELOAD_BATCH:  # a block across a batch's end: as records
            for record in part.records() if isinstance(part, CaseloadBlock) else [part]:
                batch.append(record)
                held += 1
                if held == CASELOAD_BATCH:
                    writer.write(batch)
                    batch, held = [], 0
            continue
        batch.append(part)
        held += size
        if held == CASELOAD_BATCH:
            writer.write(batch)
            batch, held = [], 0
    if batch:
        writer.write(batch)
    writer.finish()
