"""Rich renderables for scenarios, calibration, projections and backtests (pure functions)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group
from rich.table import Table
from rich.text import Text

from cswork.model.projection.assumptions import FIELDS, Assumptions, describe
from cswork.render.format import MISSING, share
from cswork.services.backtest import BacktestResult
from cswork.services.projection import Calibration, ProjectionResult

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
)


def _fmt(value: float | None, pattern: str, scale: float = 1.0) -> str:
    return MISSING if value is None else pattern.format(value / scale)


def _cell(result: ProjectionResult, output: str, month: int, pattern: str) -> str | Text:
    scale = 1000.0 if output == "cost" else 1.0
    middle = _fmt(result.value(output, month), pattern, scale)
    if result.runs == 1 or month == 0:
        return middle
    low = _fmt(result.value(output, month, "p10"), pattern, scale)
    high = _fmt(result.value(output, month, "p90"), pattern, scale)
    return Text.assemble(middle, "\n", (f"{low}–{high}", "dim"))


#: Below this width the projection table leaves out the agency and vacancy FTE columns.
WIDE_ENOUGH = 112
_NARROW_SKIPS = frozenset({"agency_fte", "vacancy_fte"})


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


def calibration_renderable(fit: Calibration) -> Group:
    """Leaver rates by band with intervals, then recruitment, agency and demand."""
    rates = Table(title=f"Leaver rates from history to {fit.as_at.isoformat()}")
    for heading in ("Band", "Leavers", "Person-years", "Rate a year", "95% interval"):
        rates.add_column(heading, justify="left" if heading == "Band" else "right")
    for band, rate in fit.leaver_rates.items():
        interval = MISSING if rate.low is None else f"{share(rate.low, 1)} – {share(rate.high, 1)}"
        rates.add_row(
            band, str(rate.leavers), f"{rate.exposure_years:.1f}", share(rate.rate, 1), interval
        )
    other = Table(title="Recruitment, agency and demand")
    other.add_column("Figure")
    other.add_column("Value", justify="right")
    other.add_row("Experienced hires a month", f"{fit.hires_per_month:.2f}")
    other.add_row("Agency conversions to permanent a year", share(fit.agency_conversion_rate, 1))
    other.add_row("Cohort no-show rate", share(fit.no_show_rate, 1))
    other.add_row("Agency FTE per vacant FTE", f"{fit.agency_share_of_vacancies:.2f}")
    charge = fit.agency_charge_per_hour
    other.add_row("Agency charge an hour", MISSING if charge is None else f"£{charge:.2f}")
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
        better = {True: "yes", False: "no", None: MISSING}[score.beats_naive]
        table.add_row(
            score.output,
            _fmt(score.model_mape, "{:.1f}%"),
            _fmt(score.naive_mape, "{:.1f}%"),
            better,
        )
    return table
