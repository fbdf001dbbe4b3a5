"""The drill-downs the screens open: a team's workers, a headline figure by team."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cswork.services.breakdown import (
    TILE_DEFINITIONS,
    TeamFigure,
    TeamWorker,
    TileBreakdown,
    team_workers,
    tile_breakdown,
)
from cswork.services.database import Database
from cswork.tui.screens.drill import Drill, DrillScreen
from cswork.tui.screens.exporting import ExportsTables
from cswork.tui.widgets.columns import Column, format_cell

TEAM_WORKER_COLUMNS: tuple[Column[TeamWorker], ...] = (
    Column("ref", "Ref", lambda w: w.ref),
    Column("utilisation", "Utilisation", lambda w: w.utilisation, unit="fraction"),
    Column("cases", "Cases", lambda w: w.cases, unit="count"),
    Column("weighted", "Weighted", lambda w: w.weighted_caseload, places=1),
    Column("capacity", "Capacity", lambda w: w.capacity, places=1),
    Column("fte", "FTE", lambda w: w.fte, places=2),
    Column("role", "Role", lambda w: w.role),
    Column("contract", "Contract", lambda w: w.contract),
    Column("asye", "In ASYE", lambda w: "yes" if w.in_asye else "no"),
    Column("cohort", "Cohort", lambda w: w.cohort),
    Column("pqe", "PQE years", lambda w: w.pqe_years, places=1),
)

#: A tile's unit as a table column's.
TILE_UNITS = {"pct": ("percent", 1), "fte": ("", 1), "cases": ("", 1), "count": ("count", None)}


def team_drill(screen: ExportsTables, team: str, as_at: date) -> DrillScreen:
    """Everyone in post in ``team``, with their caseload pressure; Enter shows one on Staff."""

    def load(db: Database, when: date) -> list[TeamWorker]:
        return team_workers(db, when, team)

    def note(rows: Sequence[TeamWorker]) -> str:
        over = sum(1 for w in rows if w.utilisation is not None and w.utilisation > 1)
        return (
            f"{len(rows):,} in post, {sum(w.fte for w in rows):,.1f} FTE; {over} over capacity. "
            "Utilisation: weighted caseload ÷ capacity. Enter: the worker on the Staff screen."
        )

    def opens(worker: TeamWorker) -> None:
        screen.app.pop_screen()
        screen.cswork.show_worker(worker.ref)

    return DrillScreen(
        Drill(
            title=f"{team}: workers in post",
            definition="Everyone in post in the team on the date, with their caseload pressure.",
            columns=TEAM_WORKER_COLUMNS,
            row_key=lambda w: w.ref,
            load=load,
            as_at=as_at,
            filters=(("Team", team),),
            note=note,
            opens=opens,
            sort_by="utilisation",
        )
    )


class BreakdownRows:
    """Loads a tile's breakdown and keeps it, so the note can give the authority's figure."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.breakdown: TileBreakdown | None = None

    def load(self, db: Database, as_at: date) -> tuple[TeamFigure, ...]:
        """The tile's figure for every team."""
        self.breakdown = tile_breakdown(db, as_at, self.key)
        return self.breakdown.teams

    def note(self, rows: Sequence[TeamFigure]) -> str:
        """The authority's figure, beside the teams'."""
        if self.breakdown is None:
            return ""
        unit, places = TILE_UNITS[self.breakdown.unit]
        total = format_cell(self.breakdown.total, unit, places)
        return f"Whole authority: {total}. {len(rows)} teams."


def tile_drill(key: str, label: str, unit: str, as_at: date) -> DrillScreen:
    """A headline figure by team, with its definition."""
    rows = BreakdownRows(key)
    column_unit, places = TILE_UNITS[unit]
    columns: tuple[Column[TeamFigure], ...] = (
        Column("team", "Team", lambda f: f.team),
        Column("value", label, lambda f: f.value, unit=column_unit, places=places),
    )
    return DrillScreen(
        Drill(
            title=f"{label} by team",
            definition=TILE_DEFINITIONS.get(key, label),
            columns=columns,
            row_key=lambda f: f.team,
            load=rows.load,
            as_at=as_at,
            note=rows.note,
            sort_by="team",
        )
    )
