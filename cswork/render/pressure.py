"""The ``cswork pressure`` output: teams by band, service areas, workers over capacity, the NQSW
protection check and each team's utilisation trend, as Rich renderables."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.model.absence import AbsenceReason, GroupAbsence
from cswork.model.pressure import BANDS, Band, WorkerPressure, band_for
from cswork.model.team_pressure import GroupPressure, PressureTrend
from cswork.model.workforce import ORG_ROLES
from cswork.render.format import MISSING, fte, number
from cswork.render.safe import LABEL_WIDTH
from cswork.services.pressure import PressureReport

_BAND_STYLE = {
    Band.UNDER_85: "green",
    Band.FROM_85_TO_100: "yellow",
    Band.FROM_100_TO_110: "dark_orange",
    Band.OVER_110: "bold red",
}
_BAND_HEADINGS = {
    Band.UNDER_85: "<85%",
    Band.FROM_85_TO_100: "85–\n100%",
    Band.FROM_100_TO_110: "100–\n110%",
    Band.OVER_110: ">110%",
}
_SPARKS = "▁▂▃▄▅▆▇█"
#: Months of trend drawn as a sparkline.
TREND_MONTHS = 24


def utilisation_text(fraction: float | None) -> Text:
    """Utilisation as a percentage, coloured by its band."""
    if fraction is None:
        return Text(MISSING)
    rounded = number(100 * fraction, 1)
    return Text(f"{rounded}%", style=_BAND_STYLE[band_for(fraction)])


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


#: Below this width the group table leaves out cases, weighted caseload and capacity.
WIDE_ENOUGH = 112
#: Below this width the worker table leaves out the role and the number of cases.
WORKERS_WIDE_ENOUGH = 100


def group_table(
    groups: Sequence[GroupPressure],
    total: GroupPressure,
    heading: str,
    width: int = WIDE_ENOUGH,
) -> Table:
    """Groups (teams or service areas) with the DfE and weighted caseloads and the band matrix;
    narrower terminals get FTE, DfE caseload, utilisation and the bands."""
    wide = width >= WIDE_ENOUGH
    table = _table(
        f"By {heading.lower()}",
        "Caseload = cases ÷ case-holding FTE (DfE); weighted = weighted cases ÷ the same FTE; "
        "utilisation = weighted cases ÷ capacity. Band columns count workers.",
    )
    table.add_column(heading, no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    labels = ["FTE", "Cases", "Caseload", "Weighted", "Capacity", "Util."]
    if not wide:
        labels = ["FTE", "Caseload", "Util."]
    for label in labels:
        table.add_column(label, justify="right", no_wrap=True)
    for band in BANDS:
        table.add_column(_BAND_HEADINGS[band], justify="right", style=_BAND_STYLE[band])
    for group in [*groups, total]:
        figures = [fte(group.case_holding_fte)]
        if wide:
            figures += [
                str(group.cases),
                number(group.caseload),
                number(group.weighted_caseload),
                number(group.capacity),
            ]
        else:
            figures.append(number(group.caseload))
        table.add_row(
            group.name,
            *figures,
            utilisation_text(group.utilisation),
            *(str(group.band_counts[band]) for band in BANDS),
            style="bold" if group is total else None,
            end_section=bool(groups) and group is groups[-1],
        )
    return table


def absence_table(
    groups: Sequence[GroupAbsence], total: GroupAbsence, width: int = WIDE_ENOUGH
) -> Table:
    """Capacity each team loses to absence on the date: lost (and as a share, and in FTE) and the
    utilisation of what is left; wide terminals also get the capacity, what is left and who is on
    long-term absence (narrow ones say it for the whole below)."""
    wide = width >= WIDE_ENOUGH
    away = ", ".join(f"{n} {r.label.lower()}" for r, n in total.long_term.items() if n)
    table = _table(
        "Capacity lost to absence",
        "Lost: all of a worker's capacity while on long-term absence on the date, else their "
        "working days lost in the 12 months to it ÷ (FTE × working days). Util. after = weighted "
        "cases ÷ the capacity left."
        + ("" if wide else f" On long-term absence: {away or 'nobody'}."),
    )
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    labels = ["Capacity", "Lost", "Lost %", "FTE lost", "Left", "Util. after", "Long-term"]
    if not wide:
        labels = ["Lost", "Lost %", "FTE lost", "Util. after"]
    for label in labels:
        table.add_column(label, justify="right", no_wrap=True)
    for group in [*groups, total]:
        absent = ", ".join(f"{n} {_SHORT_REASON[r]}" for r, n in group.long_term.items() if n)
        lost = [
            number(group.capacity_lost),
            MISSING if group.lost_share is None else number(100 * group.lost_share, 1) + "%",
            fte(group.fte_lost),
        ]
        figures = [number(group.capacity), *lost, number(group.available)] if wide else lost
        table.add_row(
            Text(group.name),
            *figures,
            utilisation_text(group.utilisation),
            *([absent or "none"] if wide else []),
            style="bold" if group is total else None,
            end_section=bool(groups) and group is groups[-1],
        )
    return table


_SHORT_REASON = {
    AbsenceReason.SICKNESS: "sick",
    AbsenceReason.MATERNITY: "parental",
    AbsenceReason.OTHER: "other",
}


def worker_table(
    workers: Sequence[WorkerPressure], title: str, width: int = WORKERS_WIDE_ENOUGH
) -> Table:
    """Workers with their load against capacity, in the order given."""
    wide = width >= WORKERS_WIDE_ENOUGH
    table = _table(title)
    table.add_column("Ref", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    if wide:
        table.add_column("Role", no_wrap=True)
    for label in (
        ("FTE", "Cases", "Weighted", "Capacity", "Util.")
        if wide
        else (
            "FTE",
            "Weighted",
            "Capacity",
            "Util.",
        )
    ):
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("ASYE", no_wrap=True)
    for worker in workers:
        role = [ORG_ROLES.get(worker.org_role, str(worker.org_role))] if wide else []
        cases = [str(worker.cases)] if wide else []
        table.add_row(
            worker.worker_ref,
            worker.team,
            *role,
            number(worker.fte, 2),
            *cases,
            number(worker.weighted_caseload),
            number(worker.capacity),
            utilisation_text(worker.utilisation),
            f"month {worker.asye_month + 1}" if worker.asye_month is not None else "",
        )
    return table


class _ToFit:
    """Builds a table for the width it is rendered at."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield self.build(options.max_width)


