"""Applying an ``allocations`` import: the history becomes continuity counts, and only they are kept.

The records carry a number per child, never an identifier. They are gathered, each team named in
the file is matched to a stored team (created unless ``--strict``), workers' leaving days are read
from the staff data, and :func:`cswork.model.continuity.continuity_counts` gives each team's counts
at every month end the history covers with a full year behind it, up to ``--as-at`` (the day the
extract was taken) or else the latest date in the file. Those month ends are replaced as a whole:
a team the file no longer holds children in at a month end loses its stored row for it. Every
insert, update and delete is journalled, so the import can be undone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from cswork.model.continuity import Allocation, continuity_counts, month_ends_covered
from cswork.model.imports import ApplyContext
from cswork.model.records import AllocationRecord
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import NamedRows, upsert
from cswork.store.continuity import leaving_dates, worker_refs
from cswork.store.imports import Journal, row_dict


def _teams(
    db: sqlite_utils.Database,
    records: list[AllocationRecord],
    ctx: ApplyContext,
    journal: Journal,
) -> dict[str, tuple[int, str]]:
    """Each team name as the file spells it: the stored team's id and name."""
    teams = NamedRows(db, journal, "teams")
    stored = {
        int(row_id): name for row_id, name in db.execute("SELECT id, name FROM teams").fetchall()
    }
    found: dict[str, tuple[int, str]] = {}
    for record in records:
        if record.team in found:
            continue
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
            stored[team_id] = record.team.strip()
        found[record.team] = (team_id, stored[team_id])
    return found


def _warn_unknown_workers(db: sqlite_utils.Database, refs: set[str], ctx: ApplyContext) -> None:
    known = worker_refs(db)
    if not known:
        ctx.warnings.append(
            "no staff data is stored, so children whose worker left cannot be counted "
            "(import staff, then this file again)"
        )
        return
    unknown = len(refs - known)
    if unknown:
        ctx.warnings.append(
            f"{unknown} worker reference{'s are' if unknown != 1 else ' is'} not in the staff "
            "data: their children are counted, but whether the worker left is not known"
        )


def apply_continuity(
    db: sqlite_utils.Database,
    records: Iterator[AllocationRecord],
    ctx: ApplyContext,
    journal: Journal,
) -> None:
    """Count continuity from the allocation history and store the counts (see the module notes)."""
    listed = list(records)
    if not listed:
        return
    teams = _teams(db, listed, ctx, journal)
    if ctx.problems:
        return
    first = min(r.start for r in listed)
    last = ctx.options.as_at or max(max(r.start for r in listed), _latest_end(listed) or first)
    month_ends = month_ends_covered(first, last)
    if not month_ends:
        ctx.problems.add(
            0,
            ctx.header_of("start_date"),
            "",
            f"the allocations run from {first.isoformat()} to {last.isoformat()}: continuity "
            "needs a month end with the 12 months before it in the file",
        )
        return
    _warn_unknown_workers(db, {r.worker_ref for r in listed}, ctx)
    allocations = [
        Allocation(r.child, r.worker_ref, teams[r.team][1], r.start, r.end) for r in listed
    ]
    counts = continuity_counts(allocations, leaving_dates(db), month_ends)
    ids = {name: team_id for team_id, name in teams.values()}
    written: set[tuple[int, str]] = set()
    for row in counts:
        team_id, day = ids[row.team], row.month_end.isoformat()
        key: dict[str, Any] = {"team_id": team_id, "month_end": day}
        values = {
            "one_worker": row.one,
            "two_workers": row.two,
            "three_workers": row.three,
            "four_plus_workers": row.four_plus,
            "worker_left": row.worker_left,
            "worker_left_month": row.worker_left_month,
        }
        outcome, _ = upsert(db, journal, "continuity", key, values)
        written.add((team_id, day))
        if outcome == "added":
            ctx.counts.added += 1
        elif outcome == "changed":
            ctx.counts.changed += 1
    ctx.counts.changed += _remove_stale(db, journal, month_ends, written)
    children = len({r.child for r in listed})
    ctx.counts.details.append(
        f"{children:,} children in {len(listed):,} allocations; continuity counted at "
        f"{len(month_ends)} month end{'s' * (len(month_ends) != 1)}, "
        f"{month_ends[0]:%d %b %Y} to {month_ends[-1]:%d %b %Y}; child identifiers not stored"
    )


def _latest_end(records: list[AllocationRecord]) -> date | None:
    return max((r.end for r in records if r.end is not None), default=None)


def _remove_stale(
    db: sqlite_utils.Database,
    journal: Journal,
    month_ends: list[date],
    written: set[tuple[int, str]],
) -> int:
    """Delete (journalled) stored rows at the file's month ends for teams it no longer counts."""
    removed = 0
    days = [day.isoformat() for day in month_ends]
    marks = ", ".join("?" for _ in days)
    stale = db.execute(
        f"SELECT id, team_id, month_end FROM continuity WHERE month_end IN ({marks})", days
    ).fetchall()
    for row_id, team_id, month_end in stale:
        if (int(team_id), str(month_end)) in written:
            continue
        before: dict[str, Any] | None = row_dict(db, "continuity", int(row_id))
        assert before is not None
        journal.deleted("continuity", before)
        db.execute("DELETE FROM continuity WHERE id = ?", (row_id,))
        removed += 1
    return removed
