"""The ``cswork cohorts`` output: the headline, each cohort's outcomes and Kaplan–Meier retention
with the number at risk, the pooled curve, leaving reasons and planned intakes."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.model.cohorts import RETENTION_MONTHS, CohortOutcome
from cswork.model.survival import SurvivalPoint
from cswork.render.format import MISSING, number, reason_label
from cswork.render.safe import LABEL_WIDTH
from cswork.services.cohorts import CohortReport


def retention_cell(point: SurvivalPoint) -> str:
    """Retention in % with the number still followed, e.g. ``91.7 (11)``; a dash before anyone
    has been followed that long."""
    if point.retention is None:
        return MISSING
    return f"{number(100 * point.retention)} ({point.at_risk})"


def _table(title: str, caption: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )


def outcome_table(report: CohortReport) -> Table:
    """One row per started cohort, then all cohorts together: who started, stayed, left, got
    through the ASYE and progressed."""
    table = _table(
        f"Academy cohorts as at {report.as_at:%d %B %Y}",
        f"Through ASYE: in post {report.asye_months} months after starting. "
        "Progressed: moved to a frontline team or promoted.",
    )
    table.add_column("Cohort", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    table.add_column("Start", no_wrap=True)
    for label in ("Starters", "In post", "Left", "Through\nASYE", "In\nASYE", "Progressed"):
        table.add_column(label, justify="right")
    for outcome in [*report.cohorts, report.pooled]:
        pooled = outcome is report.pooled
        table.add_row(
            outcome.cohort.name,
            "" if pooled else f"{outcome.cohort.start:%d %b %Y}",
            str(outcome.starters),
            str(outcome.in_post),
            str(outcome.left),
            str(outcome.completed_asye),
            str(outcome.in_asye),
            str(outcome.progressed),
            style="bold" if pooled else None,
            end_section=bool(report.cohorts) and outcome is report.cohorts[-1],
        )
    return table


def retention_table(report: CohortReport) -> Table:
    """Kaplan–Meier retention per cohort at 6–36 months, with the number at risk."""
    table = _table(
        "Retention",
        "Kaplan–Meier % still in post, with the number still in post and followed in brackets; "
        f"'{MISSING}' not yet reached. All cohorts: each starter on their own time since starting.",
    )
    table.add_column("Cohort", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    for months in RETENTION_MONTHS:
        table.add_column(f"{months} months", justify="right", no_wrap=True)
    for outcome in [*report.cohorts, report.pooled]:
        table.add_row(
            outcome.cohort.name,
            *(retention_cell(point) for point in outcome.retention),
            style="bold" if outcome is report.pooled else None,
            end_section=bool(report.cohorts) and outcome is report.cohorts[-1],
        )
    return table


def reasons_line(outcomes: tuple[CohortOutcome, ...]) -> Text:
    """Why cohort members left, most common first."""
    reasons: Counter[str] = Counter()
    for outcome in outcomes:
        reasons.update(outcome.leaving_reasons)
    if not reasons:
        return Text("No cohort member has left.")
    listed = ", ".join(f"{reason_label(reason)} {n}" for reason, n in reasons.most_common())
    return Text(f"Why they left: {listed}.")


def planned_line(report: CohortReport) -> Text:
    """The intakes still to come."""
    if not report.planned:
        return Text("No planned intakes recorded.")
    listed = "; ".join(
        f"{c.name} on {c.start:%d %b %Y}"
        + (f" ({c.planned_size} planned)" if c.planned_size is not None else "")
        for c in report.planned
    )
    return Text(f"Planned: {listed}.")


def cohorts_renderable(report: CohortReport) -> RenderableType:
    """The whole cohort report."""
    return Group(
        Text(report.headline, style="bold"),
        outcome_table(report),
        retention_table(report),
        reasons_line(report.cohorts),
        planned_line(report),
    )
