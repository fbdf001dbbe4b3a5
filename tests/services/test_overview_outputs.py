"""The Overview and its by-team table are what the straightforward code gave, at any scale.

The Overview was rebuilt for regional scale (issue 18): its 24 month ends are worked out in columns
(:mod:`cswork.model.month_ends`) instead of a workforce position and a worker-by-worker pressure
for each month. The code it replaced is kept here, unchanged, as the oracle: the Overview (every
tile's trend, note and England figure, and every alert) and the by-team table must equal it on the
demo, on ten times the demo, and on a demo with settings, targets and counts chosen to stress
rounding, band boundaries and the choice of each month's count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from cswork.model.money import over_cap, under_three_years_pqe
from cswork.model.months import year_before
from cswork.model.position import Figures, workforce_position
from cswork.model.pressure import PressureCalculator, WorkerPressure, worker_pressures
from cswork.model.protection import nqsw_checks
from cswork.model.settings import Settings
from cswork.model.team_pressure import by_team
from cswork.reference import england_as_at, no_england_figure
from cswork.services.breakdown import (
    TeamSummary,
    overview_and_teams,
    overview_in_stages,
    team_summaries,
)
from cswork.services.monthly_history import load_monthly_history, month_ends
from cswork.services.overview import (
    ENGLAND_COMPARABLE,
    TILE_FIGURES,
    TREND_MONTHS,
    Alert,
    Overview,
    Tile,
    _england_for,
    agency_alerts,
    breach_text,
    build_overview,
)
from cswork.store import Database, open_db
from cswork.store.caseloads import load_case_counts
from cswork.store.money import load_price_caps
from cswork.store.settings import load_settings
from cswork.store.staff import cohort_starts, load_establishment, load_role_spells
from cswork.store.teams import team_targets
from tests.conftest import DEMO_AS_AT
from tests.services.test_scale_outputs import stressed  # noqa: F401 (a fixture used below)

# --- The oracle: the code the Overview used before issue 18, unchanged. ------------------------


def reference_alerts(
    pressures: Sequence[WorkerPressure], figures: Figures, settings: Settings
) -> list[Alert]:
    """NQSW protection breaches, teams over the utilisation alert, agency rate over its alert."""
    alerts = [
        Alert(
            "asye",
            f"NQSW {check.worker.worker_ref} ({check.worker.team}, ASYE month "
            f"{(check.worker.asye_month or 0) + 1}): {breach_text(check)}",
        )
        for check in nqsw_checks(pressures, settings)
        if check.breached
    ]
    limit = settings.number("team_utilisation_alert")
    alerts += [
        Alert("team", f"{team.name} at {team.utilisation * 100:.0f}% utilisation, above {limit:g}%")
        for team in by_team(pressures)
        if team.utilisation is not None and team.utilisation * 100 > limit
    ]
    agency_limit = settings.number("agency_rate_alert")
    rate = figures.agency_rate
    if rate is not None and rate > agency_limit:
        alerts.append(
            Alert("agency", f"Agency rate {rate:.1f}%, above the {agency_limit:g}% alert")
        )
    return alerts


def reference_overview(db: Database, as_at: date, months: int = TREND_MONTHS) -> Overview:
    """The Overview as it was computed before."""
    from cswork.model.money import annualised_spend

    days = month_ends(as_at, months)
    history = load_monthly_history(db, days)
    england = england_as_at(as_at)
    positions = [
        workforce_position(
            history.spells, history.establishment, history.counts.latest_on_or_before(day), day
        )
        for day in days
    ]
    calculator = PressureCalculator(
        history.spells, history.settings, history.team_targets, history.cohort_starts
    )
    pressures = [calculator.at(day, history.counts.latest_on_or_before(day)) for day in days]
    now = positions[-1].total
    notes = {
        "in_post": f"{now.in_post_headcount:,} workers",
        "agency": f"{now.agency_headcount:,} workers",
        "vacancies": f"of {now.establishment_fte:,.1f} funded",
    }
    tiles = [
        Tile(
            key,
            label,
            unit,
            tuple(pick(p.total) for p in positions),
            _england_for(key, england),
            notes.get(key, "") or (no_england_figure(as_at) if key in ENGLAND_COMPARABLE else ""),
            short_note="no England figure" if key in ENGLAND_COMPARABLE else "",
        )
        for key, label, unit, pick in TILE_FIGURES
    ]
    hours = history.settings.standard_hours
    caps = load_price_caps(db)
    over = over_cap(history.spells, caps, as_at, hours)
    young = under_three_years_pqe(history.spells, as_at)
    tiles.append(
        Tile(
            "agency_spend",
            "Agency spend (a year)",
            "money",
            tuple(annualised_spend(history.spells, day, hours) for day in days),
            note=f"{over.count:,} over cap" if caps else "no price caps held",
            short_label="Agency £ a year",
        )
    )
    measured = sum(1 for w in pressures[-1] if w.utilisation is not None and w.cases > 0)
    tiles.append(
        Tile(
            "over_capacity",
            "Over capacity",
            "count",
            tuple(float(sum(1 for w in month if w.over_capacity)) for month in pressures),
            note=f"of {measured:,} holders",
        )
    )
    return Overview(
        as_at=as_at,
        months=tuple(days),
        tiles=tuple(tiles),
        alerts=tuple(
            reference_alerts(pressures[-1], now, history.settings) + agency_alerts(over, young)
        ),
        england=england,
    )


def reference_team_summaries(db: Database, as_at: date) -> list[TeamSummary]:
    """The Overview's by-team table as it was computed before."""
    spells = load_role_spells(db, started_by=as_at, workers_in_post_since=year_before(as_at))
    counts = load_case_counts(db, on_or_before=as_at, latest_only=True)
    position = workforce_position(spells, load_establishment(db), counts, as_at)
    pressures = worker_pressures(
        spells, counts, as_at, load_settings(db), team_targets(db), cohort_starts(db)
    )
    over = Counter(p.team for p in pressures if p.over_capacity)
    pressure = {group.name: group for group in by_team(pressures)}
    return [
        TeamSummary(
            team=name,
            in_post_fte=figures.in_post_fte,
            agency_fte=figures.agency_fte,
            vacancy_rate=figures.vacancy_rate,
            agency_rate=figures.agency_rate,
            turnover_rate=figures.turnover_rate,
            caseload=figures.caseload,
            utilisation=pressure[name].utilisation if name in pressure else None,
            over_capacity=over.get(name, 0),
        )
        for name, figures in position.teams.items()
    ]


