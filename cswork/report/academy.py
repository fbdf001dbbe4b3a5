"""Sections 5 to 7: academy cohorts, demand against its base month, and the performance indicators."""

from __future__ import annotations

from datetime import date
from typing import Any

from cswork.model.months import parse_month
from cswork.report import text
from cswork.report.document import Block, Bullets, Chart, Panel, Paragraph, Section, Series, Table
from cswork.report.inputs import ReportInputs

#: Retention is shown at 12 months in the cohort table, the figure boards ask about.
HEADLINE_MONTHS = "12"
#: Months of demand drawn on the chart.
DEMAND_CHART_MONTHS = 24


def _missing(key: str, title: str, as_at: date, sentence: str) -> Section:
    return Section(key, title, f"As at {text.day(as_at)}.", (Paragraph(sentence),))


def _cohort_row(name: str, start: str, row: dict[str, Any], planned: str) -> tuple[str, ...]:
    return (
        name,
        start,
        planned,
        text.count(row["starters"]),
        text.count(row["in_post"]),
        text.count(row["left"]),
        text.count(row["completed_asye"]),
        text.count(row["in_asye"]),
        text.pct(row["retention"].get(HEADLINE_MONTHS)),
    )


def academy_section(inputs: ReportInputs) -> Section:
    """The cohort table, the pooled Kaplan–Meier retention with numbers at risk, planned intakes."""
    report, figures = inputs.cohorts, inputs.cohort_figures
    as_at = inputs.options.as_at
    if report is None:
        return _missing(
            "academy",
            "Academy cohorts",
            as_at,
            "No academy cohort has started: import cohorts ('cswork import cohorts FILE') and "
            "staff rows naming their cohort to fill this section.",
        )
    scope = (
        f"As at {text.day(as_at)}. Counts the newly qualified social workers (NQSWs) who started "
        f"in each academy cohort: still in post, left the authority, through the "
        f"{report.asye_months}-month ASYE and still in it. Retention is the Kaplan–Meier estimate, "
        "which counts each starter only for as long as they have been followed."
    )
    rows = [
        _cohort_row(
            c["cohort"],
            text.day(date.fromisoformat(c["start_date"])),
            c,
            text.count(c["planned_size"]),
        )
        for c in figures["cohorts"]
    ]
    totals = figures["totals"]
    rows.append(_cohort_row("All cohorts", text.MISSING, totals, text.MISSING))
    cohort_table = Table(
        key="cohorts",
        caption=f"Academy cohorts on {text.day(as_at)}",
        headers=(
            "Cohort",
            "Started",
            "Planned",
            "Starters",
            "In post",
            "Left",
            "Completed ASYE",
            "In ASYE",
            "Retained at 12 months",
        ),
        rows=tuple(rows),
        numeric=(False, False, *([True] * 7)),
        total=True,
    )
    retention = Table(
        key="retention",
        caption="Retention of every starter, all cohorts pooled (Kaplan–Meier)",
        headers=("Months since starting", "Still in post", "Numbers at risk"),
        rows=tuple(
            (m, text.pct(totals["retention"][m]), text.count(totals["at_risk"][m]))
            for m in totals["retention"]
        ),
        numeric=(True, True, True),
    )
    blocks: list[Block] = [Paragraph(report.headline), cohort_table, _retention_chart(inputs)]
    blocks.append(retention)
    if report.planned:
        blocks.append(
            Paragraph(
                "Planned intakes: "
                + "; ".join(
                    f"{c.name}, {text.plural(c.planned_size or 0, 'place')}, from {text.day(c.start)}"
                    for c in report.planned
                )
                + "."
            )
        )
    return Section("academy", "Academy cohorts", scope, tuple(blocks))


def _retention_chart(inputs: ReportInputs) -> Chart:
    assert inputs.cohorts is not None
    curve = inputs.cohorts.pooled.curve
    totals = inputs.cohort_figures["totals"]
    x = tuple(p.months for p in curve)
    values = tuple(None if p.retention is None else 100 * p.retention for p in curve)
    ticks = tuple((p.months, f"{p.months}\n{p.at_risk}") for p in curve if p.months % 6 == 0)
    panel = Panel(
        title="Still in post (%)",
        x=x,
        x_label="Months since starting (numbers at risk beneath)",
        y_label="Per cent still in post",
        series=(Series("All cohorts", values, step=True),),
        x_tick_labels=ticks,
        y_from_zero=True,
    )
    twelve = totals["retention"].get(HEADLINE_MONTHS)
    alt = (
        f"Kaplan–Meier retention of {text.count(totals['starters'])} academy starters: "
        f"{text.pct(twelve)} still in post after 12 months, with "
        f"{text.count(totals['at_risk'].get(HEADLINE_MONTHS))} followed that far."
    )
    return Chart("retention", "Academy retention (Kaplan–Meier)", alt, (panel,), height=2.5)


