"""Sections 8 and 9: the outlook from the projection, and the data and definitions behind the paper."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cswork import __version__
from cswork.model.measures import round_half_up
from cswork.model.months import parse_month
from cswork.reference import SOURCE as ENGLAND_SOURCE
from cswork.report import text
from cswork.report.document import (
    Band,
    Block,
    Bullets,
    Chart,
    Panel,
    Paragraph,
    Section,
    Series,
    Table,
)
from cswork.report.inputs import Projection, ReportInputs
from cswork.report.workforce import Formatter

#: The projected outputs the outlook shows: ``cswork project`` key, heading, format.
OUTLOOK: tuple[tuple[str, str, Formatter], ...] = (
    ("in_post_fte", "In post (FTE)", text.fte),
    ("agency_fte", "Agency (FTE)", text.fte),
    ("vacancy_rate", "Vacancy rate", text.pct),
    ("cost", "Monthly cost", text.money),
)
#: Months between the rows of the outlook tables.
STEP = 6


def milestones(months: int) -> list[int]:
    """Months shown in the tables: every six, and the last."""
    shown = list(range(STEP, months + 1, STEP))
    if not shown or shown[-1] != months:
        shown.append(months)
    return shown


def band_text(band: dict[str, float | None], show: Formatter) -> str:
    """``median (p10–p90)``."""
    return f"{show(band['p50'])} ({show(band['p10'])}–{show(band['p90'])})"


def month_label(key: str) -> str:
    """``2027-09`` → ``September 2027``."""
    return text.month(parse_month(key))


def _scenario_table(projection: Projection, months: int) -> Table:
    rows = projection.rows
    return Table(
        key=f"outlook-{projection.result.scenario}",
        caption=f"Scenario '{projection.result.scenario}': median and likely range (10th–90th "
        "percentile) by month",
        headers=("Month", *(heading for _, heading, _ in OUTLOOK)),
        rows=tuple(
            (
                month_label(rows[m - 1]["month"]),
                *(band_text(rows[m - 1][key], show) for key, _, show in OUTLOOK),
            )
            for m in milestones(months)
        ),
        numeric=(False, True, True, True, True),
    )


def cost_difference_sentence(inputs: ReportInputs) -> str:
    """What the second scenario costs over the first by the horizon, from paired runs."""
    first, second = inputs.projections[0], inputs.projections[1]
    return cost_difference_words(
        first.result.scenario,
        second.result.scenario,
        second.rows[-1]["month"],
        inputs.differences[-1]["cumulative_cost"],
    )


def cost_difference_words(
    base: str, other: str, month: str, total: Mapping[str, float | None]
) -> str:
    """The cumulative cost difference ``other`` − ``base`` to ``month`` as words: the median of
    the runs' own totals and their likely range, e.g. "By September 2027, scenario 'double' costs
    £107,290 less than 'baseline' (likely range £81,880 to £127,970 less)"."""
    median, low, high = total["p50"] or 0.0, total["p10"] or 0.0, total["p90"] or 0.0
    lead = f"By {month_label(month)}, scenario '{other}' costs"
    if low == median == high == 0.0:
        return f"{lead} the same as '{base}' (the same random numbers, and no difference)"

    def amount(value: float) -> str:
        return f"{text.money(abs(value))} {'more' if value > 0 else 'less'}"

    said = f"{lead} {amount(median)} than '{base}'"
    if low == high:  # one run of expected values: no range to give
        return said
    if low < 0 < high:
        spread = f"likely range from {amount(low)} to {amount(high)}"
    elif high <= 0:
        spread = f"likely range {text.money(abs(high))} to {amount(low)}"
    else:
        spread = f"likely range {text.money(low)} to {amount(high)}"
    return f"{said} ({spread})"


def _difference_table(inputs: ReportInputs, months: int) -> Table:
    first, second = inputs.projections[0], inputs.projections[1]
    rows = []
    for m in milestones(months):
        row = inputs.differences[m - 1]
        rows.append(
            (
                month_label(row["month"]),
                text.change(row["in_post_fte"]["p50"]),
                text.change(row["agency_fte"]["p50"]),
                text.change(row["vacancy_rate"]["p50"]),
                text.money(row["cost"]["p50"]),
                band_text(row["cumulative_cost"], text.money),
            )
        )
    return Table(
        key="outlook-difference",
        caption=f"'{second.result.scenario}' minus '{first.result.scenario}', run by run (both "
        "projected with the same random numbers): the median difference, and for the cumulative "
        "cost its likely range (10th–90th percentile)",
        headers=(
            "Month",
            "In post (FTE)",
            "Agency (FTE)",
            "Vacancy rate (points)",
            "Monthly cost",
            "Cumulative cost",
        ),
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True),
    )


