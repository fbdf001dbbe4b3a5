"""Everything the board report reads, gathered once from the services the CLI and the app use.

Each figure a table shows comes from the same ``*_json`` function that the matching ``--json``
command prints (``cswork summary``, ``pressure``, ``cohorts``, ``demand``, ``indicators``,
``project``), so the paper and the terminal cannot disagree. Charts draw the same services' series.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cswork.model.months import year_before
from cswork.model.position import WorkforcePosition, workforce_position
from cswork.report.agency import AgencyPosition, agency_position
from cswork.services.cohorts import CohortReport, build_cohorts, cohorts_json
from cswork.services.continuity import ContinuityReport, build_continuity, continuity_json
from cswork.services.database import Database
from cswork.services.demand import (
    DemandError,
    DemandReport,
    IndicatorReport,
    demand_json,
    demand_report,
    indicator_report,
    indicators_json,
    load_demand,
)
from cswork.services.imports import ImportRecord, import_log
from cswork.services.money import agency_costs, compliance_json, costs_json
from cswork.services.monthly_history import load_monthly_history, month_ends
from cswork.services.pressure import PressureReport, build_pressure, pressure_json
from cswork.services.projection import (
    BASELINE,
    ProjectionResult,
    compare,
    compare_paired,
    difference_json,
    projection_json,
)
from cswork.services.settings import SettingRow, load_settings, setting_rows
from cswork.services.summary import build_summary, summary_json

#: Every section, in the order of the paper: (key, title).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("key-messages", "Key messages"),
    ("workforce", "Workforce position"),
    ("agency", "Agency and cost"),
    ("pressure", "Caseload pressure"),
    ("continuity", "Continuity of social worker"),
    ("academy", "Academy cohorts"),
    ("demand", "Demand"),
    ("indicators", "Performance indicators"),
    ("outlook", "Outlook"),
    ("data", "Data and definitions"),
)
SECTION_KEYS: tuple[str, ...] = tuple(key for key, _ in SECTIONS)
DEFAULT_TITLE = "Children's social care workforce report"
DEFAULT_MONTHS = 24

#: Told what is being gathered: a short phrase and the share done so far (0 to 1).
Progress = Callable[[str, float], None]


def no_progress(_: str, __: float) -> None:
    return None


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the user asked for."""

    as_at: date
    sections: tuple[str, ...] = SECTION_KEYS
    scenario: str = BASELINE
    compare: str | None = None
    months: int = DEFAULT_MONTHS
    title: str = DEFAULT_TITLE
    include_workers: bool = False
    runs: int | None = None
    seed: int = 1
    generated_on: date = field(default_factory=date.today)

    def wants(self, key: str) -> bool:
        """Whether section ``key`` is in the paper."""
        return key in self.sections


@dataclass(frozen=True, slots=True)
class Position:
    """The summary at one date, as the service built it and as ``cswork summary --json`` prints it
    (but for FTE, which is not rounded to two places here: the paper rounds it once)."""

    as_at: date
    figures: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Projection:
    """One scenario's projection and its ``cswork project --format json`` rows."""

    result: ProjectionResult
    rows: list[dict[str, Any]]


@dataclass(slots=True)
class ReportInputs:
    """What the sections are written from; ``None`` where the store holds nothing of the kind."""

    options: ReportOptions
    authority: str
    now: Position
    month_earlier: Position
    year_earlier: Position
    trend: tuple[WorkforcePosition, ...]  # month ends over the last two years, the date last
    agency: AgencyPosition
    money: dict[str, Any] = field(default_factory=dict)  # `cswork costs --json`
    rules: dict[str, Any] = field(default_factory=dict)  # `cswork agency --json`
    pressure: PressureReport | None = None
    pressure_figures: dict[str, Any] = field(default_factory=dict)
    continuity: ContinuityReport | None = None
    continuity_figures: dict[str, Any] = field(default_factory=dict)  # `cswork continuity --json`
    cohorts: CohortReport | None = None
    cohort_figures: dict[str, Any] = field(default_factory=dict)
    demand: DemandReport | None = None
    demand_figures: dict[str, Any] = field(default_factory=dict)
    indicators: IndicatorReport | None = None
    indicator_figures: dict[str, Any] = field(default_factory=dict)
    projections: list[Projection] = field(default_factory=list)
    #: With a comparison: the second scenario minus the first, run by run over paired runs, as
    #: ``cswork project --compare --format json`` gives it under ``difference``.
    differences: list[dict[str, Any]] = field(default_factory=list)
    settings: list[SettingRow] = field(default_factory=list)
    imports: list[ImportRecord] = field(default_factory=list)


