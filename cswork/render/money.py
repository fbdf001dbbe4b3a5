"""The ``cswork costs`` and ``cswork agency`` outputs as Rich renderables (pure functions).

References and team names are data: they go into ``Text``, never into markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.model.money import MIN_AGENCY_PQE_MONTHS, AgencyWorker
from cswork.model.workforce import ORG_ROLES
from cswork.render.format import MISSING, fte, pounds, rate
from cswork.services.money import AgencyCompliance, AgencyCosts


def _table(title: str, caption: str | None = None) -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )


def _day(on: date) -> str:
    """A date in words, as the other reports give it: "1 April 2025"."""
    return f"{on.day} {on:%B %Y}"


def costs_renderable(costs: AgencyCosts) -> Group:
    """Agency spend by period, premium, cost of vacancies and over-cap charges; then by team."""
    when = costs.periods
    figures = _table(
        f"Agency costs as at {_day(costs.as_at)}",
        "Spend is each assignment's hourly charge × its weekly hours for the days in post; "
        "'a year' is the run rate (this week's charges × 52). Premium = spend less the cost of the "
        "same FTE as permanent staff; cost of vacancies = the premium of agency workers covering "
        "vacant posts. The financial year starts on 1 April.",
    )
    figures.add_column("Figure")
    figures.add_column("Amount", justify="right")
    figures.add_row("Agency FTE in post", fte(costs.agency_fte))
    figures.add_row("Assignments in post", f"{costs.assignments:,}")
    if costs.uncharged:
        figures.add_row("  of which with no charge recorded", f"{costs.uncharged:,}")
    figures.add_row(f"Spend this month (from {_day(when.month_start)})", pounds(costs.spend_month))
    figures.add_row(
        f"Spend this quarter (from {_day(when.quarter_start)})", pounds(costs.spend_quarter)
    )
    figures.add_row(
        f"Spend year to date (from {_day(when.year_start)})",
        pounds(costs.spend_year_to_date),
    )
    figures.add_row("Spend a year at the current run rate", pounds(costs.spend_year))
    figures.add_row("Premium over permanent cost, year to date", pounds(costs.premium_year_to_date))
    figures.add_row("Premium over permanent cost, a year", pounds(costs.premium_year))
    figures.add_row(
        "Cost of vacancies (premium of vacancy cover), a year", pounds(costs.vacancy_cost_year)
    )
    caps = costs.compliance.caps
    figures.add_row(
        "Charges over the price caps, a year",
        f"{pounds(caps.excess_year)} ({caps.count:,} assignments, {fte(caps.fte)} FTE)",
    )
    return Group(figures, team_table(costs), permanent_cost_table(costs))


def team_table(costs: AgencyCosts) -> Table:
    """Agency FTE, spend and premium by team, dearest first."""
    table = _table("By team")
    for heading in (
        "Team",
        "Agency FTE",
        "Spend a year",
        "Premium a year",
        "Spend to date",
        "Premium to date",
    ):
        table.add_column(heading, justify="left" if heading == "Team" else "right")
    for line in costs.by_team:
        table.add_row(
            Text(line.team),
            fte(line.agency_fte),
            pounds(line.spend_year),
            pounds(line.premium_year),
            pounds(line.spend_to_date),
            pounds(line.premium_to_date),
        )
    if not costs.by_team:
        # Under the headings, not squeezed into the Team column a word a line.
        table.caption = "No agency assignments this financial year."
    return table


def permanent_cost_table(costs: AgencyCosts) -> Table:
    """The permanent cost per FTE the premium is measured against, by OrgRole."""
    table = _table(
        "Permanent cost a year per FTE",
        "Change with 'cswork settings set permanent_cost VALUE' (or permanent_cost.N for OrgRole N).",
    )
    table.add_column("OrgRole")
    table.add_column("Cost", justify="right")
    for role, cost in sorted(costs.permanent_costs.items()):
        table.add_row(f"{role} {ORG_ROLES[role]}", pounds(cost))
    return table


def _workers(title: str, workers: Sequence[AgencyWorker], on: date, caption: str) -> Table:
    table = _table(f"{title} ({len(workers):,})", caption)
    for heading in ("Worker ref", "Team", "Supplier", "Since", "Months", "PQE months"):
        table.add_column(heading, justify="right" if "onths" in heading else "left")
    for worker in workers:
        table.add_row(
            Text(worker.worker_ref),
            Text(worker.team),
            Text(worker.supplier or MISSING),
            worker.since.isoformat(),
            str(worker.months_on(on)),
            MISSING if worker.pqe_months is None else str(worker.pqe_months),
        )
    if not workers:
        table.add_row("None.", *[""] * 5)
    return table


def compliance_renderable(compliance: AgencyCompliance) -> Group:
    """Over-cap assignments, the PQE rule, project teams and long assignments, by reference."""
    on = compliance.as_at
    caps = compliance.caps
    over = _table(
        f"Charges over the price caps ({caps.count:,}) as at {_day(on)}",
        f"{caps.checked:,} of {caps.checked + caps.unchecked:,} assignments checked; the rest have "
        "no charge, no core job type, or no cap for their type. Going over a cap needs sign-off "
        "by the director of children's services and the chief executive.",
    )
    for heading in (
        "Worker ref",
        "Team",
        "Core job type",
        "Charge",
        "Cap",
        "FTE",
        "Over a week",
        "Over a year",
    ):
        over.add_column(
            heading,
            justify="left" if heading in ("Worker ref", "Team", "Core job type") else "right",
        )
    for breach in caps.breaches:
        over.add_row(
            Text(breach.worker_ref),
            Text(breach.team),
            breach.job_type.label,
            rate(breach.hourly_charge),
            rate(breach.hourly_cap),
            fte(breach.fte),
            pounds(breach.excess_week),
            pounds(breach.excess_year),
        )
    if caps.breaches:
        over.add_row(
            "Total",
            "",
            "",
            "",
            "",
            fte(caps.fte),
            pounds(caps.excess_week),
            pounds(caps.excess_year),
            style="bold",
        )
    else:
        over.add_row("None.", *[""] * 7)
    parts: list[RenderableType] = [over]
    if compliance.caps_in_force:
        listed = _table("Price caps in force")
        for heading in ("Core job type", "Cap an hour", "From", "To"):
            listed.add_column(heading, justify="right" if heading == "Cap an hour" else "left")
        for cap in compliance.caps_in_force:
            listed.add_row(
                cap.job_type.label,
                rate(cap.hourly_cap),
                cap.effective_from.isoformat(),
                cap.effective_to.isoformat() if cap.effective_to else "",
            )
        parts.append(listed)
    else:
        parts.append(Text("No price caps in force: import them with 'cswork import caps FILE'."))
    years = MIN_AGENCY_PQE_MONTHS // 12
    parts.append(
        _workers(
            f"Agency workers under {years} years' post-qualifying experience",
            compliance.under_pqe,
            on,
            "Agency social workers must have at least three years' PQE.",
        )
    )
    if compliance.pqe_unknown:
        parts.append(
            _workers(
                "Agency workers with no qualified date (PQE not checked)",
                compliance.pqe_unknown,
                on,
                "Record their qualified date to check the three-year rule.",
            )
        )
    parts.append(
        _workers(
            "Project-team assignments",
            compliance.project_teams,
            on,
            "Managed project teams only by exception.",
        )
    )
    parts.append(
        _workers(
            "Assignments running over 12 months",
            compliance.long_assignments,
            on,
            "Moves between agency spells of a week or less count as one assignment.",
        )
    )
    return Group(*parts)
