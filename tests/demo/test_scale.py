"""``cswork demo --scale N``: the demo copied into N areas of one pooled authority."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from cswork.cli import app
from cswork.demo.scale import MAX_SCALE, scale_demo, swe_prefix
from cswork.services.summary import build_summary
from cswork.store import Database, open_db
from tests.conftest import DEMO_AS_AT, SCALE, dump_tables

COPIED = (
    "teams",
    "workers",
    "role_spells",
    "establishment",
    "caseloads",
    "census_worker_details",
    "continuity",
)


def _count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0])


@pytest.fixture
def scaled_db(scaled_path: Path) -> Database:
    return open_db(scaled_path, create=False)


def test_every_table_of_the_workforce_is_copied_into_each_area(
    demo_db: Database, scaled_db: Database
) -> None:
    for table in COPIED:
        assert _count(scaled_db, table) == SCALE * _count(demo_db, table), table
    assert _count(scaled_db, "cohorts") == _count(demo_db, "cohorts")
    assert _count(scaled_db, "indicator_values") == _count(demo_db, "indicator_values")


def test_names_refs_and_swe_numbers_are_distinct_and_well_formed(scaled_db: Database) -> None:
    for column, table in (("name", "teams"), ("employee_ref", "workers")):
        values = [r[0] for r in scaled_db.execute(f"SELECT {column} FROM {table}")]
        assert len(set(values)) == len(values), column
    swe = [r[0] for r in scaled_db.execute("SELECT swe_number FROM workers")]
    assert len(set(swe)) == len(swe)
    assert all(re.fullmatch(r"Z[A-Z]\d{10}", number) for number in swe)
    names = {r[0] for r in scaled_db.execute("SELECT name FROM teams")}
    assert {"Assessment 1", "Assessment 1 (area 2)", f"Assessment 1 (area {SCALE})"} <= names


def test_demand_and_planned_cohorts_grow_with_the_pool(
    demo_db: Database, scaled_db: Database
) -> None:
    query = "SELECT month, measure, value FROM demand ORDER BY month, measure"
    small, large = demo_db.execute(query).fetchall(), scaled_db.execute(query).fetchall()
    assert [(m, k, v * SCALE) for m, k, v in small] == large
    query = "SELECT name, planned_size FROM cohorts ORDER BY name"
    small, large = demo_db.execute(query).fetchall(), scaled_db.execute(query).fetchall()
    assert [(n, None if s is None else s * SCALE) for n, s in small] == large


def test_each_area_has_the_demo_figures(demo_db: Database, scaled_db: Database) -> None:
    demo = build_summary(demo_db, DEMO_AS_AT).position
    pooled = build_summary(scaled_db, DEMO_AS_AT).position
    for name, figures in demo.teams.items():
        for area in (2, SCALE):
            assert pooled.teams[f"{name} (area {area})"] == figures
    assert pooled.total.in_post_headcount == SCALE * demo.total.in_post_headcount
    assert pooled.total.caseload == pytest.approx(demo.total.caseload)


def test_a_scale_of_one_is_the_demo_itself(tmp_path: Path, demo_path: Path) -> None:
    path = tmp_path / "one.db"
    path.write_bytes(demo_path.read_bytes())
    store = open_db(path, create=False)
    before = dump_tables(store)
    scale_demo(store, 1)
    assert dump_tables(store) == before


def test_scale_out_of_range_is_refused(demo_db: Database) -> None:
    for scale in (0, MAX_SCALE + 1):
        with pytest.raises(ValueError, match="scale"):
            scale_demo(demo_db, scale)


def test_swe_prefixes_are_distinct_and_never_a_real_one() -> None:
    prefixes = [swe_prefix(area) for area in range(1, MAX_SCALE + 1)]
    assert prefixes[:3] == ["ZZ", "ZY", "ZX"]
    assert len(set(prefixes)) == MAX_SCALE
    assert "SW" not in prefixes


def test_the_command_builds_a_pool_and_checks_its_range(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "pool.db"
    args = ["demo", "--db", str(path), "--no-open", "--as-at", "2025-09-30"]
    result = runner.invoke(app, [*args, "--scale", "2"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "1,992 workers, 2,300 role spells, 20 teams in 2 areas" in said
    refused = runner.invoke(app, [*args, "--force", "--scale", str(MAX_SCALE + 1)])
    assert refused.exit_code == 2
    demo = typer.main.get_group(app).commands["demo"]
    scale = next(p for p in demo.params if p.name == "scale")
    assert scale.type.max == MAX_SCALE  # type: ignore[attr-defined]
