"""What the census return reads from the store: worker details, spell origins and destinations,
absences, stored (imported) returns, and how SWE numbers are hashed.

SWE numbers are kept as a keyed hash (``hmac-sha256:``, the key outside the database; older
databases hold ``sha256:`` salted hashes), unless the user asked to keep them; a hash links records
across imports but cannot be exported.
"""

from __future__ import annotations

import json
from datetime import date

from cswork.model.census import SWE_PATTERN
from cswork.model.census_build import Absence, SpellOrigin, WorkerDetails
from cswork.model.census_check import PreviousReturn, PreviousWorker
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import date_reader, must_date, to_date
from cswork.store.swe import is_hashed


def load_worker_details(
    db: sqlite_utils.Database, *, in_post_since: date | None = None
) -> dict[str, WorkerDetails]:
    """Census details of every worker (or, with ``in_post_since``, of every worker with a spell in
    post on or after that date), by employee reference."""
    where, params = "", []
    if in_post_since is not None:
        where = (
            "WHERE w.id IN (SELECT worker_id FROM role_spells "
            "WHERE end_date IS NULL OR end_date >= ?)"
        )
        params.append(in_post_since.isoformat())
    institutions: dict[str, tuple[str, ...]] = {}  # the same few institutions, worker after worker
    details = {}
    for row in db.execute(
        "SELECT w.employee_ref, w.swe_number, w.date_of_birth, w.gender, w.ethnicity, "
        "d.qual_inst, d.qual_level FROM workers w "
        f"LEFT JOIN census_worker_details d ON d.worker_id = w.id {where}",
        params,
    ).fetchall():
        swe = row[1]
        plain = swe if swe and SWE_PATTERN.match(swe) else None
        qual_inst: tuple[str, ...] = ()
        if row[5]:
            qual_inst = institutions.get(row[5]) or institutions.setdefault(
                row[5], tuple(json.loads(row[5]))
            )
        details[row[0]] = WorkerDetails(
            swe_number=plain,
            swe_hashed=is_hashed(swe),
            birth_date=to_date(row[2]),
            gender=row[3],
            ethnicity=row[4],
            qual_inst=qual_inst,
            qual_level=row[6],
        )
    return details


def load_spell_origins(db: sqlite_utils.Database) -> dict[tuple[str, date], SpellOrigin]:
    """Start origin and leaver destination of every spell that has either, by (worker, start)."""
    return {
        (row[0], must_date(row[1])): SpellOrigin(start_origin=row[2], leaver_destination=row[3])
        for row in db.execute(
            "SELECT w.employee_ref, s.start_date, s.start_origin, s.leaver_destination "
            "FROM role_spells s JOIN workers w ON w.id = s.worker_id "
            "WHERE s.start_origin IS NOT NULL OR s.leaver_destination IS NOT NULL"
        ).fetchall()
    }


def load_absences(db: sqlite_utils.Database, start: date, end: date) -> list[Absence]:
    """Absence periods overlapping ``[start, end]``."""
    day = date_reader()
    return [
        Absence(r[0], day(r[1]), day(r[2]), r[3])
        for r in db.execute(
            "SELECT w.employee_ref, a.period_start, a.period_end, a.working_days_lost "
            "FROM absences a JOIN workers w ON w.id = a.worker_id "
            "WHERE a.period_start <= ? AND a.period_end >= ?",
            (end.isoformat(), start.isoformat()),
        ).fetchall()
    ]


def stored_return(db: sqlite_utils.Database, year: int) -> PreviousReturn | None:
    """The imported return for ``year``, or ``None``."""
    row = db.execute(
        "SELECT id, vacancy_fte, agency_fte, agency_headcount FROM census_returns WHERE year = ?",
        (year,),
    ).fetchone()
    if row is None:
        return None
    workers = tuple(
        PreviousWorker(
            worker_ref=r[0],
            agency=bool(r[1]),
            org_role=r[2],
            role_start=to_date(r[3]),
            role_end=to_date(r[4]),
            fte30=r[5],
        )
        for r in db.execute(
            "SELECT w.employee_ref, c.agency, c.org_role, c.role_start, c.role_end, c.fte30 "
            "FROM census_return_workers c JOIN workers w ON w.id = c.worker_id "
            "WHERE c.return_id = ? ORDER BY w.employee_ref, c.agency",
            (row[0],),
        ).fetchall()
    )
    return PreviousReturn(
        year=year,
        vacancy_fte=row[1],
        agency_fte=row[2],
        agency_headcount=row[3],
        workers=workers,
    )
