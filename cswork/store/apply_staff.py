"""Applying a staff import: workers, their role spells, and closing spells absent from a snapshot.

A row matches a stored spell by employee ref and start date and updates it; otherwise it adds one.
Worker details (qualified date, cohort, and the optional personal fields) are only ever filled in or
changed by a value, never cleared by a blank cell. Unknown teams and cohorts are created (and
journalled) unless the import is strict, when they are problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain, repeat
from typing import Any

from cswork.model.imports import ApplyContext
from cswork.model.records import StaffBlock, StaffRecord, StagedColumns
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_bulk import KeyedRows
from cswork.store.apply_common import NamedRows
from cswork.store.apply_staff_staged import staged_staff
from cswork.store.imports import Journal, row_dict
from cswork.store.swe import SweHasher

#: Spell columns, the import field each comes from (written only when the file has that field),
#: and the record attribute holding it.
_SPELL_FIELDS = {
    "job_title": ("job_title", "job_title"),
    "end_date": ("end_date", "end"),
    "leaving_reason": ("leaving_reason", "leaving_reason"),
    "leaver_destination": ("leaver_destination", "leaver_destination"),
    "agency_supplier": ("agency_supplier", "agency_supplier"),
    "agency_hourly_charge": ("hourly_charge", "hourly_charge"),
    "covering_vacancy": ("covering_vacancy", "covering_vacancy"),
    "agency_job_type": ("agency_job_type", "agency_job_type"),
    "weekly_hours": ("hours", "weekly_hours"),
    "project_team": ("project_team", "project_team"),
    "recruitment_route": ("recruitment_route", "route"),
}


def _spell_values(record: StaffRecord, fields: list[tuple[str, str]]) -> dict[str, Any]:
    """The spell's values: role, contract and FTE, and each of ``fields`` (the optional spell
    columns the file has, as column and record attribute)."""
    values: dict[str, Any] = {
        "org_role": record.org_role,
        "contract": record.contract.value,
        "fte": record.fte,
    }
    for column, attribute in fields:
        value = getattr(record, attribute)
        if column == "end_date":
            value = value.isoformat() if value else None
        elif column in ("covering_vacancy", "project_team") and value is not None:
            value = int(value)
        values[column] = value
    return values


#: The position of each StaffRecord field (after ``row``) among a StaffBlock's columns.
_AT = {name: index for index, name in enumerate(StaffRecord._fields[1:])}
#: Worker columns written from a file's values (only when given), with the block column of each;
#: the cohort's id is found by name, and the SWE number (hashed) is left to :meth:`apply`.
_WORKER_FIELDS = (
    ("qualified_date", "qualified"),
    ("cohort_id", "cohort"),
    ("display_name", "name"),
    ("date_of_birth", "date_of_birth"),
    ("gender", "gender"),
    ("ethnicity", "ethnicity"),
)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _ids(names: list[Any], find: Callable[[str], int | None]) -> list[int | None]:
    """The id of each of ``names`` (``None`` kept), each distinct name found once."""
    id_of = {name: None if name is None else find(name) for name in set(names)}
    return list(map(id_of.__getitem__, names))


def _worker_columns(
    part: list[list[Any]], find_cohort: Callable[[str], int | None]
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The worker columns a run of new workers gives (those with a value in any row: a row
    without one writes NULL, as the column would be left), and their values."""
    names: list[str] = []
    values: list[list[Any]] = []
    for name, attribute in _WORKER_FIELDS:
        column = part[_AT[attribute]]
        if column.count(None) == len(column):
            continue
        if name == "cohort_id":
            column = _ids(column, find_cohort)
        elif name in ("qualified_date", "date_of_birth"):
            column = list(map(_iso, column))
        names.append(name)
        values.append(column)
    return tuple(names), values


def _spell_column(column: str, part: list[list[Any]]) -> list[Any]:
    """The values of an optional spell column for a run of rows, as :func:`_spell_values` gives."""
    values = part[_AT[_SPELL_FIELDS[column][1]]]
    if column == "end_date":
        return list(map(_iso, values))
    if column in ("covering_vacancy", "project_team"):
        return [None if value is None else int(value) for value in values]
    return values


def _contract_values(contracts: list[Any]) -> list[str]:
    value_of = {contract: contract.value for contract in set(contracts)}
    return list(map(value_of.__getitem__, contracts))


