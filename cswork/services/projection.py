"""Projection use cases: calibrate from history, the baseline scenario, run and compare projections.

The projection history is read once per database state and cached (keyed by the file and a cheap
fingerprint of the tables read), so the app's worker threads can call :func:`run_projection` repeatedly as a user edits
a scenario. Each call takes its own connection's ``db``; nothing here holds one.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from cswork.model.absence import AbsenceBook, AbsencePeriods
from cswork.model.agency_flow import AgencyFlow, leavers_to_agency
from cswork.model.count_table import CaseCountTable, DatedCounts
from cswork.model.measures import round_half_up
from cswork.model.months import add_months_keeping_month_end, month_end
from cswork.model.projection.assumptions import BASELINE as BASELINE  # named here for callers
from cswork.model.projection.assumptions import (
    Assumptions,
    PlannedCohort,
    RecurringIntake,
    within_range,
)
from cswork.model.projection.backtest import mape
from cswork.model.projection.calibration import (
    DemandTrend,
    LeaverRate,
    demand_trend,
    no_show_rate,
)
from cswork.model.projection.engine import Array, pattern_cohorts, simulate, simulate_months
from cswork.model.projection.history import MonthRecord, monthly_history
from cswork.model.projection.outputs import (
    EXTRA_OUTPUTS,
    OUTPUTS,
    Band,
    MonthlyBands,
    output_paths,
    paired_differences,
    quantile_bands,
)
from cswork.model.projection.recency import (
    DEFAULT_HALF_LIFE,
    HALF_LIVES,
    ConversionStep,
    RateFit,
    academy_pattern,
    conversion_step,
    fit_rates,
)
from cswork.model.projection.state import RateEvidence, StartingState, build_starting_state
from cswork.model.routes import RouteFigures, route_figures, route_leaver_rates
from cswork.model.settings import Settings
from cswork.model.spell_table import OPEN_END, SpellTable, record_field
from cswork.model.workforce import EstablishmentLine, RoleSpell
from cswork.store import Database
from cswork.store.background_totals import TotalsAlongside
from cswork.store.caseloads import (
    CountWorkers,
    case_totals_by_date,
    count_dates,
    count_workers,
    load_count_table,
)
from cswork.store.db import data_version, database_file, is_read_only
from cswork.store.projection_history import (
    CohortPlan,
    load_absence_periods,
    load_cohort_plans,
    read_history_stamp,
)
from cswork.store.scenarios import ScenarioError, get_scenario, save_scenario
from cswork.store.settings import load_settings
from cswork.store.staff import load_all_spell_table, load_establishment
from cswork.store.teams import team_targets


@dataclass(frozen=True, slots=True)
class ProjectionHistory:
    """Everything the projection reads from the store. The spells are read as columns (the
    ``"spell table"`` of ``memo``, see :func:`spell_table`); their records are made only as they
    are asked for."""

    spells: Sequence[RoleSpell]
    establishment: tuple[EstablishmentLine, ...]
    counts: DatedCounts
    cohorts: tuple[CohortPlan, ...]
    settings: Settings
    team_targets: dict[str, float]
    absences: AbsencePeriods = field(compare=False)  # every absence period (arrays)
    #: Figures derived from this history (months, starting states), computed once.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def cases_by_date(self) -> dict[date, dict[str, float]]:
        """Cases held across all workers, per count date and case type."""
        return self.counts.totals_by_date()

    @property
    def cohort_starts(self) -> dict[str, date]:
        """Cohort start dates by name."""
        return {c.name: c.start for c in self.cohorts}


_cache: dict[str, tuple[tuple[object, ...], ProjectionHistory]] = {}
_cache_lock = threading.Lock()


def load_projection_history(db: Database, *, every_count: bool = False) -> ProjectionHistory:
    """The store's history, from the cache when nothing has changed since it was read.

    Caseload counts are read a date at a time, when a start first needs them (see
    :class:`_CountReader`), through ``db`` or a later connection of the same thread to the same
    file; with ``every_count``, all of them at once, now (for a caller that will need most dates,
    such as a backtest from every past start)."""
    key = _db_key(db)
    marks, fingerprint = _stamp(db)
    with _cache_lock:
        _readers[(threading.get_ident(), key)] = (weakref.ref(db), marks, fingerprint)
        cached = _cache.get(key)
    if cached and cached[0] == fingerprint:
        history = cached[1]
    else:
        # every count read gives the totals too; else they are summed alongside, meanwhile
        path = "" if every_count else database_file(db)
        alongside = TotalsAlongside(path, fingerprint) if path else None
        reader = _CountReader(key, fingerprint, alongside)
        table = load_all_spell_table(db)
        history = ProjectionHistory(
            spells=table.spells,
            establishment=tuple(load_establishment(db)),
            counts=DatedCounts(count_dates(db), reader, reader.totals),
            cohorts=tuple(load_cohort_plans(db)),
            settings=load_settings(db),
            team_targets=team_targets(db),
            absences=load_absence_periods(db),
            memo={"spell table": table},
        )
        with _cache_lock:
            _cache[key] = (fingerprint, history)
    if every_count:
        history.counts.read_all()
    return history


def history_stamp(db: Database) -> tuple[object, ...]:
    """The history version and the tables' fingerprint: the same while nothing of the history
    changes (cswork's own writes bump the version, even those that keep every count and id).
    Worked out once for a connection while nothing is written to its file."""
    return _stamp(db)[1]


#: Each connection's last history stamp, with its change marks when it was worked out.
_stamps: weakref.WeakKeyDictionary[Database, tuple[tuple[int, int], tuple[object, ...]]]
_stamps = weakref.WeakKeyDictionary()


def _stamp(db: Database) -> tuple[tuple[int, int], tuple[object, ...]]:
    marks = _marks(db)  # before the fingerprint: a commit in between is then seen as a change
    with _cache_lock:
        held = _stamps.get(db)
    if held is not None and held[0] == marks:
        return held
    stamp = read_history_stamp(db)
    with _cache_lock:
        _stamps[db] = (marks, stamp)
    return marks, stamp


def _db_key(db: Database) -> str:
    return database_file(db) or f"memory:{id(db)}"


#: (thread, database key) -> the connection that thread last loaded a history through, with its
#: change marks and the history's fingerprint then.
_readers: dict[tuple[int, str], tuple[weakref.ref[Database], tuple[int, int], tuple[object, ...]]]
_readers = {}


def _marks(db: Database) -> tuple[int, int]:
    """Marks that stay the same while nothing is written to ``db``'s file: by another connection
    (``PRAGMA data_version``) or by this one (its count of changed rows)."""
    return data_version(db), db.conn.total_changes


class HistoryChangedError(RuntimeError):
    """The store changed while a projection was reading its history: run it again."""


class _CountReader:
    """Reads a history's caseload counts of some dates from the store, as it was when the history
    was read: through the connection this thread last loaded the history with (a history is read
    through a connection in the thread that then uses it), checked unchanged since (its change
    marks; else the history's fingerprint). Workers are numbered once, alike in every table."""

    def __init__(
        self, key: str, fingerprint: tuple[object, ...], alongside: TotalsAlongside | None = None
    ) -> None:
        self.key = key
        self.fingerprint = fingerprint
        self.workers: CountWorkers | None = None
        self.alongside = alongside  # the totals being read meanwhile, if they are

    def __call__(self, dates: Sequence[date]) -> CaseCountTable:
        db = self._connection()
        if self.workers is None:
            self.workers = count_workers(db)
        return load_count_table(db, dates, self.workers)

    def totals(self) -> dict[date, dict[str, float]]:
        alongside, self.alongside = self.alongside, None
        totals = alongside.result() if alongside is not None else None
        return totals if totals is not None else case_totals_by_date(self._connection())

    def _connection(self) -> Database:
        reader_key = (threading.get_ident(), self.key)
        with _cache_lock:
            held = _readers.get(reader_key)
        db = held[0]() if held else None
        if held is None or db is None or held[2] != self.fingerprint:
            raise HistoryChangedError(
                "the projection history was read through another connection: run it again"
            )
        marks = _marks(db)
        if marks != held[1]:
            if _stamp(db)[1] != self.fingerprint:
                raise HistoryChangedError("the data changed during the projection: run it again")
            with _cache_lock:
                _readers[reader_key] = (held[0], marks, held[2])
        return db


#: ProjectionHistory a start needs before it, in months.
MIN_HISTORY_MONTHS = 24
#: Months each past start is projected when choosing the half-life.
CHOICE_MONTHS = 12


@dataclass(frozen=True, slots=True)
class HalfLifeChoice:
    """The half-life chosen, and each candidate's mean backtest error (in-post and vacancy FTE,
    MAPE %, 12 months ahead) over the past starts that could be scored before the start."""

    half_life: int | None
    errors: dict[int | None, float]
    origins: tuple[date, ...]

    @property
    def reason(self) -> str:
        """Why this half-life, in a sentence."""
        if not self.origins:
            return (
                f"default {describe_half_life(self.half_life)}: too little history to choose by "
                "backtest (needs 24 months before the start)"
            )
        return (
            f"{describe_half_life(self.half_life)}: lowest error projecting 12 months from "
            f"{len(self.origins)} past starts ({self.errors[self.half_life]:.1f} % on in-post and "
            "vacancy FTE)"
        )


def first_month(history: ProjectionHistory) -> date | None:
    """The month end the records begin (see :func:`monthly_history`)."""
    records = monthly_records(history)
    return records[0].end if records else None


def choose_half_life(history: ProjectionHistory, as_at: date) -> HalfLifeChoice:
    """The half-life whose baseline projected in-post and vacancy FTE best, 12 months ahead, from the
    half-yearly past starts with 24 months of history before them and 12 months after, by
    ``as_at``; the default when there is none."""
    first = first_month(history)
    origins: list[date] = []
    start = add_months_keeping_month_end(month_end(as_at.year, as_at.month), -CHOICE_MONTHS)
    while first is not None and start >= add_months_keeping_month_end(first, MIN_HISTORY_MONTHS):
        if start.year == as_at.year and start.month == as_at.month:
            break
        origins.append(start)
        start = add_months_keeping_month_end(start, -6)
    if not origins:
        return HalfLifeChoice(DEFAULT_HALF_LIFE, {}, ())
    errors: dict[int | None, float] = {}
    for half_life in HALF_LIVES:
        total = 0.0
        for origin in origins:
            total += _choice_error(history, origin, half_life)
        errors[half_life] = total / len(origins)
    best = min(HALF_LIVES, key=lambda h: (errors[h], -(h or 10_000)))
    return HalfLifeChoice(best, errors, tuple(origins))


def _choice_error(history: ProjectionHistory, origin: date, half_life: int | None) -> float:
    """The mean of the in-post and vacancy FTE errors (MAPE %) of the baseline with ``half_life``
    projected ``CHOICE_MONTHS`` from ``origin`` (worked out once: every later start's choice
    scores the same past starts again)."""
    key = ("choice error", origin, half_life)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        records = {r.end: r for r in monthly_records(history)}
        assumptions = baseline_assumptions(history, origin, half_life)
        paths = simulate(
            starting_state(history, origin), assumptions, CHOICE_MONTHS, deterministic=True
        )
        ends = [add_months_keeping_month_end(origin, k) for k in range(1, CHOICE_MONTHS + 1)]
        actual = [records.get(on) for on in ends]
        in_post = mape(
            list(paths.in_post_fte[0, 1:]), [a.in_post_fte if a else None for a in actual]
        )
        vacancy = mape(
            list(paths.vacancy_fte[0, 1:]), [a.vacancy_fte if a else None for a in actual]
        )
        cached = ((in_post or 0.0) + (vacancy or 0.0)) / 2
        with _cache_lock:
            history.memo[key] = cached
    return cast(float, cached)


def describe_half_life(half_life: int | None) -> str:
    """``"half-life 12 months"`` or ``"every month alike (long run)"``."""
    return "every month alike (long run)" if half_life is None else f"half-life {half_life} months"


@dataclass(frozen=True, slots=True)
class Calibration:
    """What the history says, as at a date."""

    as_at: date
    leaver_rates: dict[str, LeaverRate]
    hires_per_month: float
    vacancy_fill_rate: float
    agency_conversion_rate: float
    no_show_rate: float
    agency_share_of_vacancies: float
    agency_charge_per_hour: float | None
    demand_growth: dict[str, float]
    demand_noise_sd: float
    demand_persistence: float
    demand_growth_sd: float
    demand_damping: float
    academy_pattern: tuple[RecurringIntake, ...]
    choice: HalfLifeChoice
    fit: RateFit
    routes: tuple[RouteFigures, ...] = ()
    agency_flow: AgencyFlow | None = None
    absence_rate: float | None = None


def monthly_records(history: ProjectionHistory) -> tuple[MonthRecord, ...]:
    """The history month by month (computed once per history)."""
    with _cache_lock:
        cached = history.memo.get("months")
    if cached is None:
        table = spell_table(history)
        ended = table.end[table.end != OPEN_END]  # the latest start or end, as ordinals
        latest = max(table.start.max(initial=0), ended.max(initial=0))
        last = date.fromordinal(int(latest)) if latest else date.min
        cached = monthly_history(
            history.spells,
            history.establishment,
            last,
            history.settings,
            history.cohort_starts,
            table=spell_table(history),
        )
        with _cache_lock:
            history.memo["months"] = cached
    return cast("tuple[MonthRecord, ...]", cached)


def spell_table(history: ProjectionHistory) -> SpellTable:
    """The history's spells as columns (made once per history)."""
    with _cache_lock:
        cached = history.memo.get("spell table")
    if cached is None:
        cached = SpellTable.of(history.spells)
        with _cache_lock:
            history.memo["spell table"] = cached
    return cast(SpellTable, cached)


def spells_by(history: ProjectionHistory, as_at: date) -> SpellTable:
    """The spells started by ``as_at``, as columns (made once per date)."""
    key = ("spells by", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        cached = spell_table(history).started_by(as_at)
        with _cache_lock:
            history.memo[key] = cached
    return cast(SpellTable, cached)


def starting_state(
    history: ProjectionHistory, as_at: date, fit: RateFit | None = None
) -> StartingState:
    """The position at ``as_at`` with the demand trend fitted up to then, and the evidence behind
    ``fit``'s rates (none without a fit: the rates are then taken as known)."""
    key = ("state", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        table = spells_by(history, as_at)
        trend = _demand_trend(history, as_at)
        cached = build_starting_state(
            table.spells,
            list(history.establishment),
            history.counts,
            as_at,
            history.settings,
            history.team_targets,
            history.cohort_starts,
            trend.growth,
            trend.noise_sd,
            persistence=trend.persistence,
            deviation=trend.deviation,
            growth_sd=trend.growth_sd,
            damping=trend.damping,
            table=table,
        )
        with _cache_lock:
            history.memo[key] = cached
    state = cast(StartingState, cached)
    if fit is None:
        return state
    past = [c for c in history.cohorts if c.start <= as_at and c.planned_size is not None]
    evidence = RateEvidence(
        leavers={band: rate.shape for band, rate in fit.leavers.items()},
        hires=fit.hiring.shape,
        conversions=fit.conversion.shape,
        no_show_places=float(sum(c.planned_size or 0 for c in past)),
        leaver_spread=fit.leaver_spread,
        hiring_spread=fit.hiring_spread,
    )
    return replace(state, evidence=evidence)


def calibrate(
    history: ProjectionHistory, as_at: date, half_life: int | str | None = "choose"
) -> Calibration:
    """Fit leaver rates, recruitment, agency, the academy pattern and demand to the history up to
    ``as_at``; the half-life is chosen by backtest unless given."""
    key = ("calibration", as_at, half_life)
    with _cache_lock:
        cached = history.memo.get(key)
    if isinstance(cached, Calibration):
        return cached
    records = monthly_records(history)
    if half_life == "choose":
        choice = choose_half_life(history, as_at)
    else:
        assert not isinstance(half_life, str)
        choice = HalfLifeChoice(half_life, {}, ())
    fit = fit_rates(records, as_at, choice.half_life, step=_conversion_step(history, as_at))
    state = starting_state(history, as_at)
    past = [c for c in history.cohorts if c.start <= as_at and c.planned_size is not None]
    charges, trend, pattern = _dated_figures(history, as_at)
    agency_fte, charged = _charged(history, as_at, charges)
    vacancy = state.vacancy_fte
    leavers = {
        band: LeaverRate(
            band,
            round(rate.events),
            rate.exposure,
            rate.rate,
            rate.low,
            rate.high,
            long_run=rate.long_run,
            recent=rate.recent,
        )
        for band, rate in fit.leavers.items()
    }
    fill = fit.hiring.rate or 0.0
    conversion = fit.conversion.rate or 0.0
    calibration = Calibration(
        as_at=as_at,
        leaver_rates=leavers,
        hires_per_month=fill * vacancy,
        vacancy_fill_rate=fill,
        agency_conversion_rate=min(1.0 - math.exp(-12.0 * conversion), 1.0),
        no_show_rate=no_show_rate(
            {c.name: c.planned_size or 0 for c in past}, {c.name: c.starters for c in past}
        ),
        agency_share_of_vacancies=min(state.agency_fte / vacancy, 2.0) if vacancy > 0 else 0.85,
        agency_charge_per_hour=charged / agency_fte if agency_fte else None,
        demand_growth=dict(trend.growth),
        demand_noise_sd=trend.noise_sd,
        demand_persistence=trend.persistence,
        demand_growth_sd=trend.growth_sd,
        demand_damping=trend.damping,
        academy_pattern=pattern,
        choice=choice,
        fit=fit,
        **pipeline_figures(history, as_at),
    )
    with _cache_lock:
        history.memo[key] = calibration
    return calibration


def _conversion_step(history: ProjectionHistory, as_at: date) -> ConversionStep | None:
    """The step in agency conversions the months to ``as_at`` show (the same whatever the
    half-life, so worked out once per date)."""
    key = ("conversion step", as_at)
    with _cache_lock:
        found = history.memo.get(key, key)
    if found is key:
        found = conversion_step([r for r in monthly_records(history) if r.end <= as_at])
        with _cache_lock:
            history.memo[key] = found
    return cast("ConversionStep | None", found)


def conversion_step_json(step: ConversionStep | None) -> dict[str, Any] | None:
    """The step up in agency conversions the calibration follows, as JSON-ready data (``None``
    when there is none)."""
    if step is None:
        return None
    return {
        "months": step.months,
        "conversions": step.conversions,
        "expected_at_rate_before": round(step.expected, 2),
        "chance": round(step.p, 6),
        "starters_chance": round(step.starters_p, 6),
    }


def _dated_figures(
    history: ProjectionHistory, as_at: date
) -> tuple[list[tuple[float, float]], DemandTrend, tuple[RecurringIntake, ...]]:
    """The agency charges, the demand trend and the academy pattern as at ``as_at`` (the same
    whatever the half-life, so worked out once per date: choosing the half-life calibrates each
    past start with every candidate)."""
    key = ("dated", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        cached = (
            _agency_charges(history, as_at),
            _demand_trend(history, as_at),
            academy_pattern(
                [(c.start, c.planned_size or c.starters) for c in history.cohorts], as_at
            ),
        )
        with _cache_lock:
            history.memo[key] = cached
    return cast(
        "tuple[list[tuple[float, float]], DemandTrend, tuple[RecurringIntake, ...]]", cached
    )


def _charged(
    history: ProjectionHistory, as_at: date, charges: list[tuple[float, float]]
) -> tuple[float, float]:
    """The agency FTE with a charge on ``as_at``, and the sum of charge × FTE over it, from
    ``charges`` (worked out once per date: 2,700 agency workers at fifty times the demo, and every
    half-life's calibration of a past start asks again)."""
    key = ("charged", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        cached = (sum(f for _, f in charges), sum(c * f for c, f in charges))
        with _cache_lock:
            history.memo[key] = cached
    return cast("tuple[float, float]", cached)


def pipeline_figures(history: ProjectionHistory, as_at: date) -> dict[str, Any]:
    """Routes, leavers to agency and the absence rate up to ``as_at`` (the same whatever the
    half-life, so worked out once per date)."""
    key = ("pipeline", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        table = spells_by(history, as_at)
        in_post = starting_state(history, as_at).in_post_fte
        cached = {
            "routes": tuple(route_figures(table.spells, as_at, table=table)),
            "agency_flow": leavers_to_agency(table.spells, as_at, table=table),
            "absence_rate": AbsenceBook(
                working_days=history.settings.number("working_days_per_year")
            ).rate(in_post, as_at, history.absences),
        }
        with _cache_lock:
            history.memo[key] = cached
    return cast("dict[str, Any]", cached)


def _demand_trend(history: ProjectionHistory, as_at: date) -> DemandTrend:
    """The demand trend fitted to the caseload totals up to ``as_at`` (worked out once per date:
    the starting position and the calibration both ask for it)."""
    key = ("demand trend", as_at)
    with _cache_lock:
        cached = history.memo.get(key)
    if cached is None:
        cached = demand_trend(history.cases_by_date, history.settings.weights, as_at)
        with _cache_lock:
            history.memo[key] = cached
    return cast(DemandTrend, cached)


def _agency_charges(history: ProjectionHistory, as_at: date) -> list[tuple[float, float]]:
    """(Hourly charge, FTE) of each agency spell in post on ``as_at`` with a charge recorded."""
    table = spell_table(history)
    in_post = table.in_post(as_at.toordinal())
    agency = in_post[~table.la[in_post]]
    charges = record_field(table.spells, "hourly_charge", agency)
    fte = record_field(table.spells, "fte", agency)
    return [(c, f) for c, f in zip(charges, fte, strict=True) if c is not None]


def baseline_from(history: ProjectionHistory, fit: Calibration) -> Assumptions:
    """Assumptions from a calibration: the store's cohorts planned after the start, then the
    academy's pattern carried on (assumed) over the horizon; hiring follows the vacancies. A
    figure the history puts beyond what a scenario may hold (a month with more hires than vacant
    posts, say) is taken at that limit, so an unusual history still projects."""
    defaults = Assumptions()
    as_at = fit.as_at
    rates: dict[str, Any] = {
        f"leaver_rate_{band}": _calibrated(f"leaver_rate_{band}", rate.rate, 4)
        if rate.rate is not None
        else defaults.leaver_rate(band)
        for band, rate in fit.leaver_rates.items()
    }
    planned = tuple(
        PlannedCohort(c.start, c.planned_size or 0) for c in history.cohorts if c.start > as_at
    )
    assumptions = replace(
        defaults,
        cohorts=planned,
        academy_pattern=fit.academy_pattern,
        no_show_rate=_calibrated("no_show_rate", fit.no_show_rate, 4),
        experienced_hires_per_month=None,
        vacancy_fill_rate=_calibrated("vacancy_fill_rate", fit.vacancy_fill_rate, 4),
        agency_conversion_rate=_calibrated("agency_conversion_rate", fit.agency_conversion_rate, 4),
        agency_share_of_vacancies=_calibrated(
            "agency_share_of_vacancies", fit.agency_share_of_vacancies, 4
        ),
        agency_charge_per_hour=_calibrated(
            "agency_charge_per_hour",
            fit.agency_charge_per_hour or defaults.agency_charge_per_hour,
            2,
        ),
        standard_hours=history.settings.standard_hours,
        leaver_agency_share=_calibrated("leaver_agency_share", fit.agency_flow.share or 0.0, 4)
        if fit.agency_flow
        else 0.0,
        absence_rate=_calibrated("absence_rate", fit.absence_rate or 0.0, 4),
        route_leaver_rates=tuple(
            (route.value, round(rate, 4)) for route, rate in route_leaver_rates(fit.routes).items()
        ),
        **rates,
    )
    assumed = pattern_cohorts(assumptions, as_at, assumptions.horizon_months)
    return replace(assumptions, cohorts=(*planned, *assumed))


def _calibrated(key: str, value: float, places: int) -> float:
    return round(within_range(key, value), places)


def baseline_assumptions(
    history: ProjectionHistory, as_at: date, half_life: int | str | None = "choose"
) -> Assumptions:
    """Assumptions calibrated from history up to ``as_at`` (see :func:`baseline_from`)."""
    return baseline_from(history, calibrate(history, as_at, half_life))


def scenario_assumptions(
    db: Database, name: str, as_at: date, history: ProjectionHistory | None = None
) -> Assumptions:
    """The stored scenario ``name``; ``baseline`` is calibrated (on ``history``, the store's when
    not given) and stored the first time it is asked for. A :class:`ScenarioError` for any other
    missing name."""
    stored = get_scenario(db, name)
    if stored is not None:
        return stored.assumptions
    if name != BASELINE:
        raise ScenarioError(f"no scenario called {name!r}; 'cswork scenario list' shows them")
    assumptions = baseline_assumptions(history or load_projection_history(db), as_at)
    if not is_read_only(db):  # a read-only database calibrates afresh each time
        before = _marks(db)
        save_scenario(db, BASELINE, assumptions)
        _own_write(db, before)
    return assumptions


def _own_write(db: Database, before: tuple[int, int]) -> None:
    """After a write of this thread's to no table the history reads (the baseline saved), take
    ``db``'s change marks as the history's again, when they stood for it just before the write
    (``before``) and no other connection committed meanwhile (``PRAGMA data_version`` unchanged):
    the history is then as it was read (a scenario is no part of it, and bumps no history
    version), and the next read of it or of its counts need not stamp the store again (a tenth
    of a second at fifty times the demo)."""
    reader_key = (threading.get_ident(), _db_key(db))
    after = _marks(db)
    if after[0] != before[0]:
        return
    with _cache_lock:
        held = _readers.get(reader_key)
        if held is not None and held[0]() is db and held[1] == before:
            _readers[reader_key] = (held[0], after, held[2])
        stamped = _stamps.get(db)
        if stamped is not None and stamped[0] == before:
            _stamps[db] = (after, stamped[1])


@dataclass(frozen=True, slots=True)
class ProjectionResult:
    """A projection: months 1..N after the start, each output's p10/p50/p90, and the start."""

    scenario: str
    as_at: date
    months: tuple[str, ...]
    runs: int
    seed: int
    bands: dict[str, Band]  # arrays of length months + 1, index 0 the start
    assumptions: Assumptions
    warnings: tuple[str, ...] = ()

    def value(self, output: str, month: int, quantile: str = "p50") -> float | None:
        """One figure (``month`` 0 is the start); ``None`` where undefined."""
        number = float(getattr(self.bands[output], quantile)[month])
        return None if number != number else number


def run_paths(
    state: StartingState, assumptions: Assumptions, months: int, runs: int, seed: int
) -> dict[str, Array]:
    """Every output per run and month from ``state`` (one expected-value run when ``runs`` is 1)."""
    paths = simulate(state, assumptions, months, runs, seed, deterministic=runs == 1)
    return output_paths(paths, state.target_caseload)


def project_state(
    state: StartingState, assumptions: Assumptions, months: int, runs: int, seed: int
) -> dict[str, Band]:
    """p10/p50/p90 of every output from ``state`` (deterministic when ``runs`` is 1). Monte Carlo
    runs are summarised a month at a time, keeping no run's path."""
    if runs == 1:
        return quantile_bands(run_paths(state, assumptions, months, runs, seed))
    bands = MonthlyBands(state.target_caseload)
    for month in simulate_months(state, assumptions, months, runs, seed):
        bands.add(month)
    return bands.bands()


def run_projection(
    db: Database,
    scenario_name: str,
    months: int | None = None,
    runs: int | None = None,
    seed: int = 1,
    as_at: date | None = None,
) -> ProjectionResult:
    """Project scenario ``scenario_name`` from the position at ``as_at`` (default: latest data)."""
    from cswork.services.summary import default_as_at

    when = as_at or default_as_at(db, date.today())
    history = load_projection_history(db)
    assumptions = scenario_assumptions(db, scenario_name, when, history)
    horizon = months or assumptions.horizon_months
    count = runs or assumptions.runs
    state = starting_state(history, when, calibrate(history, when).fit)
    bands = project_state(state, assumptions, horizon, count, seed)
    labels = tuple(_month_labels(when, horizon))
    return ProjectionResult(
        scenario_name,
        when,
        labels,
        count,
        seed,
        bands,
        assumptions,
        hiring_warnings(state, assumptions, horizon),
    )


def hiring_warnings(state: StartingState, assumptions: Assumptions, months: int) -> tuple[str, ...]:
    """Warnings on the expected path: when the scenario asks for more hires than the funded posts
    leave room for, saying how many cannot be made; and when academy intakes (which start whatever
    the vacancies, being commitments made a year ahead) take FTE in post beyond the funded posts."""
    paths = simulate(state, assumptions, months, deterministic=True)
    warnings = []
    lost = float(paths.hires_capped.sum())
    if lost >= 0.5:
        asked = assumptions.experienced_hires_per_month
        rate = "the hires asked for" if asked is None else f"{asked:g} experienced hires a month"
        first = next(paths.months[k + 1] for k in range(months) if paths.hires_capped[0, k] > 1e-9)
        warnings.append(
            f"Hiring capped at funded posts: {rate} would take FTE in post beyond the "
            f"establishment ({paths.establishment_fte[-1]:.1f} FTE at the end) from {first}; "
            f"{lost:.0f} hires over {months} months are not made."
        )
    room = paths.establishment_fte + state.over_establishment_fte
    over = paths.in_post_fte[0] - room
    # beyond what the start already held over its funded posts
    allowed = max(float(over[0]), 0.0) + 0.5
    beyond = [k for k in range(1, months + 1) if float(over[k]) >= allowed]
    if beyond:
        worst = int(over[1:].argmax()) + 1
        start = beyond[0]
        warnings.append(
            f"Academy intakes take FTE in post beyond the funded posts from {paths.months[start]}: "
            f"{over[worst]:.1f} FTE over the establishment ({paths.establishment_fte[worst]:.1f} "
            f"FTE) in {paths.months[worst]}. Cohorts start whatever the vacancies; fund the posts "
            "or plan smaller intakes."
        )
    return tuple(warnings)


def compare(
    db: Database,
    scenario_names: Sequence[str],
    months: int | None = None,
    runs: int | None = None,
    seed: int = 1,
    as_at: date | None = None,
) -> list[ProjectionResult]:
    """The same projection for several scenarios, from the same start, months, runs and seed."""
    return [run_projection(db, name, months, runs, seed, as_at) for name in scenario_names]


#: The outputs whose scenario-minus-base difference a comparison reports.
DIFFERENCES: tuple[str, ...] = (
    "in_post_fte",
    "needed_fte",
    "agency_fte",
    "vacancy_fte",
    "vacancy_rate",
    "agency_rate",
    "caseload",
    "cost",
    "cumulative_cost",
)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two scenarios projected by paired runs (same start, months, runs and seed), and the
    difference ``other`` − ``base`` run by run."""

    base: ProjectionResult
    other: ProjectionResult
    differences: dict[str, Band]  # arrays of length months + 1, index 0 the start (zero)

    @property
    def months(self) -> int:
        """Months projected."""
        return len(self.base.months) - 1

    def difference(self, output: str, month: int, quantile: str = "p50") -> float | None:
        """One difference (``month`` 0 is the start); ``None`` where undefined."""
        number = float(getattr(self.differences[output], quantile)[month])
        return None if number != number else number


def compare_paired(
    db: Database,
    base: str,
    other: str,
    months: int | None = None,
    runs: int | None = None,
    seed: int = 1,
    as_at: date | None = None,
) -> Comparison:
    """Scenario ``other`` against ``base`` by paired runs: both projected from the same position
    with the same seed, months and runs (``base``'s horizon and runs unless given), so that the
    band of the difference is the band of a difference, and identical scenarios differ by zero."""
    from cswork.services.summary import default_as_at

    when = as_at or default_as_at(db, date.today())
    history = load_projection_history(db)
    first = scenario_assumptions(db, base, when, history)
    second = scenario_assumptions(db, other, when, history)
    return compare_assumptions(
        db,
        (base, first),
        (other, second),
        when,
        months or first.horizon_months,
        runs or first.runs,
        seed,
        history,
    )


def compare_assumptions(
    db: Database,
    base: tuple[str, Assumptions],
    other: tuple[str, Assumptions],
    as_at: date,
    months: int,
    runs: int,
    seed: int = 1,
    history: ProjectionHistory | None = None,
) -> Comparison:
    """Two named sets of assumptions (perhaps unsaved) compared by paired runs (on ``history``, the
    store's when not given)."""
    history = history or load_projection_history(db)
    state = starting_state(history, as_at, calibrate(history, as_at).fit)
    labels = tuple(_month_labels(as_at, months))
    paths = [run_paths(state, assumptions, months, runs, seed) for _, assumptions in (base, other)]
    results = [
        ProjectionResult(
            name,
            as_at,
            labels,
            runs,
            seed,
            quantile_bands(p),
            assumptions,
            hiring_warnings(state, assumptions, months),
        )
        for (name, assumptions), p in zip((base, other), paths, strict=True)
    ]
    return Comparison(results[0], results[1], paired_differences(paths[0], paths[1], DIFFERENCES))


def _month_labels(as_at: date, months: int) -> list[str]:
    return [add_months_keeping_month_end(as_at, k).strftime("%Y-%m") for k in range(months + 1)]


def _rounded(value: float | None, output: str) -> float | None:
    if value is None:
        return None
    if output.endswith("_rate") or output == "utilisation":
        return round_half_up(value, 1)
    if output in ("cost", "cumulative_cost"):
        return float(round(value))
    return round(value, 2)


def projection_json(result: ProjectionResult) -> list[dict[str, Any]]:
    """One object per projected month: ``month`` and each output as ``{p10, p50, p90}``."""
    rows = []
    for index, month in enumerate(result.months[1:], start=1):
        row: dict[str, Any] = {"month": month}
        for output in (*OUTPUTS, *EXTRA_OUTPUTS):
            row[output] = {
                q: _rounded(result.value(output, index, q), output) for q in ("p10", "p50", "p90")
            }
        rows.append(row)
    return rows


def difference_json(comparison: Comparison) -> list[dict[str, Any]]:
    """One object per projected month: ``month`` and each difference (other − base, paired runs)
    as ``{p10, p50, p90}``."""
    rows = []
    for index, month in enumerate(comparison.base.months[1:], start=1):
        row: dict[str, Any] = {"month": month}
        for output in DIFFERENCES:
            row[output] = {
                q: _rounded(comparison.difference(output, index, q), output)
                for q in ("p10", "p50", "p90")
            }
        rows.append(row)
    return rows


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """Both projections, their paired differences month by month, and the cost difference over the
    whole horizon."""
    last = comparison.months
    return {
        "base": comparison.base.scenario,
        "scenario": comparison.other.scenario,
        "months": last,
        "runs": comparison.base.runs,
        "seed": comparison.base.seed,
        "projections": {
            comparison.base.scenario: projection_json(comparison.base),
            comparison.other.scenario: projection_json(comparison.other),
        },
        "difference": difference_json(comparison),
        "cost_difference": {
            q: _rounded(comparison.difference("cumulative_cost", last, q), "cost")
            for q in ("p10", "p50", "p90")
        },
    }
