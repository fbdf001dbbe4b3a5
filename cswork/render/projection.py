"""Rich renderables for scenarios, calibration, projections and backtests (pure functions)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group
from rich.table import Table
from rich.text import Text

from cswork.model.projection.assumptions import (
    FIELDS,
    Assumptions,
    describe,
    intakes_text,
    optional_word,
    pattern_text,
    rates_text,
)
from cswork.render.format import MISSING, pounds_short, share
from cswork.render.pipeline import routes_table
from cswork.services.backtest import BacktestResult, BacktestSummary
from cswork.services.projection import Calibration, Comparison, ProjectionResult

#: Column headings and number formats for the projection table.
_SHOWN: tuple[tuple[str, str, str], ...] = (
    ("in_post_fte", "In post\nFTE", "{:.1f}"),
    ("agency_fte", "Agency\nFTE", "{:.1f}"),
    ("vacancy_fte", "Vacancy\nFTE", "{:.1f}"),
    ("vacancy_rate", "Vacancy\n%", "{:.1f}"),
    ("agency_rate", "Agency\n%", "{:.1f}"),
    ("caseload", "Case-\nload", "{:.1f}"),
    ("utilisation", "Utilis-\nation %", "{:.0f}"),
    ("cost", "Cost\n£k/month", "{:.0f}"),
    ("cumulative_cost", "Cumulative\n£m", "{:.2f}"),
)


def _fmt(value: float | None, pattern: str, scale: float = 1.0) -> str:
    return MISSING if value is None else pattern.format(value / scale)


#: Money outputs are shown in thousands (a month) or millions (cumulative).
_SCALE = {"cost": 1000.0, "cumulative_cost": 1e6}


def _cell(result: ProjectionResult, output: str, month: int, pattern: str) -> str | Text:
    scale = _SCALE.get(output, 1.0)
    middle = _fmt(result.value(output, month), pattern, scale)
    if result.runs == 1 or month == 0:
        return middle
    low = _fmt(result.value(output, month, "p10"), pattern, scale)
    high = _fmt(result.value(output, month, "p90"), pattern, scale)
    return Text.assemble(middle, "\n", (f"{low}–{high}", "dim"))


#: Below this width the projection table leaves out the agency and vacancy FTE columns and the
#: cumulative cost.
WIDE_ENOUGH = 124
_NARROW_SKIPS = frozenset({"agency_fte", "vacancy_fte", "cumulative_cost"})


def projection_table(results: Sequence[ProjectionResult], width: int = WIDE_ENOUGH) -> Table:
    """Months down, outputs across: the median over its p10–p90 band; one row per scenario a month.

    Narrower terminals get the rates, caseload, utilisation and cost without the agency and vacancy
    FTE columns (``--format csv`` or ``json`` always carries everything).
    """
    first = results[0]
    caption = (
        f"From the position at {first.as_at.isoformat()}; median of {first.runs} runs "
        f"(seed {first.seed}) over the 10th–90th percentile band."
        if first.runs > 1
        else f"From the position at {first.as_at.isoformat()}; expected values (one run)."
    )
    shown = [c for c in _SHOWN if width >= WIDE_ENOUGH or c[0] not in _NARROW_SKIPS]
    table = Table(
        title="Workforce projection",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
        show_lines=True,
    )
    table.add_column("Month", no_wrap=True)
    if len(results) > 1:
        table.add_column("Scenario", no_wrap=True)
    for _, heading, _ in shown:
        table.add_column(heading, justify="right", no_wrap=True)
    for month in range(len(first.months)):
        for result in results:
            label = [result.months[month] + ("\n(start)" if month == 0 else "")]
            if len(results) > 1:
                label.append(result.scenario)
            table.add_row(*label, *(_cell(result, output, month, fmt) for output, _, fmt in shown))
    return table


class ProjectionTableToFit:
    """The projection table with the columns that fit the width it is rendered at."""

    def __init__(self, results: Sequence[ProjectionResult]) -> None:
        self.results = results

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        yield projection_table(self.results, options.max_width)


#: The paired differences tabulated under a comparison: output, heading, format, scale.
_DIFFERENCES: tuple[tuple[str, str, str, float], ...] = (
    ("in_post_fte", "In post\nFTE", "{:+.1f}", 1.0),
    ("agency_fte", "Agency\nFTE", "{:+.1f}", 1.0),
    ("vacancy_fte", "Vacancy\nFTE", "{:+.1f}", 1.0),
    ("cost", "Cost\n£k/month", "{:+.0f}", 1000.0),
    ("cumulative_cost", "Cumulative\n£m", "{:+.2f}", 1e6),
)


def cost_difference_sentence(comparison: Comparison) -> str:
    """ "Over 24 months, double-cohort costs £0.25m less than baseline (10–90 % range £0.10m to
    £0.41m)." from the paired runs' cumulative cost difference at the horizon."""
    months = comparison.months
    base, other = comparison.base.scenario, comparison.other.scenario
    low, mid, high = (
        comparison.difference("cumulative_cost", months, q) or 0.0 for q in ("p10", "p50", "p90")
    )
    lead = f"Over {months} months, {other} costs"
    if low == mid == high == 0.0:
        return f"{lead} the same as {base} (paired runs: the difference is exactly zero)."
    how = f"{pounds_short(abs(mid))} {'less' if mid < 0 else 'more'} than {base}"
    if comparison.base.runs == 1:
        return f"{lead} {how} (expected values from one run, so no range)."
    if high <= 0:
        spread = f"{pounds_short(-high)} to {pounds_short(-low)}"
    elif low >= 0:
        spread = f"{pounds_short(low)} to {pounds_short(high)}"
    else:
        spread = f"{pounds_short(-low)} less to {pounds_short(high)} more"
    return f"{lead} {how} (10–90 % range {spread})."


