"""Rich renderables for scenarios, calibration, projections and backtests (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table

from cswork.model.projection.assumptions import FIELDS, Assumptions, describe
from cswork.services.backtest import BacktestResult
from cswork.services.projection import Calibration, ProjectionResult

#: Column headings and number formats for the projection table.
_SHOWN: tuple[tuple[str, str, str], ...] = (
    ("in_post_fte", "In post FTE", "{:.1f}"),
    ("agency_fte", "Agency FTE", "{:.1f}"),
    ("vacancy_fte", "Vacancy FTE", "{:.1f}"),
    ("vacancy_rate", "Vacancy %", "{:.1f}"),
    ("agency_rate", "Agency %", "{:.1f}"),
    ("caseload", "Caseload", "{:.1f}"),
    ("utilisation", "Utilisation %", "{:.0f}"),
    ("cost", "Cost £k/month", "{:.0f}"),
)


def _fmt(value: float | None, pattern: str, scale: float = 1.0) -> str:
    return "–" if value is None else pattern.format(value / scale)


def _cell(result: ProjectionResult, output: str, month: int, pattern: str) -> str:
    scale = 1000.0 if output == "cost" else 1.0
    middle = _fmt(result.value(output, month), pattern, scale)
    if result.runs == 1 or month == 0:
        return middle
    low = _fmt(result.value(output, month, "p10"), pattern, scale)
    high = _fmt(result.value(output, month, "p90"), pattern, scale)
    return f"{middle} [dim]({low}–{high})[/]"


def projection_table(results: Sequence[ProjectionResult]) -> Table:
    """Months down, outputs across: the median with the p10–p90 band; one row per scenario a month."""
    first = results[0]
    caption = (
        f"From the position at {first.as_at.isoformat()}; median of {first.runs} runs "
        f"(seed {first.seed}) with the 10th–90th percentile band."
        if first.runs > 1
        else f"From the position at {first.as_at.isoformat()}; expected values (one run)."
    )
    table = Table(title="Workforce projection", caption=caption, show_lines=len(results) > 1)
    table.add_column("Month")
    if len(results) > 1:
        table.add_column("Scenario")
    for _, heading, _ in _SHOWN:
        table.add_column(heading, justify="right")
    for month in range(len(first.months)):
        for result in results:
            label = [result.months[month] + (" (start)" if month == 0 else "")]
            if len(results) > 1:
                label.append(result.scenario)
            table.add_row(*label, *(_cell(result, output, month, fmt) for output, _, fmt in _SHOWN))
    return table


def assumptions_table(name: str, assumptions: Assumptions) -> Table:
    """A scenario's assumptions, one per row, with what each means."""
    table = Table(title=f"Scenario {name}")
    table.add_column("Key")
    table.add_column("Value", justify="right")
    table.add_column("Meaning")
    for key in FIELDS:
        if key == "cohorts":
            value = (
                ", ".join(f"{c.start.isoformat()}:{c.size}" for c in assumptions.cohorts) or "none"
            )
        else:
            raw = getattr(assumptions, key)
            value = "trend" if raw is None else f"{raw:g}"
        table.add_row(key, value, describe(key))
    return table


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def calibration_renderable(fit: Calibration) -> Group:
    """Leaver rates by band with intervals, then recruitment, agency and demand."""
    rates = Table(title=f"Leaver rates from history to {fit.as_at.isoformat()}")
    for heading in ("Band", "Leavers", "Person-years", "Rate a year", "95% interval"):
        rates.add_column(heading, justify="left" if heading == "Band" else "right")
    for band, rate in fit.leaver_rates.items():
        interval = "–" if rate.low is None else f"{_pct(rate.low)} – {_pct(rate.high)}"
        rates.add_row(
            band, str(rate.leavers), f"{rate.exposure_years:.1f}", _pct(rate.rate), interval
        )
    other = Table(title="Recruitment, agency and demand")
    other.add_column("Figure")
    other.add_column("Value", justify="right")
    other.add_row("Experienced hires a month", f"{fit.hires_per_month:.2f}")
    other.add_row("Agency conversions to permanent a year", _pct(fit.agency_conversion_rate))
    other.add_row("Cohort no-show rate", _pct(fit.no_show_rate))
    other.add_row("Agency FTE per vacant FTE", f"{fit.agency_share_of_vacancies:.2f}")
    charge = fit.agency_charge_per_hour
    other.add_row("Agency charge an hour", "–" if charge is None else f"£{charge:.2f}")
    for case_type, growth in sorted(fit.demand_growth.items()):
        other.add_row(f"Demand trend {case_type} a year", f"{100 * growth:+.1f}%")
    other.add_row("Demand noise (sd of log residuals)", f"{fit.demand_noise_sd:.3f}")
    return Group(rates, other)


def backtest_table(result: BacktestResult) -> Table:
    """MAPE per output for the model and for "nothing changes"."""
    table = Table(
        title=f"Backtest from {result.start.isoformat()} over {len(result.months)} months",
        caption="Mean absolute percentage error against what happened; lower is better.",
    )
    for heading in ("Output", "Model MAPE", "Naive MAPE", "Model better"):
        table.add_column(heading, justify="left" if heading == "Output" else "right")
    for score in result.scores:
        better = {True: "yes", False: "no", None: "–"}[score.beats_naive]
        table.add_row(
            score.output,
            _fmt(score.model_mape, "{:.1f}%"),
            _fmt(score.naive_mape, "{:.1f}%"),
            better,
        )
    return table
