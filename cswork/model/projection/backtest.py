"""Backtest scoring: a projection against what happened, beside a naive "nothing changes" forecast.

The error measure is the mean absolute percentage error (MAPE) over the projected months, in percent;
months where the actual value is zero or undefined are left out of the mean.
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


@dataclass(frozen=True, slots=True)
class OutputScore:
    """One output's MAPE for the model and for the naive forecast."""

    output: str
    model_mape: float | None
    naive_mape: float | None

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
) -> list[OutputScore]:
    """Score each output the projection and the actuals share; the naive forecast is ``start``."""
    scores = []
    for output, path in projected.items():
        if output not in actual:
            continue
        naive = [start.get(output)] * len(months)
        scores.append(OutputScore(output, mape(path, actual[output]), mape(naive, actual[output])))
    return scores
