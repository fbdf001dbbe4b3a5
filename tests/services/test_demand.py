"""The demand and indicator reports from the store: defaults, errors, JSON, and the demo authority."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.services.demand import (
    DemandError,
    demand_json,
    demand_report,
    indicator_report,
    indicators_json,
)
from cswork.store import Database
from cswork.store.settings import set_setting


def _demand(db: Database, rows: list[tuple[str, str, float]]) -> None:
    with db.atomic():
        db.conn.executemany("INSERT INTO demand (month, measure, value) VALUES (?, ?, ?)", rows)


def _indicator(
    db: Database, code: str, direction: str, values: list[tuple[str, float, float | None]]
) -> None:
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO indicators (code, definition, direction, unit) VALUES (?, ?, ?, '%')",
            (code, f"Definition of {code}", direction),
        )
        db.conn.executemany(
            "INSERT INTO indicator_values (indicator_id, period, value, target) VALUES (?, ?, ?, ?)",
            [(cursor.lastrowid, *v) for v in values],
        )


def test_defaults_are_the_latest_month_against_twelve_months_earlier(db: Database) -> None:
    _demand(
        db,
        [
            ("2020-04", "referrals", 279),
            ("2021-03", "referrals", 500),
            ("2021-04", "referrals", 613),
            ("2021-04", "cin", 2010),
            ("2020-04", "cin", 1225),
        ],
    )
    report = demand_report(db)
    assert report.month == date(2021, 4, 1)
    assert report.base_month == date(2020, 4, 1)
    assert [m.measure for m in report.measures] == ["referrals", "cin"]
    referrals = report.measures[0]
    assert referrals.change.sentence == "Referrals: 613, compared with 279 in April 2020, +120 %"
    # The series runs from the first month held to the month reported, gaps as None.
    assert len(referrals.series) == 13
    assert referrals.series[1].value is None
    assert all(r.value is None for r in referrals.rolling)  # never 12 full months


def test_json_has_the_documented_keys_and_rounding(db: Database) -> None:
    _demand(db, [("2020-04", "referrals", 279), ("2021-01", "referrals", 613)])
    data = demand_json(demand_report(db, date(2021, 1, 1), date(2020, 4, 1)))
    assert data["month"] == "2021-01"
    assert data["base_month"] == "2020-04"
    (referrals,) = data["measures"]
    assert {"measure", "month", "value", "base_month", "base_value", "change_pct"} <= set(referrals)
    assert referrals["measure"] == "referrals"
    assert referrals["value"] == 613
    assert referrals["base_value"] == 279
    assert referrals["change_pct"] == 119.7  # 334 / 279 = 1.19713 → 119.7, half up
    assert referrals["rolling_12_mean"] is None


def test_a_measure_missing_in_the_base_month_is_null_not_zero(db: Database) -> None:
    _demand(
        db, [("2020-04", "referrals", 279), ("2021-04", "referrals", 613), ("2021-04", "cla", 400)]
    )
    cla = demand_json(demand_report(db))["measures"][1]
    assert cla["measure"] == "cla"
    assert cla["base_value"] is None
    assert cla["change_pct"] is None
    assert cla["sentence"] == "Children looked after: 400; no figure for April 2020 to compare with"


def test_a_base_month_with_no_figures_is_a_clear_error(db: Database) -> None:
    _demand(db, [("2020-04", "referrals", 279), ("2021-04", "referrals", 613)])
    with pytest.raises(DemandError) as raised:
        demand_report(db, date(2021, 4, 1), date(2019, 4, 1))
    assert str(raised.value) == (
        "no demand figures for the base month April 2019 (2019-04); "
        "figures are held from April 2020 to April 2021"
    )


def test_the_default_base_must_be_held_too(db: Database) -> None:
    _demand(db, [("2021-03", "referrals", 500), ("2021-04", "referrals", 613)])
    with pytest.raises(
        DemandError, match=r"no demand figures for the base month April 2020 \(2020-04\)"
    ):
        demand_report(db)


def test_a_month_with_no_figures_is_a_clear_error(db: Database) -> None:
    _demand(db, [("2020-04", "referrals", 279)])
    with pytest.raises(
        DemandError,
        match=r"no demand figures for May 2020 \(2020-05\); figures are held from April 2020 to April 2020",
    ):
        demand_report(db, date(2020, 5, 1))


def test_the_base_must_come_before_the_month(db: Database) -> None:
    _demand(db, [("2020-04", "referrals", 279), ("2021-04", "referrals", 613)])
    with pytest.raises(
        DemandError,
        match=r"the base month \(2021-04\) must be before the month reported \(2020-04\)",
    ):
        demand_report(db, date(2020, 4, 1), date(2021, 4, 1))


def test_no_demand_at_all_says_how_to_get_some(db: Database) -> None:
    with pytest.raises(
        DemandError, match="no demand figures held: import some with 'cswork import demand FILE'"
    ):
        demand_report(db)


def test_indicator_report_judges_the_latest_period_with_the_amber_band_setting(
    db: Database,
) -> None:
    _indicator(db, "re-referrals", "lower", [("2025-08", 21.0, 22.0), ("2025-09", 23.0, 22.0)])
    _indicator(db, "unmeasured", "higher", [])
    data = indicators_json(indicator_report(db))
    assert data["amber_band_pct"] == 5.0
    (only,) = data["indicators"]
    assert only["code"] == "re-referrals"
    assert (only["period"], only["value"], only["target"]) == ("2025-09", 23.0, 22.0)
    assert only["rag"] == "amber"  # 23 is within 5 % of 22 (1.1) of the target
    assert only["trend"] == "worsening"
    assert (only["previous_period"], only["previous_value"]) == ("2025-08", 21.0)
    assert [h["period"] for h in only["history"]] == ["2025-08", "2025-09"]
    set_setting(db, "indicator_amber_band", "2")
    assert (
        indicators_json(indicator_report(db))["indicators"][0]["rag"] == "red"
    )  # 2 % of 22 = 0.44


def test_the_demo_surge_year_shows_a_marked_change(demo_db: Database) -> None:
    surge = {
        m.measure: m for m in demand_report(demo_db, date(2022, 9, 1), date(2021, 9, 1)).measures
    }
    referrals = surge["referrals"].change
    assert referrals.change_pct is not None and referrals.change_pct > 50
    assert surge["referrals"].rolling_change_pct is not None
    assert surge["referrals"].rolling_change_pct > 25
    assert len(surge) == 9
    latest = demand_report(demo_db)
    assert latest.month == date(2025, 9, 1)
    assert latest.base_month == date(2024, 9, 1)
    assert all(
        m.change.value is not None and m.change.base_value is not None for m in latest.measures
    )