# --- The comparisons. ----------------------------------------------------------------------------

DATES = (DEMO_AS_AT, date(2023, 3, 15), date(2020, 11, 30), date(2019, 2, 28))


def _assert_same(db: Database, as_at: date) -> None:
    assert build_overview(db, as_at) == reference_overview(db, as_at)
    assert build_overview(db, as_at, months=2) == reference_overview(db, as_at, months=2)
    assert team_summaries(db, as_at) == reference_team_summaries(db, as_at)
    overview, teams = overview_and_teams(db, as_at)
    assert overview == reference_overview(db, as_at)
    assert teams == reference_team_summaries(db, as_at)
    # The screen's stages: the spells loaded once, the counts of two days, then of all 24.
    assert list(overview_in_stages(db, as_at)) == [
        (reference_overview(db, as_at, months=2), []),
        (overview, teams),
    ]


@pytest.mark.parametrize("as_at", DATES)
def test_the_demo_gives_what_it_gave(demo_db: Database, as_at: date) -> None:
    _assert_same(demo_db, as_at)


@pytest.mark.slow
def test_ten_times_the_demo_gives_what_it_gave(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _assert_same(store, DEMO_AS_AT)
    _assert_same(store, date(2024, 2, 29))
    # thousands are separated in the notes as in the figures ("3,010 workers", not "3010")
    notes = {tile.key: tile.note for tile in build_overview(store, DEMO_AS_AT).tiles}
    assert notes["in_post"].endswith(" workers") and "," in notes["in_post"]
    assert notes["over_capacity"].startswith("of ") and "," in notes["over_capacity"]
    store.close()


@pytest.mark.parametrize("as_at", DATES)
def test_stressed_settings_and_counts_give_what_they_gave(
    stressed: Database,  # noqa: F811 (the fixture imported above)
    as_at: date,
) -> None:
    _assert_same(stressed, as_at)
