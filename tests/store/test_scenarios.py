"""Stored scenarios: create, save, list, delete, and TOML export and import."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.projection.assumptions import Assumptions, PlannedCohort, RouteIntake
from cswork.store import Database
from cswork.store.scenarios import (
    ScenarioError,
    copy_scenario,
    create_scenario,
    delete_scenario,
    from_toml,
    get_scenario,
    list_scenarios,
    save_scenario,
    to_toml,
)

GROWTH = Assumptions(
    cohorts=(PlannedCohort(date(2026, 1, 26), 12), PlannedCohort(date(2026, 7, 6), 10)),
    leaver_rate_experienced=0.125,
    demand_growth=0.05,
    runs=500,
)


def test_save_list_get_and_delete(db: Database) -> None:
    create_scenario(db, "growth", GROWTH)
    save_scenario(db, "baseline", Assumptions())
    assert [s.name for s in list_scenarios(db)] == ["baseline", "growth"]
    stored = get_scenario(db, "growth")
    assert stored is not None and stored.assumptions == GROWTH
    save_scenario(db, "growth", Assumptions())
    again = get_scenario(db, "growth")
    assert again is not None and again.assumptions == Assumptions()
    assert again.created_at == stored.created_at
    delete_scenario(db, "growth")
    assert get_scenario(db, "growth") is None


def test_copy(db: Database) -> None:
    create_scenario(db, "growth", GROWTH)
    assert copy_scenario(db, "growth", "growth 2") == GROWTH
    copied = get_scenario(db, "growth 2")
    assert copied is not None and copied.assumptions == GROWTH
    with pytest.raises(ScenarioError, match="no scenario called 'nothing'"):
        copy_scenario(db, "nothing", "x")
    with pytest.raises(ScenarioError, match="scenario 'growth' already exists"):
        copy_scenario(db, "growth 2", "growth")


def test_errors_name_the_scenario(db: Database) -> None:
    create_scenario(db, "growth", GROWTH)
    with pytest.raises(ScenarioError, match="scenario 'growth' already exists"):
        create_scenario(db, "growth", GROWTH)
    with pytest.raises(ScenarioError, match="no scenario called 'nothing'"):
        delete_scenario(db, "nothing")
    with pytest.raises(ScenarioError, match="scenario name '-x' must start with a letter or digit"):
        save_scenario(db, "-x", GROWTH)


ROUTES = Assumptions(
    route_intakes=(
        RouteIntake("international", 10.0, 6, 8000.0),
        RouteIntake("apprenticeship", 4.0, 36, 27000.0),
    ),
    route_leaver_rates=(("academy", 0.12), ("international", 0.25)),
)


@pytest.mark.parametrize("assumptions", [GROWTH, Assumptions(), ROUTES])
def test_toml_round_trip(assumptions: Assumptions) -> None:
    name, back = from_toml(to_toml("my plan", assumptions))
    assert (name, back) == ("my plan", assumptions)


def test_toml_written_by_hand_is_read() -> None:
    text = 'name = "lean"\nruns = 200\n[[cohorts]]\nstart = "2026-01-26"\nsize = 8\n'
    name, assumptions = from_toml(text)
    assert name == "lean"
    assert assumptions.runs == 200
    assert assumptions.cohorts == (PlannedCohort(date(2026, 1, 26), 8),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not valid TOML"),
        ("runs = 5\n", 'the file needs a top-level name = "..."'),
        ('name = "x"\nno_show_rate = 2\n', "no_show_rate must be between 0 and 1, not 2"),
        ('name = "x"\nspeed = 2\n', "unknown assumption 'speed'"),
        ('name = "x"\ncohorts = 5\n', "cohorts must be a list of start and size, not 5"),
        ('name = "x"\n[[cohorts]]\nstart = 7\nsize = 2\n', "cohorts: start 7 is not a date"),
    ],
)
def test_bad_toml_is_rejected_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        from_toml(text)
