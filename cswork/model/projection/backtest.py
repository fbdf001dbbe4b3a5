"""Backtest scoring: a projection against what happened, beside two simple forecasts.

"Nothing changes" holds the start's value; the straight-line trend extends the least-squares line
through the 12 monthly values to the start. The error measure is the mean absolute percentage error
(MAPE) over the projected months, in percent; months where the actual value is zero or undefined are
left out of the mean. Coverage is the share of actual months inside the model's 10–90 % band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def mape(forecast: Sequence[float | None], actual: Sequence[float | None]) -> float | None:
    """Mean absolute percentage error (%) of ``forecast`` against ``actual``; ``None`` if no month
    has both values and a non-zero actual."""
    errors = [
        abs(f - a) / abs(a)
        for f, a in zip(forecast, actual, strict=True)
        if f is not None and a is not None and a != 0
    ]
    if not errors:
        return None
    return 100.0 * sum(errors) / len(errors)


def straight_line(history: Sequence[float | None], months: int) -> list[float | None]:
    """The least-squares line through ``history`` (monthly, the last being the start) extended
    ``months`` months; ``None`` throughout with fewer than two known values."""
    known = [(i, v) for i, v in enumerate(history) if v is not None]
    if len(known) < 2:
        return [None] * months
    xs = [float(i) for i, _ in known]
    ys = [float(v) for _, v in known]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    last = len(history) - 1
    return [mean_y + slope * (last + k - mean_x) for k in range(1, months + 1)]


def coverage(
    low: Sequence[float | None], high: Sequence[float | None], actual: Sequence[float | None]
) -> float | None:
    """Share (%) of months whose actual value lies within [low, high]; ``None`` if none is known."""
    inside = [
        lo <= a <= hi
        for lo, hi, a in zip(low, high, actual, strict=True)
        if lo is not None and hi is not None and a is not None
    ]
    return 100.0 * sum(inside) / len(inside) if inside else None


@dataclass(frozen=True, slots=True)
class OutputScore:
    """One output's MAPE for the model, "nothing changes" and the straight-line trend, and the
    share of actual months inside the model's band."""

    output: str
    model_mape: float | None
    naive_mape: float | None
    trend_mape: float | None = None
    coverage: float | None = None

    @property
    def beats_naive(self) -> bool | None:
        """Whether the model's error is lower (``None`` if either is undefined)."""
        if self.model_mape is None or self.naive_mape is None:
            return None
        return self.model_mape < self.naive_mape


def score(
    months: Sequence[str],
    projected: Mapping[str, Sequence[float | None]],
    actual: Mapping[str, Sequence[float | None]],
    start: Mapping[str, float | None],
    trend: Mapping[str, Sequence[float | None]] | None = None,
    bands: Mapping[str, tuple[Sequence[float | None], Sequence[float | None]]] | None = None,
) -> list[OutputScore]:
    """Score each output the projection and the actuals share; the naive forecast is ``start``."""
    scores = []
    for output, path in projected.items():
        if output not in actual:
            continue
        naive = [start.get(output)] * len(months)
        line = (trend or {}).get(output)
        band = (bands or {}).get(output)
        scores.append(
            OutputScore(
                output,
                mape(path, actual[output]),
                mape(naive, actual[output]),
                None if line is None else mape(line, actual[output]),
                None if band is None else coverage(band[0], band[1], actual[output]),
            )
        )
    return scores
