"""Every figure in the demo's paper equals the matching ``--json`` command: the HTML parsed back with
lxml, the Word file with python-docx, and each number a key message states is a table cell."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cswork.model.measures import round_half_up
from cswork.model.months import year_before
from cswork.render.format import fte as format_fte
from cswork.report.outlook import cost_difference_words, milestones
from cswork.report.workforce import POSITION_ROWS, TEAM_COLUMNS
from cswork.services.summary import build_summary, summary_json
from cswork.store import open_db
from tests.conftest import DEMO_AS_AT
from tests.report.conftest import Tables, figure, html_tables, numbers

CliJson = Callable[..., Any]


def same(cell: str, value: float | None, places: int = 1) -> None:
    """The cell shows ``value`` rounded half up to ``places`` (a dash for ``None``)."""
    if value is None:
        assert figure(cell) is None, cell
        return
    assert figure(cell) == pytest.approx(round_half_up(value, places)), (cell, value)


@pytest.fixture(scope="module")
def tables(demo_files: dict[str, Path]) -> Tables:
    return html_tables(demo_files["html"])


def by_label(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows}


@pytest.fixture
def summary_at(report_db: Path, cli_json: CliJson) -> Callable[[date], dict[str, Any]]:
    """``cswork summary --json`` as at a date, with its FTE figures unrounded: the paper rounds
    each once, as the terminal does (rounded to two places first, 276.448 FTE would read 276.5
    on paper and 276.4 on screen)."""

    def at(on: date) -> dict[str, Any]:
        db = open_db(report_db, create=False)
        try:
            exact = summary_json(build_summary(db, on), exact_fte=True)
        finally:
            db.close()
        printed = cli_json("summary", "--as-at", on.isoformat(), "--json")
        assert _to_two_places(exact) == printed  # the same figures, but for the rounding
        return exact

    return at


def _to_two_places(data: Any, key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: _to_two_places(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_to_two_places(v, key) for v in data]
    return round(data, 2) if key.endswith("_fte") else data


def test_position_table_is_cswork_summary_at_three_dates(
    tables: Tables, summary_at: Callable[[date], dict[str, Any]]
) -> None:
    headers, rows = tables["position"]
    dates = [DEMO_AS_AT, date(2025, 8, 31), year_before(DEMO_AS_AT)]
    summaries = [summary_at(d) for d in dates]
    assert headers[1:4] == ["30 Sep 2025", "31 Aug 2025", "30 Sep 2024"]
    table = by_label(rows)
    assert list(table) == [label for label, *_ in POSITION_ROWS]
    for label, key, _, england_key in POSITION_ROWS:
        row = table[label]
        for column, summary in enumerate(summaries, start=1):
            same(row[column], summary[key])
        now, month, year = (s[key] for s in summaries)
        if now is not None and year is not None:
            same(row[5], round_half_up(now, 1) - round_half_up(year, 1))  # type: ignore[operator]
            same(row[4], round_half_up(now, 1) - round_half_up(month, 1))  # type: ignore[operator]
        england = summaries[0]["england"]
        same(row[6], england[england_key] if england_key else None)
    assert headers[6] == f"England {summaries[0]['england']['year']}"


def test_every_fte_on_paper_reads_as_the_terminal_shows_it(
    tables: Tables, summary_at: Callable[[date], dict[str, Any]]
) -> None:
    """Rounded once, half up: the demo's Disabled Children have 6.347 FTE vacant, 6.35 in
    ``summary --json``, and read 6.3 in ``cswork summary``, on the Overview and on paper."""
    summary = summary_at(DEMO_AS_AT)
    _, rows = tables["position-teams"]
    teams = {t["team"]: t for t in summary["teams"]} | {"All teams": summary}
    fte_columns = [i for i, (_, key, _) in enumerate(TEAM_COLUMNS, start=1) if key.endswith("_fte")]
    assert fte_columns
    for row in rows:
        for column in fte_columns:
            key = TEAM_COLUMNS[column - 1][1]
            assert row[column] == format_fte(teams[row[0]][key]), (row[0], key)
    disabled = teams["Disabled Children"]["vacancy_fte"]
    assert round(disabled, 2) == 6.35 and format_fte(disabled) == "6.3"


def test_team_table_is_cswork_summary_by_team(
    tables: Tables, summary_at: Callable[[date], dict[str, Any]]
) -> None:
    summary = summary_at(DEMO_AS_AT)
    _, rows = tables["position-teams"]
    expected = [*((t["team"], t) for t in summary["teams"]), ("All teams", summary)]
    assert [row[0] for row in rows] == [name for name, _ in expected]
    for row, (_, data) in zip(rows, expected, strict=True):
        for cell, (_, key, _) in zip(row[1:], TEAM_COLUMNS, strict=True):
            same(cell, data[key])


def test_agency_totals_are_the_summary_agency_figures(
    tables: Tables, summary_at: Callable[[date], dict[str, Any]]
) -> None:
    summary = summary_at(DEMO_AS_AT)
    _, rows = tables["agency"]
    total = rows[-1]
    assert total[0] == "All teams"
    same(total[1], summary["agency_headcount"])
    same(total[2], summary["agency_fte"])
    teams = {t["team"]: t for t in summary["teams"]}
    for row in rows[:-1]:
        same(row[2], teams[row[0]]["agency_fte"])
    weekly = sum(figure(row[5]) or 0 for row in rows[:-1])
    assert figure(total[5]) == pytest.approx(weekly, abs=len(rows))  # each cell rounded to £1


def test_pressure_tables_are_cswork_pressure(tables: Tables, cli_json: CliJson) -> None:
    data = cli_json("pressure", "--as-at", DEMO_AS_AT.isoformat(), "--json")
    _, rows = tables["pressure"]
    groups = [*data["teams"], data["total"]]
    assert [row[0] for row in rows] == [g["team"] for g in groups]
    for row, group in zip(rows, groups, strict=True):
        same(row[1], group["case_holders"], 0)
        same(row[2], group["cases"], 0)
        same(row[3], group["caseload"])
        same(row[4], group["weighted_caseload"])
        same(row[5], group["utilisation"])
        for cell, count in zip(row[6:10], group["band_counts"].values(), strict=True):
            same(cell, count, 0)
        same(row[10], group["workers_over_capacity"], 0)
    _, breaches = tables["breaches"]
    breached = [c for c in data["nqsw_checks"] if c["breaches"]]
    assert breaches[-1] == ["Any breach", str(len(breached))]
    for row, kind in zip(
        breaches[:-1], ["over_case_limit", "over_protected_capacity"], strict=False
    ):
        same(row[1], sum(1 for c in breached if kind in c["breaches"]), 0)


def test_no_worker_reference_without_include_workers(
    demo_files: dict[str, Path], cli_json: CliJson
) -> None:
    data = cli_json("pressure", "--as-at", DEMO_AS_AT.isoformat(), "--json")
    refs = {w["ref"] for w in data["workers_over_capacity"]} | {
        c["ref"] for c in data["nqsw_checks"]
    }
    assert refs
    for path in demo_files.values():
        if path.suffix == ".docx":
            continue
        content = path.read_text(encoding="utf-8")
        assert not [ref for ref in refs if re.search(rf"\b{re.escape(ref)}\b", content)]


def test_cohort_tables_are_cswork_cohorts(tables: Tables, cli_json: CliJson) -> None:
    data = cli_json("cohorts", "--as-at", DEMO_AS_AT.isoformat(), "--json")
    _, rows = tables["cohorts"]
    expected = [*data["cohorts"], {**data["totals"], "cohort": "All cohorts", "planned_size": None}]
    assert [row[0] for row in rows] == [c["cohort"] for c in expected]
    for row, cohort in zip(rows, expected, strict=True):
        same(row[2], cohort["planned_size"], 0)
        for cell, key in zip(
            row[3:8], ["starters", "in_post", "left", "completed_asye", "in_asye"], strict=True
        ):
            same(cell, cohort[key], 0)
        same(row[8], cohort["retention"]["12"])
    _, retention = tables["retention"]
    totals = data["totals"]
    assert [row[0] for row in retention] == list(totals["retention"])
    for months, still, at_risk in retention:
        same(still, totals["retention"][months])
        same(at_risk, totals["at_risk"][months], 0)


def test_demand_table_is_cswork_demand(tables: Tables, cli_json: CliJson) -> None:
    data = cli_json("demand", "--as-at", "2025-09", "--json")
    headers, rows = tables["demand"]
    assert headers[1:3] == ["September 2025", "September 2024"]
    assert [row[0] for row in rows] == [m["label"] for m in data["measures"]]
    for row, measure in zip(rows, data["measures"], strict=True):
        same(row[1], measure["value"])
        same(row[2], measure["base_value"])
        same(row[3], measure["change_pct"])
        same(row[4], measure["rolling_12_change_pct"])


def test_indicator_tables_are_cswork_indicators(tables: Tables, cli_json: CliJson) -> None:
    data = cli_json("indicators", "--json")["indicators"]
    _, rows = tables["indicators"]
    assert [row[0] for row in rows] == [i["definition"] for i in data]
    for row, indicator in zip(rows, data, strict=True):
        same(row[2], indicator["value"])
        same(row[3], indicator["target"])
        assert row[4].lower().startswith(indicator["rag"] or "no target")
    _, statuses = tables["rag"]
    counts = [sum(1 for i in data if i["rag"] == rag) for rag in ("green", "amber", "red")]
    assert [figure(row[1]) for row in statuses] == [*counts, 0, len(data)]


def shown(value: float, key: str) -> float | None:
    """A projected figure as the outlook writes it: cost in £m from a million, else to the pound."""
    if key != "cost":
        return round_half_up(value, 1)
    if abs(value) >= 1_000_000:
        return round_half_up(value / 1_000_000, 2)
    return round_half_up(value, 0)


def test_outlook_is_cswork_project(tables: Tables, cli_json: CliJson) -> None:
    rows_json = cli_json(
        "project", "--as-at", DEMO_AS_AT.isoformat(), "--months", "24", "--format", "json"
    )
    _, rows = tables["outlook-baseline"]
    months = milestones(24)
    assert len(rows) == len(months)
    for row, month in zip(rows, months, strict=True):
        projected = rows_json[month - 1]
        for cell, key in zip(
            row[1:], ["in_post_fte", "agency_fte", "vacancy_rate", "cost"], strict=True
        ):
            median, low, high = numbers(cell)
            band = projected[key]
            assert [median, low, high] == pytest.approx(
                [shown(band[q], key) for q in ("p50", "p10", "p90")]
            ), (cell, band)


def test_every_key_message_number_is_a_table_cell(
    demo_files: dict[str, Path], tables: Tables
) -> None:
    from lxml import html

    tree = html.parse(str(demo_files["html"]))
    messages = [li.text_content() for li in tree.xpath("//section[@id='key-messages']//li")]
    assert 5 <= len(messages) <= 8
    cells = {
        n for _, rows in tables.values() for row in rows for cell in row for n in numbers(cell)
    }
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    for message in messages:
        undated = re.sub(rf"(\d{{1,2}} )?({months}) \d{{4}}", "", message)
        found = numbers(undated)
        assert found, message
        assert not [n for n in found if n not in cells], message


def test_word_tables_hold_the_same_cells_as_the_html(
    demo_files: dict[str, Path], tables: Tables
) -> None:
    import docx

    document = docx.Document(str(demo_files["docx"]))
    word = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    html_rows = [[headers, *rows] for headers, rows in tables.values()]
    assert word == html_rows


def test_compare_shows_the_differences_and_the_cumulative_cost(
    report_db: Path, tmp_path: Path, cli_json: CliJson
) -> None:
    from tests.report.conftest import run_cli

    db = ["--db", str(report_db)]
    run_cli("scenario", "new", "report-double", *db)
    run_cli("scenario", "set", "report-double", "cohorts", "2026-01-26:24,2026-07-06:24", *db)
    out = tmp_path / "compare.html"
    args = ["--as-at", DEMO_AS_AT.isoformat(), "--months", "12"]
    run_cli(
        "report",
        *db,
        *args,
        "--compare",
        "report-double",
        "--sections",
        "outlook",
        "--out",
        str(out),
    )
    both = cli_json("project", *args, "--compare", "report-double", "--format", "json")
    tables = html_tables(out)
    assert set(tables) == {"outlook-baseline", "outlook-report-double", "outlook-difference"}
    _, rows = tables["outlook-difference"]
    # the differences are project --compare's paired, run-by-run ones, not differences of medians
    difference = both["difference"]
    for row, month in zip(rows, milestones(12), strict=True):
        paired = difference[month - 1]
        same(row[1], paired["in_post_fte"]["p50"])
        same(row[2], paired["agency_fte"]["p50"])
        same(row[3], paired["vacancy_rate"]["p50"])
        assert figure(row[4]) == pytest.approx(shown(paired["cost"]["p50"], "cost"))
        median, low, high = re.fullmatch(r"(\S+) \((\S+)–(\S+)\)", row[5]).groups()  # type: ignore[union-attr]
        band = paired["cumulative_cost"]
        for cell, key in ((median, "p50"), (low, "p10"), (high, "p90")):
            assert figure(cell) == pytest.approx(shown(band[key], "cost"))
    total = both["cost_difference"]
    assert total["p10"] < total["p50"] < total["p90"]  # a band, not a difference of medians
    sentence = cost_difference_words("baseline", "report-double", difference[-1]["month"], total)
    assert html.escape(sentence) in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("band", "words"),
    [
        (
            {"p10": -127_970.0, "p50": -107_290.0, "p90": -81_880.0},
            "costs £107,290 less than 'baseline' (likely range £81,880 to £127,970 less)",
        ),
        (
            {"p10": -40_000.0, "p50": 25_000.0, "p90": 1_250_000.0},
            "costs £25,000 more than 'baseline' (likely range from £40,000 less to £1.25m more)",
        ),
        (
            {"p10": 10_000.0, "p50": 20_000.0, "p90": 30_000.0},
            "costs £20,000 more than 'baseline' (likely range £10,000 to £30,000 more)",
        ),
        (
            {"p10": 0.0, "p50": 0.0, "p90": 0.0},
            "costs the same as 'baseline' (the same random numbers, and no difference)",
        ),
        ({"p10": -5_000.0, "p50": -5_000.0, "p90": -5_000.0}, "costs £5,000 less than 'baseline'"),
    ],
)
def test_cost_difference_in_words(band: dict[str, float], words: str) -> None:
    sentence = cost_difference_words("baseline", "double", "2027-09", band)
    assert sentence == f"By September 2027, scenario 'double' {words}"


def test_money_table_is_cswork_costs_and_agency(tables: Tables, cli_json: CliJson) -> None:
    costs = cli_json("costs", "--as-at", DEMO_AS_AT.isoformat(), "--json")
    rules = cli_json("agency", "--as-at", DEMO_AS_AT.isoformat(), "--json")
    _, rows = tables["money"]
    cells = {row[0]: figure(row[1]) for row in rows}
    assert cells["Agency spend this month"] == costs["spend"]["month"]
    assert cells["Agency spend, year to date"] == costs["spend"]["year_to_date"]
    assert cells["Agency spend a year at today's run rate"] == costs["spend"]["annualised"]
    assert cells["Premium over permanent cost, a year"] == costs["premium"]["annualised"]
    assert cells["Cost of vacancies, a year"] == costs["cost_of_vacancies"]["annualised"]
    assert cells["Assignments over the regional price cap"] == costs["over_cap"]["count"]
    assert cells["Charges over the cap, a year"] == costs["over_cap"]["excess_year"]
    assert cells["Agency workers under three years' PQE"] == len(rules["under_three_years_pqe"])
    assert costs["spend"]["annualised"] > 0 and costs["over_cap"]["count"] > 0  # the demo has both
