"""The Projections screen's charts: which outputs each shows, and their series from a projection."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from cswork.model.projection.engine import Array
from cswork.model.projection.outputs import Band
from cswork.services.projection import Comparison, ProjectionResult
from cswork.tui.widgets.band_chart import BandSeries, ChartData, Figure


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart: its key, title, unit and the outputs drawn, each with a legend label."""

    key: str
    title: str
    unit: str
    outputs: tuple[tuple[str, str], ...]
    scale: float = 1.0  # figures are divided by this (money in £k or £m)


#: The charts, in screen order.
CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "fte", "In post vs needed", "FTE", (("in_post_fte", "In post"), ("needed_fte", "Needed"))
    ),
    ChartSpec("vacancy", "Vacancy rate", "%", (("vacancy_rate", "Vacancy"),)),
    ChartSpec("agency", "Agency rate", "%", (("agency_rate", "Agency"),)),
    ChartSpec("caseload", "Caseload", "cases per case-holding FTE", (("caseload", "Caseload"),)),
    ChartSpec(
        "agency-vacancy",
        "Agency and vacancy FTE",
        "FTE",
        (("agency_fte", "Agency"), ("vacancy_fte", "Vacancy")),
    ),
    ChartSpec("cost", "Cost a month", "£k", (("cost", "Cost"),), scale=1e3),
    ChartSpec(
        "cumulative", "Cumulative cost", "£m", (("cumulative_cost", "Cumulative"),), scale=1e6
    ),
)

#: The charts of a comparison: scenario − base from paired runs.
DIFFERENCE_CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("diff-fte", "Difference in agency FTE", "FTE", (("agency_fte", "Agency"),)),
    ChartSpec("diff-cost", "Difference in cost a month", "£k", (("cost", "A month"),), 1e3),
    ChartSpec(
        "diff-cumulative",
        "Cumulative difference in cost",
        "£m",
        (("cumulative_cost", "Cumulative"),),
        1e6,
    ),
)


def _figures(values: Array, scale: float = 1.0) -> tuple[Figure, ...]:
    return tuple(None if math.isnan(v) else float(v) / scale for v in values.tolist())


def _series(spec: ChartSpec, bands: Mapping[str, Band]) -> tuple[BandSeries, ...]:
    return tuple(
        BandSeries(
            label,
            _figures(bands[output].p10, spec.scale),
            _figures(bands[output].p50, spec.scale),
            _figures(bands[output].p90, spec.scale),
        )
        for output, label in spec.outputs
    )


def chart_data(spec: ChartSpec, result: ProjectionResult) -> ChartData:
    """The chart's series from ``result``: every month from the start, p10, p50 and p90."""
    return ChartData(spec.title, spec.unit, result.months, _series(spec, result.bands))


def difference_chart_data(spec: ChartSpec, comparison: Comparison) -> ChartData:
    """The chart's series of scenario − base from the paired runs of ``comparison``."""
    title = f"{spec.title}: {comparison.other.scenario} − {comparison.base.scenario}"
    return ChartData(
        title, spec.unit, comparison.base.months, _series(spec, comparison.differences)
    )
