"""Demand and performance: each demand measure against a base month, and indicators against targets.

Shared by ``cswork demand``, ``cswork indicators`` and the app's Demand & performance screen: the
reports carry every measure's monthly series and rolling average, the change in words and figures, and
each indicator's target, direction, RAG status, trend and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.demand import (
    ROLLING_MONTHS,
    MeasureChange,
    MonthValue,
    build_series,
    measure_change,
)
from cswork.model.indicators import IndicatorStatus, indicator_status
from cswork.model.measures import round_half_up
from cswork.model.months import month_key, month_name, shift_months
from cswork.store import Database
from cswork.store.demand import load_demand as load_demand
from cswork.store.indicators import load_indicator_values, load_indicators
from cswork.store.settings import load_settings

#: The default base month is this many months before the as-at month.
DEFAULT_BASE_MONTHS_BEFORE = 12


class DemandError(Exception):
    """No demand figures, or none for a month asked for."""


@dataclass(frozen=True, slots=True)
class MeasureReport:
    """One measure: the change against the base month, its monthly series and rolling average."""

    change: MeasureChange
    series: tuple[MonthValue, ...]
    rolling: tuple[MonthValue, ...]

    @property
    def measure(self) -> str:
        """The measure's slug."""
        return self.change.measure

    @property
    def label(self) -> str:
        """The measure's human label."""
        return self.change.label

    @property
    def rolling_change_pct(self) -> float | None:
        """The rolling average at the as-at month against the rolling average at the base month."""
        by_month = {mv.month: mv.value for mv in self.rolling}
        now, then = by_month.get(self.change.month), by_month.get(self.change.base_month)
        if now is None or then is None or then == 0:
            return None
        return 100.0 * (now - then) / then


@dataclass(frozen=True, slots=True)
class DemandReport:
    """Every measure at ``month`` against ``base_month``, with the months held."""

    month: date
    base_month: date
    first_month: date
    last_month: date
    measures: tuple[MeasureReport, ...]


def demand_report(
    db: Database, as_at_month: date | None = None, base_month: date | None = None
) -> DemandReport:
    """Demand at ``as_at_month`` (default: the latest month held) against ``base_month``
    (default: 12 months earlier). Raises :class:`DemandError` when either month has no figures."""
    points = load_demand(db)
    if not points:
        raise DemandError("no demand figures held: import some with 'cswork import demand FILE'")
    months = sorted({month for _, month, _ in points})
    first, last = months[0], months[-1]
    held = set(months)
    month = last if as_at_month is None else as_at_month.replace(day=1)
    base = shift_months(month, -DEFAULT_BASE_MONTHS_BEFORE) if base_month is None else base_month
    base = base.replace(day=1)
    span = f"figures are held from {month_name(first)} to {month_name(last)}"
    if month not in held:
        raise DemandError(f"no demand figures for {month_name(month)} ({month_key(month)}); {span}")
    if base >= month:
        raise DemandError(
            f"the base month ({month_key(base)}) must be before the month reported "
            f"({month_key(month)})"
        )
    if base not in held:
        raise DemandError(
            f"no demand figures for the base month {month_name(base)} ({month_key(base)}); {span}"
        )
    reports = []
    for series in build_series(points).values():
        monthly = series.monthly(first, month)
        rolling = tuple(MonthValue(mv.month, series.rolling_mean(mv.month)) for mv in monthly)
        reports.append(MeasureReport(measure_change(series, month, base), monthly, rolling))
    return DemandReport(month, base, first, last, tuple(reports))


def _figure(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def demand_json(report: DemandReport) -> dict[str, Any]:
    """The report as JSON-ready data with stable keys (change to one decimal place, half up)."""
    return {
        "month": month_key(report.month),
        "base_month": month_key(report.base_month),
        "first_month": month_key(report.first_month),
        "last_month": month_key(report.last_month),
        "measures": [
            {
                "measure": m.measure,
                "label": m.label,
                "month": month_key(m.change.month),
                "value": _figure(m.change.value),
                "base_month": month_key(m.change.base_month),
                "base_value": _figure(m.change.base_value),
                "change_pct": round_half_up(m.change.change_pct, 1),
                "sentence": m.change.sentence,
                f"rolling_{ROLLING_MONTHS}_mean": round_half_up(
                    next((r.value for r in m.rolling if r.month == m.change.month), None), 1
                ),
                f"rolling_{ROLLING_MONTHS}_change_pct": round_half_up(m.rolling_change_pct, 1),
            }
            for m in report.measures
        ],
    }


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """Every indicator with values, judged at its latest period, and the amber band used."""

    amber_band: float
    indicators: tuple[IndicatorStatus, ...]


def indicator_report(db: Database, as_at: date | None = None) -> IndicatorReport:
    """Each indicator's latest value against its target, with RAG status, trend and history;
    with ``as_at``, only periods up to its month count (a paper as at a past date)."""
    amber_band = load_settings(db).number("indicator_amber_band")
    values = load_indicator_values(db)
    if as_at is not None:
        last = month_key(as_at)
        values = {code: [v for v in held if v.period <= last] for code, held in values.items()}
    statuses = []
    for indicator in load_indicators(db):
        status = indicator_status(indicator, values.get(indicator.code, []), amber_band)
        if status is not None:
            statuses.append(status)
    return IndicatorReport(amber_band, tuple(statuses))


def indicators_json(report: IndicatorReport) -> dict[str, Any]:
    """The indicator report as JSON-ready data with stable keys."""
    return {
        "amber_band_pct": report.amber_band,
        "indicators": [
            {
                "code": s.indicator.code,
                "definition": s.indicator.definition,
                "direction": s.indicator.direction.value,
                "unit": s.indicator.unit,
                "period": s.latest.period,
                "value": s.latest.value,
                "target": s.latest.target,
                "rag": s.rag.value if s.rag else None,
                "previous_period": s.previous.period if s.previous else None,
                "previous_value": s.previous.value if s.previous else None,
                "trend": s.trend.value if s.trend else None,
                "history": [
                    {"period": v.period, "value": v.value, "target": v.target} for v in s.history
                ],
            }
            for s in report.indicators
        ],
    }


def has_demand_figures(db: Database) -> bool:
    """Whether any demand count or indicator value is recorded."""
    return bool(load_demand(db) or load_indicators(db))