def _position(db: Database, on: date) -> Position:
    # FTE unrounded: the paper rounds each figure once, to the place the terminal shows
    return Position(on, summary_json(build_summary(db, on), exact_fte=True))


#: Month ends the workforce chart covers.
TREND_MONTHS = 24


def monthly_positions(db: Database, as_at: date) -> tuple[WorkforcePosition, ...]:
    """The workforce position at each month end of the last two years, ending with ``as_at`` (as
    the Overview's trends, from one load of the history)."""
    days = month_ends(as_at, TREND_MONTHS)
    history = load_monthly_history(db, days)
    return tuple(
        workforce_position(
            history.spells, history.establishment, history.counts.latest_on_or_before(day), day
        )
        for day in days
    )


def demand_month(db: Database, as_at: date) -> date | None:
    """The latest month with demand figures on or before ``as_at``'s month (``None`` if none)."""
    month = as_at.replace(day=1)
    held = [m for m in {point[1] for point in load_demand(db)} if m <= month]
    return max(held, default=None)


def _demand(db: Database, month: date) -> DemandReport | None:
    """Demand at ``month`` against a year before, or against the first month held when the
    figures do not go back a year; ``None`` with a single month, which has nothing to compare."""
    try:
        return demand_report(db, month)
    except DemandError:
        first = min(point[1] for point in load_demand(db))
        return demand_report(db, month, first) if first < month else None


def gather(db: Database, options: ReportOptions, progress: Progress = no_progress) -> ReportInputs:
    """Read everything the chosen sections need, telling ``progress`` as it goes."""
    as_at = options.as_at
    wants_all = options.wants("key-messages")
    progress("workforce position", 0.05)
    trend = monthly_positions(db, as_at)
    inputs = ReportInputs(
        options=options,
        authority=str(load_settings(db)["authority.name"]),
        now=_position(db, as_at),
        month_earlier=_position(db, trend[-2].as_at),
        year_earlier=_position(db, year_before(as_at)),
        trend=trend,
        agency=agency_position(db, as_at),
    )
    if wants_all or options.wants("agency"):
        costs = agency_costs(db, as_at)
        inputs.money, inputs.rules = costs_json(costs), compliance_json(costs.compliance)
    if wants_all or options.wants("pressure"):
        progress("caseload pressure", 0.2)
        pressure = build_pressure(db, as_at, with_trends=False)  # the paper draws no trend
        if pressure.count_date is not None:
            inputs.pressure, inputs.pressure_figures = pressure, pressure_json(pressure)
    if wants_all or options.wants("continuity"):
        progress("continuity of social worker", 0.25)
        continuity = build_continuity(db, as_at)
        if continuity.held:
            inputs.continuity, inputs.continuity_figures = continuity, continuity_json(continuity)
    if wants_all or options.wants("academy"):
        progress("academy cohorts", 0.3)
        cohorts = build_cohorts(db, as_at)
        if cohorts.cohorts:
            inputs.cohorts, inputs.cohort_figures = cohorts, cohorts_json(cohorts)
    if wants_all or options.wants("demand"):
        progress("demand", 0.35)
        month = demand_month(db, as_at)
        report = _demand(db, month) if month is not None else None
        if report is not None:
            inputs.demand, inputs.demand_figures = report, demand_json(report)
    if wants_all or options.wants("indicators"):
        progress("performance indicators", 0.4)
        indicators = indicator_report(db, as_at)
        if indicators.indicators:
            inputs.indicators, inputs.indicator_figures = indicators, indicators_json(indicators)
    if wants_all or options.wants("outlook"):
        progress("projection", 0.45)
        if options.compare is None:
            results = compare(
                db, [options.scenario], options.months, options.runs, options.seed, as_at
            )
        else:
            comparison = compare_paired(
                db,
                options.scenario,
                options.compare,
                options.months,
                options.runs,
                options.seed,
                as_at,
            )
            results = [comparison.base, comparison.other]
            inputs.differences = difference_json(comparison)
        inputs.projections = [Projection(r, projection_json(r)) for r in results]
    if options.wants("data"):
        inputs.settings = setting_rows(db)
        inputs.imports = [r for r in import_log(db) if r.outcome == "ok"]
    progress("writing", 0.6)
    return inputs
