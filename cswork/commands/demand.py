"""``cswork demand`` and ``cswork indicators``: demand against a base month, indicators against targets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cswork.commands.common import DbOption, Exit, JsonOption, fail, open_store, print_json, stdout


def _month_option(text: str | None, option: str) -> date | None:
    """A YYYY-MM option value (a full date is taken as its month), or a clear usage error."""
    if text is None:
        return None
    from cswork.model.months import MonthError, parse_month

    try:
        return parse_month(text)
    except MonthError:
        fail(f"{option} must be a month as YYYY-MM, not {text!r}", Exit.USAGE)


def demand(
    db: DbOption = None,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help="Month to report (YYYY-MM). Default: the latest month held.",
            show_default=False,
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Month to compare with (YYYY-MM). Default: 12 months earlier.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Each demand measure at a month against a base month, in figures and in words."""
    from cswork.services.demand import DemandError, demand_json, demand_report

    month, base_month = _month_option(as_at, "--as-at"), _month_option(base, "--base")
    store = open_store(db)
    try:
        report = demand_report(store, month, base_month)
    except DemandError as exc:
        fail(str(exc), Exit.NO_DATA)
    if as_json:
        print_json(demand_json(report))
        return
    from cswork.render.demand import demand_renderable

    stdout().print(demand_renderable(report))


def indicators(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Performance indicators at their latest period: value, target, RAG status and trend."""
    from cswork.services.demand import indicator_report, indicators_json

    report = indicator_report(open_store(db))
    if not report.indicators:
        fail(
            "no indicator values held: import some with 'cswork import indicators FILE'",
            Exit.NO_DATA,
        )
    if as_json:
        print_json(indicators_json(report))
        return
    from cswork.render.demand import indicators_renderable

    stdout().print(indicators_renderable(report))


def register(app: typer.Typer) -> None:
    """Attach ``demand`` and ``indicators`` to ``app``."""
    app.command()(demand)
    app.command()(indicators)
