"""``cswork pressure``, ``cswork continuity`` and ``cswork cohorts``: are caseloads safe, do children
keep their social worker, and how are the academy cohorts?"""

from __future__ import annotations

from typing import Annotated

import typer

from cswork.commands.common import (
    AsAtOption,
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    print_json,
    resolve_as_at,
    stdout,
)

TeamOption = Annotated[
    str | None,
    typer.Option("--team", help="Only this team (name as stored, any case).", show_default=False),
]


def pressure(
    db: DbOption = None,
    as_at: AsAtOption = None,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """Caseload pressure: teams by utilisation band, workers over capacity, NQSW protection, trend."""
    from cswork.services.pressure import UnknownTeamError, build_pressure, pressure_json

    store = open_store(db)
    when = resolve_as_at(store, as_at)
    try:
        report = build_pressure(store, when, team)
    except UnknownTeamError as exc:
        fail(str(exc), Exit.USAGE)
    if report.count_date is None:
        fail(
            f"no caseload counts on or before {when.isoformat()}: "
            "import caseloads first ('cswork import caseloads FILE')",
            Exit.NO_DATA,
        )
    if as_json:
        print_json(pressure_json(report))
        return
    from cswork.render.pressure import pressure_renderable

    stdout().print(pressure_renderable(report))


def continuity(
    db: DbOption = None,
    as_at: AsAtOption = None,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """Continuity of social worker: children by workers in 12 months (1, 2, 3, 4+), by team."""
    from cswork.services.continuity import build_continuity, continuity_json
    from cswork.services.pressure import UnknownTeamError

    store = open_store(db)
    when = resolve_as_at(store, as_at)
    try:
        report = build_continuity(store, when, team)
    except UnknownTeamError as exc:
        fail(str(exc), Exit.USAGE)
    if not report.held:
        fail(
            f"no continuity counts on or before {when.isoformat()}: import an allocation "
            "history first ('cswork import allocations FILE')",
            Exit.NO_DATA,
        )
    if as_json:
        print_json(continuity_json(report))
        return
    from cswork.render.continuity import continuity_renderable

    stdout().print(continuity_renderable(report))


def cohorts(
    db: DbOption = None,
    as_at: AsAtOption = None,
    as_json: JsonOption = False,
) -> None:
    """Academy cohorts: starters, still in post, left, through ASYE, retention (Kaplan–Meier)."""
    from cswork.services.cohorts import build_cohorts, cohorts_json

    store = open_store(db)
    when = resolve_as_at(store, as_at)
    report = build_cohorts(store, when)
    if not report.cohorts and not report.planned:
        fail(
            "no academy cohorts recorded: import them first ('cswork import cohorts FILE')",
            Exit.NO_DATA,
        )
    if as_json:
        print_json(cohorts_json(report))
        return
    from cswork.render.cohorts import cohorts_renderable

    stdout().print(cohorts_renderable(report))


def register(app: typer.Typer) -> None:
    """Attach ``pressure``, ``continuity`` and ``cohorts`` to ``app``."""
    app.command()(pressure)
    app.command()(continuity)
    app.command()(cohorts)
