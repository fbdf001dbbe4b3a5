"""The Projections screen's charts: which outputs each shows, and their series from a projection."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cswork.model.projection.engine import Array
from cswork.services.projection import ProjectionResult
from cswork.tui.widgets.band_chart import BandSeries, ChartData, Figure


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart: its key, title, unit and the outputs drawn, each with a legend label."""

    key: str
    title: str
    unit: str
    outputs: tuple[tuple[str, str], ...]


#: The charts, in screen order.
CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "fte", "In post vs needed", "FTE", (("in_post_fte", "In post"), ("needed_fte", "Needed"))
    ),
    ChartSpec("vacancy", "Vacancy rate", "%", (("vacancy_rate", "Vacancy"),)),
    ChartSpec("agency", "Agency rate", "%", (("agency_rate", "Agency"),)),
    ChartSpec("caseload", "Caseload", "cases per case-holding FTE", (("caseload", "Caseload"),)),
)


def _figures(values: Array) -> tuple[Figure, ...]:
    return tuple(None if math.isnan(v) else float(v) for v in values.tolist())


def chart_data(spec: ChartSpec, result: ProjectionResult) -> ChartData:
    """The chart's series from ``result``: every month from the start, p10, p50 and p90."""
    series = []
    for output, label in spec.outputs:
        band = result.bands[output]
        series.append(BandSeries(label, _figures(band.p10), _figures(band.p50), _figures(band.p90)))
    return ChartData(spec.title, spec.unit, result.months, tuple(series))