class _StaffApplier:
    def __init__(self, db: sqlite_utils.Database, ctx: ApplyContext, journal: Journal) -> None:
        self.db = db
        self.ctx = ctx
        self.journal = journal
        self.teams = NamedRows(db, journal, "teams")
        self.cohorts = NamedRows(db, journal, "cohorts")
        self.workers = KeyedRows(db, journal, "workers", ("employee_ref",))
        self.spells = KeyedRows(
            db,
            journal,
            "role_spells",
            ("worker_id", "start_date"),
            parent=self.workers,
            remember=False,  # the file has each employee ref and start date once
        )
        self.touched: set[int] = set()
        self._hasher: SweHasher | None = None
        #: The optional spell columns the file has (known once parsing has read the header).
        self.spell_fields: list[tuple[str, str]] | None = None

    def _named(
        self, rows: NamedRows, record: StaffRecord, field: str, name: str, **new: Any
    ) -> int | None:
        found = rows.find(name)
        if found is not None:
            return found
        if self.ctx.options.strict:
            self.ctx.problems.add(
                record.row,
                self.ctx.header_of(field),
                name,
                f"unknown {field} (strict mode: add it first, or import without --strict)",
            )
            return None
        return rows.create(name, **new)

    def _worker_values(self, record: StaffRecord, cohort_id: int | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if record.qualified:
            values["qualified_date"] = record.qualified.isoformat()
        if cohort_id is not None:
            values["cohort_id"] = cohort_id
        if record.swe_number:
            if self.ctx.options.keep_swe:
                values["swe_number"] = record.swe_number
            else:
                self._hasher = self._hasher or SweHasher(self.db)
                values["swe_number"] = self._hasher.digest(record.swe_number)
        if record.name:
            values["display_name"] = record.name
        if record.date_of_birth:
            values["date_of_birth"] = record.date_of_birth.isoformat()
        if record.gender:
            values["gender"] = record.gender
        if record.ethnicity:
            values["ethnicity"] = record.ethnicity
        return values

    def _spell_fields(self) -> list[tuple[str, str]]:
        """The optional spell columns the file has, as column and record attribute."""
        if self.spell_fields is None:
            present = set(self.ctx.present)
            if "pay_rate" in present:  # the charge when the file has no charge column
                present.add("hourly_charge")
            self.spell_fields = [
                (column, attribute)
                for column, (field, attribute) in _SPELL_FIELDS.items()
                if field in present
            ]
        return self.spell_fields

    def apply_block(self, block: StaffBlock) -> None:
        """Apply a block's rows in file order, as :meth:`apply` would one at a time: each run of
        rows that adds a new worker with a new spell, in a known team and cohort and with no SWE
        number to hash, by column (:meth:`_add_run`); any other row on its own (the first row
        naming a new team or cohort creates it, so the rows after it can join a run)."""
        columns = block.columns
        refs, teams, cohorts, swe = columns[0], columns[1], columns[11], columns[18]
        find_team, find_cohort = self.teams.find, self.cohorts.find
        team_of = {name: find_team(name) for name in set(teams)}
        cohort_of = {name: find_cohort(name) for name in set(cohorts) if name is not None}
        keys = list(zip(refs))
        stored, added = self.workers.rows, self.workers.new
        size = len(keys)
        if (
            None in team_of.values()
            or None in cohort_of.values()
            or swe.count(None) != size
            or len(set(keys)) != size
            or not stored.keys().isdisjoint(keys)
            or not added.keys().isdisjoint(keys)
        ):
            slow = self._slow_rows(keys, teams, team_of, cohorts, cohort_of, swe)
        else:
            slow = []
        start = 0
        records = block.records() if slow else []
        for index in [*slow, size]:
            if start < index:
                self._add_run(block, start, index)
            if index < size:
                self.ctx.counts.read += 1
                self.apply(records[index])
            start = index + 1

    def _slow_rows(
        self,
        keys: list[tuple[str]],
        teams: list[str],
        team_of: dict[str, int | None],
        cohorts: list[str | None],
        cohort_of: dict[str, int | None],
        swe: list[str | None],
    ) -> list[int]:
        """The rows of a block to apply one at a time: a worker already stored or met before in
        the file, an SWE number, and a team or cohort not yet known: in its first row (which
        creates it), or in every row in strict mode (each is refused)."""
        stored, added = self.workers.rows, self.workers.new
        strict = self.ctx.options.strict
        seen: set[tuple[str]] = set()
        created: set[tuple[str, str | None]] = set()  # teams and cohorts a slow row creates
        slow = []
        for index, key in enumerate(keys):
            team, cohort = teams[index], cohorts[index]
            new_team = team_of[team] is None and (strict or ("team", team) not in created)
            new_cohort = (
                cohort is not None
                and cohort_of[cohort] is None
                and (strict or ("cohort", cohort) not in created)
            )
            if (
                key in stored
                or key in added
                or key in seen
                or new_team
                or new_cohort
                or swe[index] is not None
            ):
                slow.append(index)
                created.add(("team", team))
                created.add(("cohort", cohort))
            seen.add(key)
        return slow

    def _add_run(self, block: StaffBlock, start: int, stop: int) -> None:
        """Rows ``start`` to ``stop`` of a block, each a new worker with a new spell in a known
        team and cohort: written in chunks that end wherever one row at a time would flush, so
        that ids, batches and journal entries are the same."""
        workers, spells = self.workers, self.spells
        fields = self._spell_fields()
        spell_names = (
            "worker_id", "start_date", "org_role", "contract", "fte",
            *(column for column, _ in fields), "team_id",
        )  # fmt: skip
        while start < stop:
            end = min(stop, start + workers.room(), start + spells.room())
            part = [column[start:end] for column in block.columns]
            refs = part[0]
            worker_names, worker_values = _worker_columns(part, self.cohorts.find)
            given: Any = repeat({})
            if worker_names:
                given = map(dict, map(zip, repeat(worker_names), zip(*worker_values, strict=True)))
            first_worker = workers.add_new(
                list(zip(refs)), ("employee_ref", *worker_names), [refs, *worker_values], given
            )
            worker_ids = range(first_worker, first_worker + len(refs))
            starts = list(map(date.isoformat, part[6]))
            first_spell = spells.add_new(
                list(zip(worker_ids, starts, strict=True)),
                spell_names,
                [
                    worker_ids,
                    starts,
                    part[2],
                    _contract_values(part[4]),
                    part[5],
                    *(_spell_column(column, part) for column, _ in fields),
                    _ids(part[1], self.teams.find),
                ],
            )
            count = end - start
            self.touched.update(range(first_spell, first_spell + count))
            self.ctx.counts.read += count
            self.ctx.counts.added += count
            start = end

    def apply(self, record: StaffRecord) -> None:
        team_id = self._named(self.teams, record, "team", record.team)
        cohort_id = None
        if record.cohort:
            cohort_id = self._named(
                self.cohorts, record, "cohort", record.cohort, start_date=record.start.isoformat()
            )
            if cohort_id is None:
                return
        if team_id is None:
            return
        worker_outcome, worker_id = self.workers.upsert(
            (record.employee_ref,), self._worker_values(record, cohort_id)
        )
        values = _spell_values(record, self._spell_fields())
        values["team_id"] = team_id
        outcome, spell_id = self.spells.upsert((worker_id, record.start.isoformat()), values)
        self.touched.add(spell_id)
        if outcome == "added":
            self.ctx.counts.added += 1
        elif outcome == "changed" or worker_outcome == "changed":
            self.ctx.counts.changed += 1

    def close_absent(self) -> None:
        snapshot = self.ctx.options.snapshot
        if snapshot is None:
            return
        on = snapshot.isoformat()
        rows = self.db.execute(
            "SELECT s.id, w.employee_ref, t.name, s.start_date FROM role_spells s "
            "JOIN workers w ON w.id = s.worker_id JOIN teams t ON t.id = s.team_id "
            "WHERE s.end_date IS NULL AND s.start_date <= ? ORDER BY w.employee_ref, s.start_date",
            (on,),
        ).fetchall()
        for spell_id, ref, team, start in rows:
            if spell_id in self.touched:
                continue
            before = row_dict(self.db, "role_spells", spell_id)
            assert before is not None
            self.journal.updated("role_spells", before)
            self.db.execute("UPDATE role_spells SET end_date = ? WHERE id = ?", (on, spell_id))
            self.ctx.counts.closed += 1
            self.ctx.counts.details.append(
                f"close {ref} ({team}, in post since {start}) at {on}: not in the snapshot"
            )


def apply_staff(
    db: sqlite_utils.Database,
    records: Iterator[StaffRecord | StaffBlock | StagedColumns],
    ctx: ApplyContext,
    journal: Journal,
) -> None:
    """Write staff records (journalled), then close open spells absent from a ``--snapshot``.

    A staged file (:class:`StagedColumns`) is written from its stage when it is clean (see
    :mod:`cswork.store.apply_staff_staged`), else from the records its careful reader gives."""
    first = next(records, None)
    parts: Iterator[StaffRecord | StaffBlock]
    if isinstance(first, StagedColumns):
        if staged_staff(db, first, ctx, journal):
            return
        parts = first.careful()
    else:
        parts = chain([] if first is None else [first], records)  # type: ignore[arg-type]
    applier = _StaffApplier(db, ctx, journal)
    for record in parts:
        if isinstance(record, StaffBlock):
            applier.apply_block(record)
        else:
            applier.apply(record)
    applier.spells.flush()
    if not ctx.problems:
        applier.close_absent()
