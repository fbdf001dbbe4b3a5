"""Calibration's building blocks: a leaver rate with its exact 95 % interval, cohort no-shows and the
demand trend.

A leaver rate is leavers ÷ exposure, in person-years; the month-by-month counts behind it come from
:mod:`history` and are weighted by recency in :mod:`recency`. The interval is Garwood's exact Poisson
interval, which stays honest for the small counts a single authority has.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.months import add_months


def poisson_cdf(k: int, mean: float) -> float:
    """P(X ≤ ``k``) for X Poisson with ``mean``."""
    if mean <= 0:
        return 1.0
    return sum(math.exp(i * math.log(mean) - mean - math.lgamma(i + 1)) for i in range(k + 1))


def _solve(target: float, k: int) -> float:
    """The mean at which P(X ≤ k) = ``target`` (the CDF falls as the mean rises)."""
    low, high = 0.0, k + 10.0 * math.sqrt(k + 1) + 10.0
    for _ in range(100):
        middle = (low + high) / 2
        if poisson_cdf(k, middle) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def poisson_interval(events: int, exposure: float, level: float = 0.95) -> tuple[float, float]:
    """Garwood's exact interval for a rate of ``events`` over ``exposure``."""
    if exposure <= 0:
        raise ValueError("exposure must be positive")
    tail = (1.0 - level) / 2
    lower = 0.0 if events == 0 else _solve(1.0 - tail, events - 1)
    upper = _solve(tail, events)
    return lower / exposure, upper / exposure


@dataclass(frozen=True, slots=True)
class LeaverRate:
    """Leavers ÷ exposure for one band, with its 95 % interval (``None`` without exposure)."""

    band: str
    leavers: int
    exposure_years: float
    rate: float | None
    low: float | None
    high: float | None
    long_run: float | None = None  # every month of history alike
    recent: float | None = None  # recency-weighted, before shrinking toward the long run


def leaver_rate(band: str, leavers: int, exposure_years: float) -> LeaverRate:
    """The rate and interval for ``leavers`` over ``exposure_years`` person-years."""
    if exposure_years <= 0:
        return LeaverRate(band, leavers, 0.0, None, None, None)
    low, high = poisson_interval(leavers, exposure_years)
    return LeaverRate(band, leavers, exposure_years, leavers / exposure_years, low, high)


def no_show_rate(planned: Mapping[str, int], started: Mapping[str, int]) -> float:
    """1 − starters ÷ planned places, over cohorts with a planned size (0 when none have one)."""
    places = sum(size for size in planned.values() if size > 0)
    if places == 0:
        return 0.0
    arrived = sum(started.get(name, 0) for name, size in planned.items() if size > 0)
    return min(max(1.0 - arrived / places, 0.0), 1.0)


#: Months of caseload history the demand trend and its AR(1) are fitted on.
DEMAND_WINDOW_MONTHS = 36
#: How much of a month's calibrated demand growth carries into the next (Gardner and McKenzie's
#: damped trend): the growth to come adds up to 0.8 + 0.8² + … = 4 months of today's trend, however
#: far ahead. Backtests on twenty synthetic authorities' pasts (steady, shrinking, surge, agency
#: drive) showed a trend carried on undamped forecasting caseloads worse than no trend at all,
#: and worse than "nothing changes" in three starts of four; choosing the damping on each
#: authority's own past was no better (a rising year taught it to carry the rise on). A scenario's
#: own demand growth is not damped: to plan on demand that keeps rising, set it there.
DEMAND_DAMPING = 0.8
#: The least year-to-year sd of demand growth a projection is drawn with: an authority's caseload
#: can turn by several per cent in a year it has never seen before (a surge, a new front door), and
#: a few calm years of its own history cannot show how far.
MIN_DEMAND_GROWTH_SD = 0.05


@dataclass(frozen=True, slots=True)
class DemandTrend:
    """Annual growth in cases per case type, and how the log of weighted cases strays from its
    trend line: an AR(1) with ``persistence`` and monthly innovations of sd ``noise_sd``, now
    ``deviation`` from the line; ``growth_sd`` is the sd of the annual log growth to come (the
    line's standard error, or how far a year's change has strayed from the usual, or
    :data:`MIN_DEMAND_GROWTH_SD`, the largest); ``damping`` is how much of each month's trend
    growth carries into the next. The trend fades but its uncertainty does not: each run's growth
    error goes on for the whole horizon, since the further ahead, the less is known."""

    growth: Mapping[str, float]
    noise_sd: float
    persistence: float = 0.0
    deviation: float = 0.0
    growth_sd: float = MIN_DEMAND_GROWTH_SD  # with too little history to say more, the least
    damping: float = DEMAND_DAMPING


