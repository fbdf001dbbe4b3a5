"""Rich renderables for the pipeline: recruitment routes (starts a year and retention by route)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from cswork.model.routes import ROUTE_RETENTION_MONTHS, VOLUME_YEARS, RouteFigures
from cswork.render.format import MISSING, number, share


def route_label(figures: RouteFigures) -> str:
    """The route's name, or "not recorded"."""
    return figures.route.label if figures.route is not None else "Not recorded"


def routes_table(routes: Sequence[RouteFigures]) -> Table:
    """Starts a year by route and Kaplan–Meier retention at 12 and 24 months, with the numbers at
    risk, and each route's leaver rate."""
    table = Table(
        title="Recruitment routes",
        caption=f"Starts a year over the last {VOLUME_YEARS} years (or the history held). "
        "Retention: Kaplan–Meier, everyone who ever started by the route, n = still followed. "
        "Academy from cohort membership and agency conversion from the spells where no route "
        "is recorded.",
    )
    table.add_column("Route")
    for heading in ("Starts/yr", "Starters"):
        table.add_column(heading, justify="right")
    for months in ROUTE_RETENTION_MONTHS:
        table.add_column(f"Kept {months} mo", justify="right")
    table.add_column("Leavers/yr", justify="right")
    if not routes:
        table.add_row("No starters recorded", *[MISSING] * (3 + len(ROUTE_RETENTION_MONTHS)))
    for figures in routes:
        kept = []
        for point in figures.retention:
            if point.retention is None:
                kept.append(MISSING)
            else:
                kept.append(f"{share(point.retention, 0)} (n {point.at_risk})")
        rate = figures.leaver_rate
        table.add_row(
            route_label(figures),
            number(figures.per_year, 1),
            str(figures.starters),
            *kept,
            MISSING if rate is None else share(rate, 1),
        )
    return table
