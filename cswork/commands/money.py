"""``cswork costs`` and ``cswork agency``: what agency staff cost, and who breaches the agency rules."""

from __future__ import annotations

import typer

from cswork.commands.common import (
    AsAtOption,
    DbOption,
    JsonOption,
    open_store,
    print_json,
    require_workforce,
    resolve_as_at,
    stdout,
)


def costs(db: DbOption = None, as_at: AsAtOption = None, as_json: JsonOption = False) -> None:
    """Agency spend (month, quarter, year to date, a year), premium over permanent cost, cost of
    vacancies and charges over the price caps, with spend by team."""
    from cswork.services.money import agency_costs, costs_json

    store = open_store(db)
    require_workforce(store)
    result = agency_costs(store, resolve_as_at(store, as_at))
    if as_json:
        print_json(costs_json(result))
        return
    from cswork.render.money import costs_renderable

    stdout().print(costs_renderable(result))


def agency(db: DbOption = None, as_at: AsAtOption = None, as_json: JsonOption = False) -> None:
    """The agency rules: charges over the price caps, workers under three years' PQE, project teams
    and assignments over 12 months, by worker reference (never names)."""
    from cswork.services.money import agency_costs, compliance_json

    store = open_store(db)
    require_workforce(store)
    result = agency_costs(store, resolve_as_at(store, as_at)).compliance
    if as_json:
        print_json(compliance_json(result))
        return
    from cswork.render.money import compliance_renderable

    stdout().print(compliance_renderable(result))


def register(app: typer.Typer) -> None:
    """Attach ``costs`` and ``agency`` to ``app``."""
    app.command()(costs)
    app.command()(agency)
