"""Applying a census return: workers keyed by SWE number, their role spells, cases and absence on
30 September, census details, and the return itself for year-on-year checks.

A return carries no employee reference, so a worker is matched by SWE number to a stored worker
(held as given, as a keyed hash, or as an older salted hash); a worker not found is added with the reference
``CSWW-`` and 12 characters of that hash, stable for this database whether or not the number is kept.

A matched worker who already has role spells in the census year keeps them (the HR extract is the
better source); only their census details are filled in. Otherwise the record becomes one role spell
in the team ``CSWW census``: permanent or agency (a return does not tell fixed-term apart), from
RoleStartDate (or, if absent, from the day before the year began, so not counted as a starter, or
from RoleEndDate if that is earlier) to RoleEndDate, at FTE30 if in post on 30 September else FTE, with the leaving reason, destination and
start origin; Cases30 as 'OTHER' cases on 30 September; WorkingDaysLost as absence over the year.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from cswork.model.census import (
    CensusReturn,
    CensusWorker,
    StartOrigin,
    destination_for_code,
    origin_for_code,
    reason_for_code,
)
from cswork.model.imports import ApplyContext
from cswork.model.months import year_before
from cswork.model.records import CensusFile
from cswork.model.routes import route_for_origin
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import NamedRows, upsert
from cswork.store.imports import Journal
from cswork.store.swe import KEYED_PREFIX, SweHasher, is_hashed

CENSUS_TEAM = "CSWW census"


class _CensusApplier:
    def __init__(
        self, db: sqlite_utils.Database, ctx: ApplyContext, journal: Journal, census: CensusReturn
    ) -> None:
        self.db, self.ctx, self.journal, self.census = db, ctx, journal, census
        self.hasher = SweHasher(db)
        self.on = census.reference_date
        self.year_start = year_before(self.on) + timedelta(days=1)
        self.team_id: int | None = None
        self.by_swe: dict[str, tuple[int, str, str | None]] = {}
        for worker_id, ref, swe in db.execute(
            "SELECT id, employee_ref, swe_number FROM workers WHERE swe_number IS NOT NULL"
        ).fetchall():
            digest = swe if is_hashed(swe) else self.hasher.digest(swe)
            self.by_swe[digest] = (worker_id, ref, swe)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        names = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(row.values())
        )
        row_id = int(cursor.lastrowid or 0)
        self.journal.inserted(table, row_id)
        return row_id

    def start_return(self) -> int | None:
        census = self.census
        found = self.db.execute(
            "SELECT id FROM census_returns WHERE year = ?", (census.year,)
        ).fetchone()
        if found:
            self.ctx.problems.add(
                0,
                "Year",
                census.year,
                "a return for this year is already stored: undo that import first",
            )
            return None
        return self._insert(
            "census_returns",
            {
                "year": census.year,
                "la_code": census.la_code or None,
                "vacancy_fte": census.vacancy_fte,
                "agency_fte": census.agency_fte,
                "agency_headcount": census.agency_headcount,
                "workers": len(census.workers),
            },
        )

    def _worker(self, worker: CensusWorker) -> tuple[int, str, bool]:
        """The stored worker for ``worker`` (added if new), and whether it was already held."""
        swe = worker.swe_number or ""
        forms = self.hasher.forms(swe)
        digest = forms[0]
        keep = self.ctx.options.keep_swe
        values: dict[str, Any] = {}
        found = next((self.by_swe[form] for form in forms if form in self.by_swe), None)
        if found is None:
            ref, held = f"CSWW-{digest[len(KEYED_PREFIX) : len(KEYED_PREFIX) + 12]}", False
            values["swe_number"] = swe if keep else digest
        else:
            ref, held = found[1], True
            if keep and is_hashed(found[2]):
                values["swe_number"] = swe
        if self.ctx.options.keep_census:
            if worker.birth_date:
                values["date_of_birth"] = worker.birth_date.isoformat()
            if worker.gender:
                values["gender"] = worker.gender
            if worker.ethnicity:
                values["ethnicity"] = worker.ethnicity
        outcome, worker_id = upsert(self.db, self.journal, "workers", {"employee_ref": ref}, values)
        if outcome == "changed":
            self.ctx.counts.changed += 1
        stored = values.get("swe_number", found[2] if found else None)
        self.by_swe[digest] = (worker_id, ref, stored)
        return worker_id, ref, held

    def _details(self, worker_id: int, worker: CensusWorker) -> None:
        values: dict[str, Any] = {}
        if worker.qual_inst:
            values["qual_inst"] = json.dumps(list(worker.qual_inst))
        if worker.qual_level is not None:
            values["qual_level"] = worker.qual_level
        if values:
            upsert(self.db, self.journal, "census_worker_details", {"worker_id": worker_id}, values)

    def _has_spells_in_year(self, worker_id: int) -> bool:
        return bool(
            self.db.execute(
                "SELECT 1 FROM role_spells WHERE worker_id = ? AND start_date <= ? "
                "AND (end_date IS NULL OR end_date >= ?) LIMIT 1",
                (worker_id, self.on.isoformat(), self.year_start.isoformat()),
            ).fetchone()
        )

    def _spell(self, worker_id: int, worker: CensusWorker, row: int) -> None:
        if self.team_id is None:
            teams = NamedRows(self.db, self.journal, "teams")
            self.team_id = teams.find(CENSUS_TEAM) or teams.create(CENSUS_TEAM)
        start = worker.role_start or year_before(self.on)
        if worker.role_end is not None:
            start = min(start, worker.role_end)
        org_role = worker.org_role
        if org_role is None:
            org_role = 5 if (worker.cases30 or 0) > 0 else 6
            self.ctx.warnings.append(
                f"CSWWWorker {row}: no OrgRole; recorded as {org_role} "
                f"({'holding' if org_role == 5 else 'no'} cases on 30 September)"
            )
        fte = worker.fte30 if worker.fte30 is not None else worker.fte
        reason = reason_for_code(worker.reason_leave) if worker.reason_leave else None
        destination = (
            destination_for_code(worker.leaver_destination) if worker.leaver_destination else None
        )
        origin = origin_for_code(worker.start_origin) if worker.start_origin else None
        outcome, _ = upsert(
            self.db,
            self.journal,
            "role_spells",
            {"worker_id": worker_id, "start_date": start.isoformat()},
            {
                "team_id": self.team_id,
                "org_role": org_role,
                "contract": "agency" if worker.agency else "permanent",
                "fte": fte or 0.0,
                "end_date": worker.role_end.isoformat() if worker.role_end else None,
                "leaving_reason": reason.value if reason else None,
                "leaver_destination": destination.value if destination else None,
                "start_origin": origin.value if origin else None,
                "recruitment_route": _route(worker, origin),
            },
        )
        if outcome == "added":
            self.ctx.counts.added += 1
        elif outcome == "changed":
            self.ctx.counts.changed += 1
        if worker.in_post and worker.cases30:
            key = {"worker_id": worker_id, "as_at": self.on.isoformat(), "case_type": "OTHER"}
            upsert(self.db, self.journal, "caseloads", key, {"cases": worker.cases30})
        if worker.working_days_lost is not None:
            key = {
                "worker_id": worker_id,
                "period_start": self.year_start.isoformat(),
                "period_end": self.on.isoformat(),
            }
            values = {"working_days_lost": worker.working_days_lost}
            upsert(self.db, self.journal, "absences", key, values)
        if worker.in_post and worker.absent_30_sept:
            # absent on 30 September: a long-term absence known on that day only
            absent = {"worker_id": worker_id, "absent_from": self.on.isoformat()}
            category = _ABSENCE_REASONS.get(worker.absence_reason or "", "other")
            upsert(
                self.db,
                self.journal,
                "long_term_absences",
                absent,
                {"absent_to": self.on.isoformat(), "reason": category},
            )

    def apply(self, return_id: int, worker: CensusWorker, row: int) -> None:
        worker_id, ref, held = self._worker(worker)
        self._details(worker_id, worker)
        if held and self._has_spells_in_year(worker_id):
            self.ctx.counts.details.append(
                f"CSWWWorker {row} is {ref}, who has role spells in the year: kept them"
            )
        else:
            self._spell(worker_id, worker, row)
        found = self.db.execute(
            "SELECT 1 FROM census_return_workers WHERE return_id = ? AND worker_id = ? "
            "AND agency = ?",
            (return_id, worker_id, int(worker.agency)),
        ).fetchone()
        if found:
            self.ctx.warnings.append(f"CSWWWorker {row}: a second record for the same worker")
            return
        self._insert(
            "census_return_workers",
            {
                "return_id": return_id,
                "worker_id": worker_id,
                "agency": int(worker.agency),
                "org_role": worker.org_role,
                "role_start": worker.role_start.isoformat() if worker.role_start else None,
                "role_end": worker.role_end.isoformat() if worker.role_end else None,
                "fte30": worker.fte30,
            },
        )


def apply_census(
    db: sqlite_utils.Database, records: Iterator[CensusFile], ctx: ApplyContext, journal: Journal
) -> None:
    """Write a census return (journalled); see the module docstring for what goes where."""
    for parsed in records:
        applier = _CensusApplier(db, ctx, journal, parsed.census)
        return_id = applier.start_return()
        if return_id is None:
            return
        for worker, row in zip(parsed.census.workers, parsed.rows, strict=True):
            applier.apply(return_id, worker, row)


#: Census ReasonAbsence codes as the categories kept.
_ABSENCE_REASONS = {"SIC": "sickness", "MAT": "maternity"}


def _route(worker: CensusWorker, origin: StartOrigin | None) -> str | None:
    """The recruitment route the return's StartOrigin and graduate flags give."""
    route = route_for_origin(origin, bool(worker.step_up_grad), bool(worker.frontline_grad))
    return route.value if route else None
