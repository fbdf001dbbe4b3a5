"""Recency-weighted rates shrunk toward the long run, so that one unusual year is not carried forward.

A rate is events ÷ exposure over the months of history to the start, each month weighted by
``0.5 ** (age / half_life)`` (age in months, 0 for the latest). The weighted counts are rescaled to
their effective size (a weighted count carries less information than a plain one), and combined with
the long-run rate (every month alike) as a Gamma prior worth :data:`PRIOR_MONTHS` months of average
exposure:

    rate = (long_run × n0 + events_eff) ÷ (n0 + exposure_eff)

which is the mean of the Gamma(α, β) distribution of the rate; its shape α is the evidence the
projection draws each run's rate from, and its 2.5 % and 97.5 % points are the interval shown.

One change recency weighting follows too slowly: a step in the agency conversion rate, as when an
authority starts a drive to convert its agency workers to permanent posts. When the conversions of
the last 6 months (or else 12) are far more than the rate before would give, and the starters of
every kind per vacant FTE are up too (see :func:`conversion_step`), the conversion rate is the rate
since the step, with that window's evidence alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Final, Literal

import numpy as np

from cswork.model.months import add_months
from cswork.model.projection.assumptions import BANDS, RecurringIntake
from cswork.model.projection.calibration import poisson_cdf
from cswork.model.projection.history import MonthRecord

#: Weight of the long-run rate, in months of the history's average exposure.
PRIOR_MONTHS = 12.0
#: Half-lives (months) the calibration chooses among; ``None`` weighs every month alike.
HALF_LIVES: tuple[int | None, ...] = (6, 12, 24, 48, None)
#: The half-life used when the history is too short to choose one by backtest.
DEFAULT_HALF_LIFE = 12


@dataclass(frozen=True, slots=True)
class RecencyRate:
    """A rate per unit of exposure a month (or year, as the exposure is counted)."""

    events: float  # effective events behind the recent rate
    exposure: float  # effective exposure behind it
    long_run: float | None
    recent: float | None  # weighted, before shrinking
    rate: float | None  # shrunk toward the long run: what the projection uses
    shape: float  # Gamma shape of the rate's distribution (0 without history)
    low: float | None
    high: float | None


NO_RATE = RecencyRate(0.0, 0.0, None, None, None, 0.0, None, None)


def _gamma_quantile(shape: float, z: float) -> float:
    """Wilson–Hilferty approximation of the quantile of Gamma(shape, 1) at normal deviate ``z``."""
    c = 1.0 / (9.0 * shape)
    return max(shape * (1.0 - c + z * math.sqrt(c)) ** 3, 0.0)


def recency_rate(
    events: Sequence[float], exposure: Sequence[float], half_life: float | None
) -> RecencyRate:
    """The shrunk recency-weighted rate of ``events`` over ``exposure`` (oldest month first)."""
    held = np.asarray(exposure, dtype=np.float64)
    counted = np.asarray(events, dtype=np.float64)
    if held.size == 0 or held.sum() <= 0:
        return NO_RATE
    age = np.arange(held.size)[::-1]
    weight = np.ones(held.size) if half_life is None else 0.5 ** (age / half_life)
    weighted_exposure = float((weight * held).sum())
    squared = float((weight * weight * held).sum())
    scale = weighted_exposure / squared if squared > 0 else 1.0
    exposure_eff = scale * weighted_exposure
    events_eff = scale * float((weight * counted).sum())
    long_run = float(counted.sum() / held.sum())
    prior = PRIOR_MONTHS * float(held.sum()) / held.size
    alpha = max(long_run * prior + events_eff, 0.5)
    beta = prior + exposure_eff
    return RecencyRate(
        events=events_eff,
        exposure=exposure_eff,
        long_run=long_run,
        recent=events_eff / exposure_eff if exposure_eff > 0 else None,
        rate=alpha / beta,
        shape=alpha,
        low=_gamma_quantile(alpha, -1.959964) / beta,
        high=_gamma_quantile(alpha, 1.959964) / beta,
    )


#: The least year-to-year spread (sd of the log rate) a run's rates are drawn with: a single
#: authority's turnover moves by about a fifth from one year to the next, and a few years of
#: one authority cannot show how far a bad year can go.
MIN_SPREAD = 0.2


def year_to_year_spread(events: Sequence[float], exposure: Sequence[float]) -> float:
    """How much a rate moves from one year to the next beyond chance: the sd of the log of the
    rate in each 12-month block to the start, less the Poisson variance of each block's count
    (at least :data:`MIN_SPREAD`)."""
    rates, noise = [], []
    end = len(exposure)
    while end >= 12:
        counted = float(sum(events[end - 12 : end]))
        held = float(sum(exposure[end - 12 : end]))
        if counted > 0 and held > 0:
            rates.append(math.log(counted / held))
            noise.append(1.0 / counted)
        end -= 12
    if len(rates) < 2:
        return MIN_SPREAD
    excess = float(np.var(rates, ddof=1)) - sum(noise) / len(noise)
    return max(math.sqrt(max(excess, 0.0)), MIN_SPREAD)


def window_rate(
    events: Sequence[float], exposure: Sequence[float], long_run: float | None
) -> RecencyRate:
    """The rate of ``events`` over ``exposure`` in a window of months, every month alike and with no
    prior: its Gamma shape is the window's events (at least ½); ``long_run`` is shown beside it."""
    counted, held = float(sum(events)), float(sum(exposure))
    if held <= 0:
        return NO_RATE
    alpha = max(counted, 0.5)
    return RecencyRate(
        events=counted,
        exposure=held,
        long_run=long_run,
        recent=counted / held,
        rate=alpha / held,
        shape=alpha,
        low=_gamma_quantile(alpha, -1.959964) / held,
        high=_gamma_quantile(alpha, 1.959964) / held,
    )


