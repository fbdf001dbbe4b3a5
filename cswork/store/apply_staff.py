"""Applying a staff import: workers, their role spells, and closing spells absent from a snapshot.

A row matches a stored spell by employee ref and start date and updates it; otherwise it adds one.
Worker details (qualified date, cohort, and the optional personal fields) are only ever filled in or
changed by a value, never cleared by a blank cell. Unknown teams and cohorts are created (and
journalled) unless the import is strict, when they are problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cswork.model.imports import ApplyContext
from cswork.model.records import StaffRecord
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_bulk import KeyedRows
from cswork.store.apply_common import NamedRows
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
        if self.spell_fields is None:
            present = set(self.ctx.present)
            if "pay_rate" in present:  # the charge when the file has no charge column
                present.add("hourly_charge")
            self.spell_fields = [
                (column, attribute)
                for column, (field, attribute) in _SPELL_FIELDS.items()
                if field in present
            ]
        values = _spell_values(record, self.spell_fields)
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
    db: sqlite_utils.Database, records: Iterator[StaffRecord], ctx: ApplyContext, journal: Journal
) -> None:
    """Write staff records (journalled), then close open spells absent from a ``--snapshot``."""
    applier = _StaffApplier(db, ctx, journal)
    for record in records:
        applier.apply(record)
    applier.spells.flush()
    if not ctx.problems:
        applier.close_absent()