def demand_trend(
    cases_by_date: Mapping[date, Mapping[str, float]],
    weights: Mapping[str, float],
    as_at: date,
    window_months: int = DEMAND_WINDOW_MONTHS,
) -> DemandTrend:
    """Log-linear trend per case type over the window; the AR(1) of the weighted total's residuals
    about its own trend line (its persistence, innovation sd and latest value); the sd of the
    growth to come (see :class:`DemandTrend`)."""
    start = add_months(as_at, -window_months)
    dates = sorted(d for d in cases_by_date if start < d <= as_at)
    if len(dates) < 3:
        return DemandTrend(growth={}, noise_sd=0.0)
    months = np.array([(d - dates[0]).days / (365.25 / 12) for d in dates])
    types = sorted({t for d in dates for t in cases_by_date[d]})
    growth = {}
    for case_type in types:
        values = np.array([cases_by_date[d].get(case_type, 0.0) for d in dates])
        if (values <= 0).any():
            growth[case_type] = 0.0
            continue
        slope = np.polyfit(months, np.log(values), 1)[0]
        growth[case_type] = float(math.expm1(12.0 * slope))
    weighted = np.array(
        [sum(weights.get(t, 1.0) * n for t, n in cases_by_date[d].items()) for d in dates]
    )
    if (weighted <= 0).any():
        return DemandTrend(growth=growth, noise_sd=0.0)
    log_weighted = np.log(weighted)
    fitted = np.polyval(np.polyfit(months, log_weighted, 1), months)
    residual = log_weighted - fitted
    if len(dates) <= 3:
        return DemandTrend(growth=growth, noise_sd=0.0)
    phi, noise_sd = _ar1(residual)
    spread = float(((months - months.mean()) ** 2).sum())
    slope_se = float(np.std(residual, ddof=2)) / math.sqrt(spread) if spread > 0 else 0.0
    line_sd = 12.0 * slope_se * math.sqrt((1.0 + phi) / (1.0 - phi))
    logs = _log_weighted_by_month(cases_by_date, weights, as_at)
    growth_sd = max(line_sd, _yearly_change_sd(logs, phi, noise_sd), MIN_DEMAND_GROWTH_SD)
    return DemandTrend(
        growth=growth,
        noise_sd=noise_sd,
        persistence=phi,
        deviation=float(residual[-1]),
        growth_sd=growth_sd,
    )


def _ar1(residual: npt.NDArray[np.float64]) -> tuple[float, float]:
    """The persistence (clipped to 0–0.98) and innovation sd of residuals as an AR(1)."""
    before, after = residual[:-1], residual[1:]
    lagged = float((before * before).sum())
    phi = min(max(float((before * after).sum()) / lagged, 0.0), 0.98) if lagged > 0 else 0.0
    innovations = after - phi * before
    noise_sd = float(np.sqrt((innovations**2).sum() / max(len(innovations) - 2, 1)))
    return phi, noise_sd


def damped_months(months: npt.NDArray[np.float64], damping: float) -> npt.NDArray[np.float64]:
    """The months of trend growth that ``months`` months ahead carry when each month's growth is
    ``damping`` times the month before's: ρ + ρ² + … + ρᵏ (``k`` itself when ρ is 1)."""
    if damping >= 1.0:
        return months
    result: npt.NDArray[np.float64] = damping * (1.0 - damping**months) / (1.0 - damping)
    return result


def _log_weighted_by_month(
    cases_by_date: Mapping[date, Mapping[str, float]], weights: Mapping[str, float], as_at: date
) -> dict[int, float]:
    """The log of weighted cases at each count date to ``as_at``, keyed by year × 12 + month − 1
    (a month's last count date when it has several); months with no cases are left out."""
    logs: dict[int, float] = {}
    for on in sorted(d for d in cases_by_date if d <= as_at):
        total = sum(weights.get(t, 1.0) * n for t, n in cases_by_date[on].items())
        if total > 0:
            logs[on.year * 12 + on.month - 1] = math.log(total)
    return logs


def _yearly_change_sd(logs: Mapping[int, float], phi: float, noise_sd: float) -> float:
    """How far weighted demand's change over a year strays from its usual change: the sd of the log
    change from each month to the same month a year later, over all the history, less the part the
    AR(1)'s month-to-month noise explains (0 with under three such changes)."""
    changes = [value - logs[month - 12] for month, value in logs.items() if month - 12 in logs]
    if len(changes) < 3:
        return 0.0
    variance = float(np.var(changes, ddof=1))
    variance -= 2.0 * noise_sd**2 / (1.0 - phi**2) * (1.0 - phi**12)
    return math.sqrt(max(variance, 0.0))