def demand_section(inputs: ReportInputs) -> Section:
    """Each measure against its base month in figures and words, and a 24-month chart."""
    report, figures = inputs.demand, inputs.demand_figures
    if report is None:
        return _missing(
            "demand",
            "Demand",
            inputs.options.as_at,
            "No demand figures are held for two months to compare: import monthly demand "
            "('cswork import demand FILE') to fill this section.",
        )
    month, base = text.month(report.month), text.month(report.base_month)
    scope = (
        f"Month of {month} against {base}. Counts each demand measure in the month (contacts, "
        "referrals, assessments and so on, as imported), with the change against the base month "
        "and the change in the 12-month rolling average."
    )
    table = Table(
        key="demand",
        caption=f"Demand in {month} against {base}",
        headers=("Measure", month, base, "Change", "12-month average change"),
        rows=tuple(
            (
                m["label"],
                text.count(m["value"]),
                text.count(m["base_value"]),
                text.pct(m["change_pct"]),
                text.pct(m["rolling_12_change_pct"]),
            )
            for m in figures["measures"]
        ),
        numeric=(False, True, True, True, True),
    )
    words = Bullets(tuple(m["sentence"] + "." for m in figures["measures"]))
    return Section("demand", "Demand", scope, (table, words, _demand_chart(inputs)))


def _demand_chart(inputs: ReportInputs) -> Chart:
    report = inputs.demand
    assert report is not None
    panels = []
    for measure in report.measures:
        recent = measure.series[-DEMAND_CHART_MONTHS:]
        rolling = measure.rolling[-DEMAND_CHART_MONTHS:]
        panels.append(
            Panel(
                title=measure.label,
                x=tuple(mv.month for mv in recent),
                x_label="",
                y_label="Count",
                series=(
                    Series("Month", tuple(mv.value for mv in recent)),
                    Series("12-month average", tuple(mv.value for mv in rolling)),
                ),
                y_from_zero=True,
            )
        )
    first = report.measures[0].change
    alt = (
        f"Small charts of {len(panels)} demand measures over the {DEMAND_CHART_MONTHS} months to "
        f"{text.month(report.month)}. {first.label}: {text.count(first.value)} in "
        f"{text.month(first.month)}, compared with {text.count(first.base_value)} in "
        f"{text.month(first.base_month)}."
    )
    return Chart("demand", "Demand over two years", alt, tuple(panels), 3, height=1.7)


RAG_WORDS = {
    "green": "Green (on target)",
    "amber": "Amber (near target)",
    "red": "Red (off target)",
}


def _indicator_figure(value: float | None, unit: str | None) -> str:
    if value is None:
        return text.MISSING
    if unit == "%":
        return text.pct(value)
    return text.count(value)


def indicators_section(inputs: ReportInputs) -> Section:
    """Each indicator's latest value against its target, with RAG in words and colour, and trend."""
    figures = inputs.indicator_figures
    if inputs.indicators is None:
        return _missing(
            "indicators",
            "Performance indicators",
            inputs.options.as_at,
            f"No performance indicator values are held up to {text.month(inputs.options.as_at)}: "
            "import them ('cswork import indicators FILE') to fill this section.",
        )
    rows, tones = [], []
    for ind in figures["indicators"]:
        rag = ind["rag"]
        rows.append(
            (
                ind["definition"],
                text.month(parse_month(ind["period"])),
                _indicator_figure(ind["value"], ind["unit"]),
                _indicator_figure(ind["target"], ind["unit"]),
                RAG_WORDS.get(rag, "No target"),
                (ind["trend"] or "no earlier value").capitalize(),
            )
        )
        tones.append((None, None, None, None, rag, None))
    table = Table(
        key="indicators",
        caption="Performance indicators at their latest period",
        headers=("Indicator", "Period", "Value", "Target", "Status", "Trend"),
        rows=tuple(rows),
        numeric=(False, False, True, True, False, False),
        tones=tuple(tones),
    )
    statuses = [ind["rag"] for ind in figures["indicators"]]
    summary = Table(
        key="rag",
        caption="Indicators by status",
        headers=("Status", "Indicators"),
        rows=(
            *((RAG_WORDS[r], text.count(statuses.count(r))) for r in ("green", "amber", "red")),
            ("No target", text.count(statuses.count(None))),
            ("All indicators", text.count(len(statuses))),
        ),
        numeric=(False, True),
        tones=(("green", None), ("amber", None), ("red", None)),
        total=True,
    )
    scope = (
        f"Each indicator at the latest period it has a value for, up to {text.month(inputs.options.as_at)}. Status compares the value with "
        "the target that applied then, in the indicator's better direction; amber is within "
        f"{figures['amber_band_pct']:g} % of the target. Trend compares with the previous period."
    )
    return Section("indicators", "Performance indicators", scope, (summary, table))