def _outlook_chart(inputs: ReportInputs) -> Chart:
    projections = inputs.projections
    first = projections[0].result
    x = tuple(parse_month(m) for m in first.months)
    panels = []
    for key, heading, _ in OUTLOOK:
        scale = 1_000_000 if key == "cost" else 1.0
        series, bands = [], []
        for projection in projections:
            band = projection.result.bands[key]
            name = projection.result.scenario

            def values(array: Any, scale: float = scale) -> tuple[float | None, ...]:
                return tuple(None if v != v else float(v) / scale for v in array)

            series.append(Series(f"{name} (median)", values(band.p50)))
            bands.append(Band(f"{name} (10th–90th percentile)", values(band.p10), values(band.p90)))
        panels.append(
            Panel(
                title=heading + (" (£m)" if key == "cost" else ""),
                x=x,
                x_label="Month",
                y_label="£m a month"
                if key == "cost"
                else ("Per cent" if key.endswith("rate") else "FTE"),
                series=tuple(series),
                bands=tuple(bands),
            )
        )
    last = projections[0].rows[-1]
    alt = (
        f"Fan charts of the projection for scenario '{first.scenario}' to "
        f"{month_label(last['month'])}: in post {band_text(last['in_post_fte'], text.fte)} FTE, "
        f"agency {band_text(last['agency_fte'], text.fte)} FTE, vacancy rate "
        f"{band_text(last['vacancy_rate'], text.pct)}, monthly cost "
        f"{band_text(last['cost'], text.money)} (median, then the 10th–90th percentile range)."
    )
    return Chart("outlook", "Projection", alt, tuple(panels), 2, height=2.1)


def outlook_section(inputs: ReportInputs) -> Section:
    """Median and 10th–90th percentile band of the projection; with a comparison, the differences."""
    options = inputs.options
    if not inputs.projections:
        return Section("outlook", "Outlook", f"As at {text.day(options.as_at)}.", ())
    first = inputs.projections[0]
    result = first.result
    scope = (
        f"Projected month by month from {text.day(options.as_at)} for {options.months} months: "
        f"scenario '{result.scenario}', {text.plural(result.runs, 'run')} (seed {result.seed}). "
        "Each figure is the median run with the likely range between the 10th and 90th "
        "percentiles; cost is the monthly cost of permanent and agency staff. The same figures as "
        f"'cswork project --scenario {result.scenario} --months {options.months}'."
    )
    blocks: list[Block] = [_scenario_table(first, options.months)]
    if len(inputs.projections) > 1:
        second = inputs.projections[1]
        blocks.append(_scenario_table(second, options.months))
        blocks.append(_difference_table(inputs, options.months))
        blocks.append(
            Paragraph(
                cost_difference_sentence(inputs) + ": each run projects both scenarios with the "
                "same random numbers, so the range is that of the difference itself."
            )
        )
    blocks.append(_outlook_chart(inputs))
    return Section("outlook", "Outlook", scope, tuple(blocks))


DEFINITIONS: tuple[str, ...] = (
    "Vacancy rate = vacancy FTE ÷ (vacancy FTE + LA-employed FTE in post) (DfE).",
    "Agency rate = agency FTE ÷ (agency FTE + LA-employed FTE in post) (DfE).",
    "Turnover rate = leavers' FTE in the 12 months to the date ÷ LA-employed FTE in post (DfE).",
    "Caseload = cases held ÷ FTE of case-holding workers, those holding at least one case (DfE).",
    "Agency cover of vacancies = agency FTE covering vacancies ÷ vacancy FTE (DfE).",
    "Vacancy FTE: funded FTE by team and role less LA-employed FTE in post, where positive.",
    "Utilisation = weighted caseload ÷ capacity; capacity = FTE × team target × experience factor.",
    "Rates are shown to one decimal place, rounded half up, as DfE publishes them.",
)


def data_section(inputs: ReportInputs) -> Section:
    """The imports in force, the DfE definitions, and every setting that differs from its default."""
    blocks: list[Block] = []
    if inputs.imports:
        blocks.append(
            Table(
                key="imports",
                caption="Imports in force (newest first)",
                headers=("Import", "Kind", "File", "Imported", "SHA-256 (first 12)"),
                rows=tuple(
                    (
                        text.count(r.id),
                        r.kind,
                        r.file_name,
                        text.day(date.fromisoformat((r.finished_at or r.started_at)[:10])),
                        r.sha256[:12],
                    )
                    for r in inputs.imports
                ),
                numeric=(True, False, False, False, False),
            )
        )
    else:
        blocks.append(
            Paragraph(
                "No file import is in force: the data were written directly (as 'cswork demo' "
                "does) or every import has been undone."
            )
        )
    blocks.append(Paragraph("Definitions used:"))
    blocks.append(Bullets(DEFINITIONS))
    changed = [row for row in inputs.settings if row.changed]
    if changed:
        blocks.append(
            Table(
                key="settings",
                caption="Settings that differ from their defaults",
                headers=("Setting", "Value", "Default", "Meaning"),
                rows=tuple(
                    (
                        row.spec.key,
                        _setting(row.current),
                        _setting(row.spec.default),
                        row.spec.description,
                    )
                    for row in changed
                ),
                numeric=(False, True, True, False),
            )
        )
    else:
        blocks.append(Paragraph("Every setting is at its default ('cswork settings' lists them)."))
    blocks.append(
        Paragraph(
            f"England figures: {ENGLAND_SOURCE}. Written by cswork {__version__} on "
            f"{text.day(inputs.options.generated_on)}."
        )
    )
    scope = "The files the figures come from, the definitions, and the settings they depend on."
    return Section("data", "Data and definitions", scope, tuple(blocks))


def _setting(value: object) -> str:
    if isinstance(value, float):
        rounded = round_half_up(value, 2)
        return f"{rounded:g}"
    return str(value)