def difference_table(comparison: Comparison) -> Table:
    """Month by month, scenario − base from paired runs: the median over its p10–p90 band."""
    base, other = comparison.base.scenario, comparison.other.scenario
    table = Table(
        title=Text(f"Difference: {other} − {base} (paired runs)"),
        caption=Text(cost_difference_sentence(comparison)),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
        show_lines=comparison.base.runs > 1,
    )
    table.add_column("Month", no_wrap=True, min_width=7)
    for _, heading, _, _ in _DIFFERENCES:
        table.add_column(heading, justify="right")
    for month in range(1, comparison.months + 1):
        cells: list[str | Text] = [comparison.base.months[month]]
        for output, _, pattern, scale in _DIFFERENCES:
            middle = _fmt(comparison.difference(output, month), pattern, scale)
            if comparison.base.runs == 1:
                cells.append(middle)
                continue
            low = _fmt(comparison.difference(output, month, "p10"), pattern, scale)
            high = _fmt(comparison.difference(output, month, "p90"), pattern, scale)
            cells.append(Text.assemble(middle, "\n", (f"{low} to {high}", "dim")))
        table.add_row(*cells)
    return table


def assumptions_table(name: str, assumptions: Assumptions) -> Table:
    """A scenario's assumptions, one per row, with what each means."""
    table = Table(title=f"Scenario {name}")
    # Whole, never cut: the key is what 'cswork scenario set NAME KEY VALUE' takes.
    table.add_column("Key", no_wrap=True, min_width=max(len(key) for key in FIELDS))
    table.add_column("Value", justify="right")
    table.add_column("Meaning")
    for key in FIELDS:
        if key == "cohorts":
            value = (
                ", ".join(
                    f"{c.start.isoformat()}:{c.size}{' (assumed)' if c.assumed else ''}"
                    for c in assumptions.cohorts
                )
                or "none"
            )
        elif key == "academy_pattern":
            value = pattern_text(assumptions.academy_pattern) or "none"
        elif key == "route_intakes":
            value = intakes_text(assumptions.route_intakes) or "none"
        elif key == "route_leaver_rates":
            value = rates_text(assumptions.route_leaver_rates) or "none"
        else:
            raw = getattr(assumptions, key)
            value = (optional_word(key) or "") if raw is None else f"{raw:g}"
        table.add_row(key, value, describe(key))
    return table


