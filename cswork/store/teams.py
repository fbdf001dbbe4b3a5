"""Teams: name, service area, target caseload, and whether the team is the academy."""

from __future__ import annotations

from dataclasses import dataclass

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.derived import bump_history_version


@dataclass(frozen=True, slots=True)
class Team:
    """A team as stored."""

    id: int
    name: str
    service_area: str | None
    target_caseload: float | None
    is_academy: bool


def list_teams(db: sqlite_utils.Database) -> list[Team]:
    """All teams, by name."""
    return [
        Team(
            id=row["id"],
            name=row["name"],
            service_area=row["service_area"],
            target_caseload=row["target_caseload"],
            is_academy=bool(row["is_academy"]),
        )
        for row in db.query("SELECT * FROM teams ORDER BY name")
    ]


def team_targets(db: sqlite_utils.Database) -> dict[str, float]:
    """Teams that set their own target caseload, by name."""
    return {t.name: t.target_caseload for t in list_teams(db) if t.target_caseload}


def ensure_team(db: sqlite_utils.Database, name: str, service_area: str | None = None) -> int:
    """The id of team ``name``, creating it if needed."""
    row = db.execute("SELECT id FROM teams WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    with db.atomic():
        bump_history_version(db)
        cursor = db.execute(
            "INSERT INTO teams (name, service_area) VALUES (?, ?)", (name, service_area)
        )
    return int(cursor.lastrowid or 0)