#: Windows (the last months to the start, shortest first) in which a step in agency conversions is
#: looked for, and the months of history a window needs before it.
STEP_MONTHS = (6, 12)
STEP_HISTORY = 12
#: A step is when the window's conversions would come this rarely at the rate before ...
STEP_P = 0.01
#: ... and its starters of every kind (experienced hires and conversions) per vacant FTE this rarely
#: too. More conversions without more starters are the same starters recorded as coming from agency
#: (a change in what is recorded, or in who applies), not a policy that adds to them.
STEP_INFLOW_P = 0.01


@dataclass(frozen=True, slots=True)
class ConversionStep:
    """A step up in agency conversions over the last ``months`` months: ``conversions`` where the
    rate before would give ``expected`` (the chance of as many: ``p``), with starters of every
    kind per vacant FTE up too (the chance of as many: ``starters_p``)."""

    months: int
    conversions: int
    expected: float
    p: float
    starters_p: float


def _as_many(count: float, mean: float) -> float:
    """The chance of ``count`` or more events where ``mean`` are expected (Poisson)."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    return max(1.0 - poisson_cdf(round(count) - 1, mean), 0.0)


def conversion_step(records: Sequence[MonthRecord]) -> ConversionStep | None:
    """The step up in agency conversions at the end of ``records`` (see the module's doc), trying the
    windows of :data:`STEP_MONTHS` in turn; ``None`` when there is none. Conversions in a month are
    counted against the agency workers at the end of the month before, starters against the vacant
    FTE; before the window, no conversions at all count as half of one."""
    conversions = [r.conversions for r in records[1:]]
    heads = [float(r.agency_heads) for r in records[:-1]]
    starters = [r.hires + r.conversions for r in records[1:]]
    vacant = [r.vacancy_fte for r in records[:-1]]
    for months in STEP_MONTHS:
        if len(conversions) < months + STEP_HISTORY:
            continue
        held, held_before = sum(heads[-months:]), sum(heads[:-months])
        vacant_now, vacant_before = sum(vacant[-months:]), sum(vacant[:-months])
        if min(held, held_before, vacant_now, vacant_before) <= 0:
            continue
        converted = sum(conversions[-months:])
        expected = held * max(sum(conversions[:-months]), 0.5) / held_before
        p = _as_many(converted, expected)
        if p >= STEP_P:
            continue
        starters_p = _as_many(
            sum(starters[-months:]), vacant_now * sum(starters[:-months]) / vacant_before
        )
        if starters_p < STEP_INFLOW_P:
            return ConversionStep(months, converted, expected, p, starters_p)
    return None


@dataclass(frozen=True, slots=True)
class RateFit:
    """The rates of the history up to ``as_at`` with one half-life: leavers by band (per
    person-year), experienced hires per vacant FTE a month, agency conversions per agency worker a
    month."""

    as_at: date
    half_life: int | None
    leavers: dict[str, RecencyRate]
    hiring: RecencyRate
    conversion: RecencyRate
    months: int  # months of history behind it
    leaver_spread: float = MIN_SPREAD  # year-to-year sd of the log leaver rate
    hiring_spread: float = MIN_SPREAD
    conversion_step: ConversionStep | None = None  # the step the conversion rate follows


#: Find the step in agency conversions (see :func:`fit_rates`).
FIND_STEP: Final = "find"


def fit_rates(
    records: Sequence[MonthRecord],
    as_at: date,
    half_life: int | None,
    *,
    step: ConversionStep | Literal["find"] | None = FIND_STEP,
) -> RateFit:
    """Fit every rate on the months ending on or before ``as_at``; ``step`` is
    :func:`conversion_step` of those months, found here unless given (it is the same whatever the
    half-life)."""
    past = [r for r in records if r.end <= as_at]
    leavers = {
        band: recency_rate([r.leavers[i] for r in past], [r.exposure[i] for r in past], half_life)
        for i, band in enumerate(BANDS)
    }
    # hires in a month against the vacancies at the end of the month before
    hiring = recency_rate(
        [r.hires for r in past[1:]], [r.vacancy_fte for r in past[:-1]], half_life
    )
    conversions = [r.conversions for r in past[1:]]
    heads = [r.agency_heads for r in past[:-1]]
    conversion = recency_rate(conversions, heads, half_life)
    found = conversion_step(past) if step == FIND_STEP else step
    assert not isinstance(found, str)
    if found is not None:
        conversion = window_rate(
            conversions[-found.months :], heads[-found.months :], conversion.long_run
        )
    leaver_spread = year_to_year_spread(
        [sum(r.leavers) for r in past], [sum(r.exposure) for r in past]
    )
    hiring_spread = year_to_year_spread(
        [r.hires for r in past[1:]], [r.vacancy_fte for r in past[:-1]]
    )
    return RateFit(
        as_at,
        half_life,
        leavers,
        hiring,
        conversion,
        len(past),
        leaver_spread,
        hiring_spread,
        found,
    )


def academy_pattern(
    cohorts: Sequence[tuple[date, int]], as_at: date, lookback_months: int = 24
) -> tuple[RecurringIntake, ...]:
    """The academy's yearly pattern: the months with an intake in the ``lookback_months`` to
    ``as_at``, each with the median size of that month's intakes over the last three years.
    Empty when no cohort started in the lookback (the academy has stopped)."""
    recent = [
        (on, size) for on, size in cohorts if add_months(as_at, -lookback_months) < on <= as_at
    ]
    months = sorted({on.month for on, _ in recent})
    longer = [(on, size) for on, size in cohorts if add_months(as_at, -36) < on <= as_at]
    return tuple(
        RecurringIntake(month, round(median(size for on, size in longer if on.month == month)))
        for month in months
    )