def protection_table(report: PressureReport) -> RenderableType:
    """NQSWs whose protection is breached, or a line saying all are protected."""
    checked = len(report.nqsw_checks)
    settings = report.settings
    rule = (
        f"limit {settings.nqsw_protected_cases} cases; no CP case in the first "
        f"{settings.nqsw_cp_months} months"
        if settings.nqsw_cp_months
        else f"limit {settings.nqsw_protected_cases} cases"
    )
    if not report.breaches:
        return Text(f"NQSW protection: all {checked} NQSWs in their ASYE protected ({rule}).")
    table = _table(
        f"NQSW protection: {len(report.breaches)} of {checked} NQSWs in their ASYE breached",
        f"Protection: {rule}; weighted caseload within protected capacity. "
        "CP cases count as held alone: the extract does not say whether they are co-worked.",
    )
    table.add_column("Ref", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    for label in ("ASYE\nmonth", "Cases", "CP", "Util."):
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("Breaches")
    for check in report.breaches:
        worker = check.worker
        table.add_row(
            worker.worker_ref,
            worker.team,
            str((worker.asye_month or 0) + 1),
            str(worker.cases),
            str(worker.cp_cases),
            utilisation_text(worker.utilisation),
            ", ".join(b.label for b in check.breaches),
        )
    return table


def sparkline(values: Sequence[float | None]) -> str:
    """Block characters scaled between the smallest and largest value; gaps as spaces."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low or 1.0
    return "".join(
        " " if v is None else _SPARKS[round((v - low) / span * (len(_SPARKS) - 1))] for v in values
    )


def trend_table(trends: Sequence[PressureTrend]) -> Table:
    """Each team's utilisation over the last :data:`TREND_MONTHS` count dates."""
    table = _table(f"Utilisation trend (last {TREND_MONTHS} months)")
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    table.add_column("Trend", no_wrap=True)
    table.add_column("Year ago", justify="right")
    table.add_column("Now", justify="right")
    table.add_column("Peak", justify="right")
    for trend in trends:
        points = trend.points[-TREND_MONTHS:]
        values = [p.pressure.utilisation for p in points]
        year_ago = trend.points[-13].pressure.utilisation if len(trend.points) >= 13 else None
        known = [v for v in values if v is not None]
        table.add_row(
            trend.name,
            sparkline(values),
            utilisation_text(year_ago),
            utilisation_text(values[-1] if values else None),
            utilisation_text(max(known) if known else None),
        )
    return table


def pressure_renderable(report: PressureReport) -> RenderableType:
    """The whole pressure report."""
    counted = f"{report.count_date:%d %B %Y}" if report.count_date else "no caseload count"
    scope = report.team or "all teams"
    parts: list[RenderableType] = [
        Text(
            f"Caseload pressure, {scope}, as at {report.as_at:%d %B %Y} (caseloads counted "
            f"{counted}). Target {report.settings.target_caseload:g} weighted cases per FTE.",
            style="bold",
        ),
        _ToFit(lambda width: group_table(report.teams, report.total, "Team", width)),
    ]
    if report.service_areas:
        areas = report.service_areas
        parts.append(_ToFit(lambda width: group_table(areas, report.total, "Service area", width)))
    if report.absence_total is not None:
        absent, lost = report.absence, report.absence_total
        parts.append(_ToFit(lambda width: absence_table(absent, lost, width)))
    over = f"Workers over capacity: {len(report.over_capacity)}"
    parts.append(_ToFit(lambda width: worker_table(report.over_capacity, over, width)))
    if report.unmeasurable:
        held = f"Holding cases without capacity (unmeasurable): {len(report.unmeasurable)}"
        parts.append(_ToFit(lambda width: worker_table(report.unmeasurable, held, width)))
    parts += [protection_table(report), Text(""), trend_table(report.trends)]
    return Group(*parts)
