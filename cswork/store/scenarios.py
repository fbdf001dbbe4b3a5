"""Named projection scenarios: stored assumption sets (JSON), and their TOML export and import.

TOML is read with the standard library's ``tomllib`` and written by hand: the format is flat (one
table of numbers and an array of ``[[cohorts]]`` tables), so a writer dependency is not needed.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime

from cswork.model.projection.assumptions import (
    FIELDS,
    AssumptionError,
    Assumptions,
    describe,
    from_dict,
)
from cswork.store._sqlite_utils import sqlite_utils

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,59}$")


class ScenarioError(ValueError):
    """A missing or duplicate scenario, a bad name, or a file that is not a scenario."""


@dataclass(frozen=True, slots=True)
class StoredScenario:
    """A scenario as stored: its name, assumptions and when it was created and last changed."""

    name: str
    assumptions: Assumptions
    created_at: str
    updated_at: str


def check_name(name: str) -> str:
    """``name`` if it is a usable scenario name (letters, digits, space, ``_ . -``; up to 60)."""
    if not _NAME.match(name):
        raise ScenarioError(
            f"scenario name {name!r} must start with a letter or digit and use only letters, "
            "digits, spaces, '_', '.' or '-' (60 at most)"
        )
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(row: tuple[str, str, str, str]) -> StoredScenario:
    return StoredScenario(row[0], from_dict(json.loads(row[1])), row[2], row[3])


def list_scenarios(db: sqlite_utils.Database) -> list[StoredScenario]:
    """Every stored scenario, by name."""
    rows = db.execute(
        "SELECT name, assumptions, created_at, updated_at FROM scenarios ORDER BY name"
    ).fetchall()
    return [_row(r) for r in rows]


def get_scenario(db: sqlite_utils.Database, name: str) -> StoredScenario | None:
    """The scenario called ``name``, or ``None``."""
    row = db.execute(
        "SELECT name, assumptions, created_at, updated_at FROM scenarios WHERE name = ?", (name,)
    ).fetchone()
    return _row(row) if row else None


def save_scenario(db: sqlite_utils.Database, name: str, assumptions: Assumptions) -> None:
    """Create or replace the scenario ``name``."""
    check_name(name)
    now = _now()
    with db.atomic():
        db.execute(
            "INSERT INTO scenarios (name, assumptions, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET assumptions = excluded.assumptions, "
            "updated_at = excluded.updated_at",
            (name, json.dumps(assumptions.to_dict()), now, now),
        )


def create_scenario(db: sqlite_utils.Database, name: str, assumptions: Assumptions) -> None:
    """Store a new scenario; a :class:`ScenarioError` if the name is taken."""
    with db.atomic():
        if get_scenario(db, check_name(name)) is not None:
            raise ScenarioError(f"scenario {name!r} already exists")
        save_scenario(db, name, assumptions)


def copy_scenario(db: sqlite_utils.Database, source: str, target: str) -> Assumptions:
    """Store ``target`` as a copy of the stored scenario ``source``; returns its assumptions."""
    with db.atomic():
        stored = get_scenario(db, source)
        if stored is None:
            raise ScenarioError(f"no scenario called {source!r}")
        create_scenario(db, target, stored.assumptions)
    return stored.assumptions


def delete_scenario(db: sqlite_utils.Database, name: str) -> None:
    """Delete ``name``; a :class:`ScenarioError` if there is no such scenario."""
    with db.atomic():
        if db.execute("DELETE FROM scenarios WHERE name = ?", (name,)).rowcount == 0:
            raise ScenarioError(f"no scenario called {name!r}")


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def to_toml(name: str, assumptions: Assumptions) -> str:
    """The scenario as a TOML document (``name``, one key per assumption, ``[[cohorts]]``)."""
    lines = [f"# cswork scenario, exported {_now()}", f"name = {json.dumps(name)}", ""]
    data = assumptions.to_dict()
    for key in FIELDS:
        if key in ("cohorts", "route_intakes"):
            continue
        lines.append(f"# {describe(key)}")
        if key not in data:
            meaning = "follow the history's trend" if key == "demand_growth" else "follow vacancies"
            lines.append(f"# {key} = 0.0  (absent: {meaning})")
        else:
            lines.append(f"{key} = {_toml_value(data[key])}")
    for cohort in assumptions.cohorts:
        lines += ["", "[[cohorts]]", f"start = {cohort.start.isoformat()}", f"size = {cohort.size}"]
        if cohort.assumed:
            lines.append("assumed = true")
    lines += ["", f"# route_intakes: {describe('route_intakes')}"]
    for intake in assumptions.route_intakes:
        lines += [
            "[[route_intakes]]",
            f"route = {json.dumps(intake.route)}",
            f"per_year = {float(intake.per_year)!r}",
            f"lead_months = {intake.lead_months}",
            f"cost_per_hire = {float(intake.cost_per_hire)!r}",
        ]
    return "\n".join(lines) + "\n"


def from_toml(text: str) -> tuple[str, Assumptions]:
    """(name, assumptions) from a TOML document written by :func:`to_toml` or by hand."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}") from None
    name = data.pop("name", None)
    if not isinstance(name, str):
        raise ScenarioError('the file needs a top-level name = "..."')
    for cohort in data.get("cohorts", []) if isinstance(data.get("cohorts"), list) else []:
        if isinstance(cohort, dict) and isinstance(cohort.get("start"), datetime):
            cohort["start"] = cohort["start"].date()
    try:
        return check_name(name), from_dict(data)
    except AssumptionError as exc:
        raise ScenarioError(str(exc)) from None