def calibration_renderable(fit: Calibration) -> Group:
    """The half-life chosen and why; leaver rates by band (long run, recent, used, interval); then
    recruitment, the academy pattern, agency and demand."""
    choice = Table(
        title="Recency weighting",
        caption="Each half-life's mean error projecting in-post and vacancy FTE 12 months ahead "
        "from past starts (MAPE); the lowest is used.",
    )
    choice.add_column("Half-life")
    choice.add_column("Backtest error", justify="right")
    choice.add_column("", justify="left")
    for half_life, error in fit.choice.errors.items():
        label = "long run (no weighting)" if half_life is None else f"{half_life} months"
        chosen = "chosen" if half_life == fit.choice.half_life else ""
        choice.add_row(label, f"{error:.2f}%", chosen)
    rates = Table(
        title=f"Leaver rates from history to {fit.as_at.isoformat()}",
        caption=f"Chosen: {fit.choice.reason}. Used = recent shrunk toward the long run.",
    )
    for heading in ("Band", "Long run", "Recent", "Used", "95% interval", "Eff. leavers"):
        rates.add_column(heading, justify="left" if heading == "Band" else "right")
    for band, rate in fit.leaver_rates.items():
        interval = MISSING if rate.low is None else f"{share(rate.low, 1)} – {share(rate.high, 1)}"
        rates.add_row(
            band,
            share(rate.long_run, 1),
            share(rate.recent, 1),
            share(rate.rate, 1),
            interval,
            str(rate.leavers),
        )
    other = Table(title="Recruitment, academy, agency and demand")
    other.add_column("Figure")
    other.add_column("Value", justify="right")
    other.add_row("Experienced hires a month per vacant FTE", f"{fit.vacancy_fill_rate:.3f}")
    other.add_row("  that is, at today's vacancies, a month", f"{fit.hires_per_month:.2f}")
    other.add_row(
        "Year-to-year spread of leaver / hiring rates",
        f"{fit.fit.leaver_spread:.2f} / {fit.fit.hiring_spread:.2f}",
    )
    pattern = ", ".join(f"{calendar.month_abbr[i.month]} {i.size}" for i in fit.academy_pattern)
    other.add_row("Academy pattern (assumed after plans)", pattern or "none")
    other.add_row("Agency conversions to permanent a year", share(fit.agency_conversion_rate, 1))
    step = fit.fit.conversion_step
    if step is not None:
        other.add_row(
            f"  the rate since a step up {step.months} months ago",
            f"{step.conversions} against {step.expected:.1f} at the rate before",
        )
    other.add_row("Cohort no-show rate", share(fit.no_show_rate, 1))
    flow = fit.agency_flow
    if flow is not None:
        other.add_row(
            "Leavers going to agency work",
            f"{share(flow.share, 1)} ({flow.to_agency} of {flow.known} known)",
        )
    other.add_row("Absence rate (working days lost)", share(fit.absence_rate, 1))
    other.add_row("Agency FTE per vacant FTE", f"{fit.agency_share_of_vacancies:.2f}")
    charge = fit.agency_charge_per_hour
    other.add_row("Agency charge an hour", MISSING if charge is None else f"£{charge:.2f}")
    for case_type, growth in sorted(fit.demand_growth.items()):
        other.add_row(f"Demand trend {case_type} a year", f"{100 * growth:+.1f}%")
    other.add_row("Demand noise (sd of monthly shocks, log)", f"{fit.demand_noise_sd:.3f}")
    other.add_row("Demand persistence (AR(1))", f"{fit.demand_persistence:.2f}")
    other.add_row("Demand growth uncertainty (sd a year)", f"{100 * fit.demand_growth_sd:.1f}%")
    rho = fit.demand_damping
    carried = f"{rho / (1 - rho):.0f} months of trend in all" if rho < 1 else "never fades"
    other.add_row("Demand trend damping a month", f"{rho:.2f} ({carried})")
    routes = routes_table(fit.routes)
    if fit.choice.errors:
        return Group(choice, rates, other, routes)
    return Group(rates, other, routes)


def backtest_table(result: BacktestResult) -> Table:
    """MAPE per output for the model, "nothing changes" and the trend, and the band's coverage."""
    table = Table(
        title=f"Backtest from {result.start.isoformat()} over {len(result.months)} months",
        caption="Mean absolute percentage error against what happened; lower is better. "
        "In band: share of actual months inside the model's 10–90 % band.",
    )
    for heading in ("Output", "Model", "No change", "Trend", "Model better", "In band"):
        table.add_column(heading, justify="left" if heading == "Output" else "right")
    for score in result.scores:
        better = {True: "yes", False: "no", None: MISSING}[score.beats_naive]
        table.add_row(
            score.output,
            _fmt(score.model_mape, "{:.1f}%"),
            _fmt(score.naive_mape, "{:.1f}%"),
            _fmt(score.trend_mape, "{:.1f}%"),
            better,
            _fmt(score.coverage, "{:.0f}%"),
        )
    return table


def backtests_table(summary: BacktestSummary) -> Table:
    """Every start: in-post and vacancy FTE error of the model against "nothing changes", and
    coverage; then the means."""
    table = Table(
        title=f"Backtests over {summary.months} months from {len(summary.results)} past starts",
        caption=summary.headline,
    )
    for heading in (
        "From",
        "Half-life",
        "In post: model",
        "no change",
        "trend",
        "Vacancy: model",
        "no change",
        "trend",
        "In band",
    ):
        first = heading in ("From", "Half-life")
        table.add_column(heading, justify="left" if first else "right", no_wrap=first)

    def row(label: str, half: str, cells: list[float | None], inside: float | None) -> None:
        table.add_row(label, half, *(_fmt(c, "{:.1f}%") for c in cells), _fmt(inside, "{:.0f}%"))

    for result in summary.results:
        post, vacancy = result.score_of("in_post_fte"), result.score_of("vacancy_fte")
        row(
            result.start.strftime("%Y-%m"),
            "long run" if result.half_life is None else f"{result.half_life} mo",
            [
                post.model_mape,
                post.naive_mape,
                post.trend_mape,
                vacancy.model_mape,
                vacancy.naive_mape,
                vacancy.trend_mape,
            ],
            post.coverage,
        )
    row(
        "mean",
        "",
        [
            summary.mean(o, w)
            for o in ("in_post_fte", "vacancy_fte")
            for w in ("model", "naive", "trend")
        ],
        summary.mean("in_post_fte", "coverage"),
    )
    return table
