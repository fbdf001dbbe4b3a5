"""The board report's "Continuity of social worker" section: the share of children with three or
more social workers in 12 months, its trend over the year, each team's figures, and a sentence.

Every figure comes from :func:`cswork.services.continuity.continuity_json`, as ``cswork continuity
--json`` prints it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cswork.report import text
from cswork.report.document import Chart, Panel, Paragraph, Section, Series, Table
from cswork.report.inputs import ReportInputs

TITLE = "Continuity of social worker"


def _row(row: dict[str, Any]) -> tuple[str, ...]:
    return (
        row["team"],
        text.count(row["children"]),
        text.count(row["one_worker"]),
        text.count(row["two_workers"]),
        text.count(row["three_workers"]),
        text.count(row["four_plus_workers"]),
        text.pct(row["three_plus_pct"]),
        text.count(row["worker_left_12_months"]),
    )


def continuity_sentence(figures: dict[str, Any]) -> str:
    """The figure in plain words, with the year before when it is held."""
    total = figures["total"]
    on = date.fromisoformat(figures["month_end"])
    sentence = (
        f"{text.count(total['three_plus'])} of the {text.count(total['children'])} children "
        f"allocated to a social worker at the end of {text.month(on)} "
        f"({text.pct(total['three_plus_pct'])}) had three or more social workers in the last 12 "
        "months"
    )
    before = _year_before(figures)
    if before is not None:
        sentence += f", compared with {text.pct(before['three_plus_pct'])} a year earlier"
    left = total["worker_left_12_months"]
    return (
        sentence
        + f"; {text.plural(left, 'child', 'children')} had a new worker in the year because "
        "theirs left the authority."
    )


def _year_before(figures: dict[str, Any]) -> dict[str, Any] | None:
    on = date.fromisoformat(figures["month_end"])
    wanted = f"{on.year - 1:04d}-{on.month:02d}"
    return next((p for p in figures["trend"] if p["month_end"].startswith(wanted)), None)


def _chart(figures: dict[str, Any]) -> Chart:
    trend = figures["trend"]
    days = tuple(date.fromisoformat(p["month_end"]) for p in trend)
    panel = Panel(
        title="Children with three or more social workers in 12 months (%)",
        x=days,
        x_label="Month end",
        y_label="Per cent of children allocated",
        series=(Series("All teams", tuple(p["three_plus_pct"] for p in trend)),),
        y_from_zero=True,
    )
    first, last = trend[0], trend[-1]
    alt = (
        f"The share of allocated children with three or more social workers in 12 months, from "
        f"{text.pct(first['three_plus_pct'])} at {text.month(days[0])} to "
        f"{text.pct(last['three_plus_pct'])} at {text.month(days[-1])}."
    )
    return Chart(
        "continuity", "Continuity of social worker over the year", alt, (panel,), height=2.0
    )


def continuity_section(inputs: ReportInputs) -> Section:
    """The share with three or more workers, its trend, by team, and children whose worker left."""
    figures = inputs.continuity_figures
    as_at = inputs.options.as_at
    if not figures:
        return Section(
            "continuity",
            TITLE,
            f"As at {text.day(as_at)}.",
            (
                Paragraph(
                    f"No continuity counts are held on or before {text.day(as_at)}: import an "
                    "allocation history ('cswork import allocations FILE') to fill this section."
                ),
            ),
        )
    on = date.fromisoformat(figures["month_end"])
    scope = (
        f"At the end of {text.month(on)}. Counts the children allocated to a social worker on "
        "that day, in the team holding them, by the number of different social workers allocated "
        "to them in the 12 months to it; 'worker left' counts those reallocated in the year because "
        "their worker left the authority. Child identifiers are not stored: the counts were made "
        "when the allocation history was imported."
    )
    table = Table(
        key="continuity",
        caption=f"Children by number of social workers in the 12 months to {text.day(on)}",
        headers=("Team", "Children", "1", "2", "3", "4 or more", "3 or more", "Worker left"),
        rows=(*(_row(r) for r in figures["teams"]), _row(figures["total"])),
        numeric=(False, *([True] * 7)),
        total=True,
    )
    blocks: list[Paragraph | Table | Chart] = [Paragraph(continuity_sentence(figures)), table]
    if len(figures["trend"]) > 1:
        blocks.append(_chart(figures))
    return Section("continuity", TITLE, scope, tuple(blocks))
