"""Demand measures month by month: a value at a month, the change against a base month, in figures
and in the words a board paper uses, and a rolling 12-month average.

A month with no figure is ``None``, never 0: a missing return is not a month without referrals.

Rounding, as stated in every sentence and JSON output:

- ``change_pct`` is (value − base) ÷ base × 100, unrounded here; JSON gives it to one decimal place,
  rounded half up (613 against 279 is 119.713… → ``119.7``);
- the sentence gives the change to a whole percent, rounded half up, signed
  (``+120 %``, ``-15 %``, ``0 %``), because board papers quote whole percentages;
- ``None`` when the base is 0 or either figure is missing: a change from nothing has no percentage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from cswork.model.measures import round_half_up
from cswork.model.months import calendar_months_apart, month_name, shift_months

#: The demand measures in the order a board paper lists them, with their human labels.
MEASURE_LABELS: Mapping[str, str] = {
    "contacts": "Contacts",
    "referrals": "Referrals",
    "assessments": "Assessments",
    "s47": "Section 47 enquiries",
    "strategy_meetings": "Strategy meetings",
    "cp_plans": "Child protection plans",
    "cin": "Children in need",
    "cla": "Children looked after",
    "care_leavers": "Care leavers",
}

#: Months in the rolling average.
ROLLING_MONTHS = 12


def measure_label(measure: str) -> str:
    """The human label of a measure; an unknown slug is shown tidied (``foo_bar`` → ``Foo bar``)."""
    return MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())


def measure_order(measures: Iterable[str]) -> list[str]:
    """Known measures in board-paper order, then any others alphabetically."""
    known = list(MEASURE_LABELS)
    return sorted(set(measures), key=lambda m: (known.index(m) if m in known else len(known), m))


@dataclass(frozen=True, slots=True)
class MonthValue:
    """One month of a series; ``value`` is ``None`` when the month has no figure."""

    month: date
    value: float | None


@dataclass(frozen=True, slots=True)
class DemandSeries:
    """A measure's monthly figures as held (months without a figure are simply absent)."""

    measure: str
    values: Mapping[date, float]

    @property
    def label(self) -> str:
        """The measure's human label."""
        return measure_label(self.measure)

    def value_at(self, month: date) -> float | None:
        """The figure for ``month``, or ``None`` if there is none."""
        return self.values.get(month)

    def monthly(self, first: date, last: date) -> tuple[MonthValue, ...]:
        """Every month from ``first`` to ``last`` inclusive, ``None`` where no figure is held."""
        return tuple(
            MonthValue(m, self.values.get(m))
            for m in (shift_months(first, k) for k in range(calendar_months_apart(first, last) + 1))
        )

    def rolling_mean(self, month: date, window: int = ROLLING_MONTHS) -> float | None:
        """The mean of the ``window`` months to ``month``; ``None`` unless every month has a figure."""
        figures = [self.values.get(shift_months(month, -k)) for k in range(window)]
        if any(v is None for v in figures):
            return None
        return sum(v for v in figures if v is not None) / window


def change_pct(value: float | None, base: float | None) -> float | None:
    """(value − base) ÷ base × 100, unrounded; ``None`` if either is missing or the base is 0."""
    if value is None or base is None or base == 0:
        return None
    return 100.0 * (value - base) / base


def format_count(value: float) -> str:
    """A count as a board paper writes it: ``1,225``; a fraction to one place, rounded half up."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{round_half_up(value, 1):,.1f}"


def format_change(pct: float | None) -> str:
    """A change to a whole percent, rounded half up and signed: ``+120 %``, ``-15 %``, ``0 %``."""
    rounded = round_half_up(pct, 0)
    if rounded is None:
        return "–"
    whole = int(rounded)
    sign = "+" if whole > 0 else ""
    return f"{sign}{whole} %"


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """A measure at a month against a base month, with the change."""

    measure: str
    month: date
    value: float | None
    base_month: date
    base_value: float | None

    @property
    def label(self) -> str:
        """The measure's human label."""
        return measure_label(self.measure)

    @property
    def change_pct(self) -> float | None:
        """The unrounded percentage change from the base month (``None`` if undefined)."""
        return change_pct(self.value, self.base_value)

    @property
    def sentence(self) -> str:
        """The change in words: ``Referrals: 613, compared with 279 in April 2020, +120 %``."""
        if self.value is None:
            return f"{self.label}: no figure for {month_name(self.month)}"
        now = format_count(self.value)
        base_name = month_name(self.base_month)
        if self.base_value is None:
            return f"{self.label}: {now}; no figure for {base_name} to compare with"
        then = format_count(self.base_value)
        if self.base_value == 0:
            return f"{self.label}: {now}, compared with 0 in {base_name}"
        return f"{self.label}: {now}, compared with {then} in {base_name}, {format_change(self.change_pct)}"


def measure_change(series: DemandSeries, month: date, base_month: date) -> MeasureChange:
    """``series`` at ``month`` against ``base_month``."""
    return MeasureChange(
        measure=series.measure,
        month=month,
        value=series.value_at(month),
        base_month=base_month,
        base_value=series.value_at(base_month),
    )


def build_series(points: Iterable[tuple[str, date, float]]) -> dict[str, DemandSeries]:
    """Series by measure from (measure, month, value) points, in board-paper order."""
    by_measure: dict[str, dict[date, float]] = {}
    for measure, month, value in points:
        by_measure.setdefault(measure, {})[month] = value
    return {m: DemandSeries(m, by_measure[m]) for m in measure_order(by_measure)}
