"""Shared fixtures: a fresh empty store, and one demo authority generated per test session."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from cswork.demo import generate_demo
from cswork.store import Database, open_db
from cswork.store.swe import KEY_ENV_VAR

DEMO_SEED = 7
DEMO_AS_AT = date(2025, 9, 30)


@pytest.fixture(scope="session", autouse=True)
def swe_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test hashes SWE numbers with a key of its own session, never the user's."""
    path = tmp_path_factory.mktemp("config") / "swe.key"
    previous = os.environ.get(KEY_ENV_VAR)
    os.environ[KEY_ENV_VAR] = str(path)
    yield path
    if previous is None:
        os.environ.pop(KEY_ENV_VAR, None)
    else:
        os.environ[KEY_ENV_VAR] = previous


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The user cache directory (where the census schema is kept) is the session's own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def private_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test remembers the app's preferences in its own folder, never the user's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CSWORK_CONFIG_DIR", str(folder))
    return folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives the Textual app (``run_test`` or an SVG snapshot) ``pilot``:
    they are the heavy ones, and ``-m "not pilot"`` leaves them out of a quick run."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        drives_app = "snap_compare" in getattr(item, "fixturenames", ())
        drives_app = drives_app or ".run_test(" in inspect.getsource(function)
        if drives_app:
            item.add_marker(pytest.mark.pilot)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database."""
    store = open_db(tmp_path / "test.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo authority (seed 7, as at 30 September 2025), generated once. Treat as read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_db(path)
    generate_demo(store, seed=DEMO_SEED, as_at=DEMO_AS_AT)
    store.close()
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    """The session's demo authority, opened read-only."""
    store = open_db(demo_path, create=False)
    yield store
    store.close()


#: Tables an import may touch; the import log itself is checked separately.
LOG_TABLES = frozenset(
    {"imports", "import_changes", "schema_migrations", "history_version", "derived_figures"}
)


def dump_tables(store: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every data table, in rowid order, for before/after comparisons. The share_
    tables are left out: they are figures computed from the others (tests/services/test_share.py)."""
    return {
        name: [tuple(row) for row in store.execute(f"SELECT * FROM [{name}] ORDER BY rowid")]
        for name in sorted(store.table_names())
        if name not in LOG_TABLES and not name.startswith("share_")
    }


@pytest.fixture
def dump() -> Callable[[Database], dict[str, list[tuple[object, ...]]]]:
    """A function dumping every data table of a store."""
    return dump_tables


CENSUS_PROBLEMS_SQL = """
INSERT INTO teams (id, name) VALUES (1, 'Help and Protection');
INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) VALUES (1, 5, 5, '2020-01-01');
INSERT INTO workers (id, employee_ref, swe_number, qualified_date) VALUES
  (1, 'E1', 'ZZ0000000001', '2015-06-30'),
  (2, 'E2', NULL, '2016-06-30'),
  (3, 'E3', 'ZZ0000000003', '2017-06-30'),
  (4, 'E4', 'ZZ0000000004', '2018-06-30'),
  (5, 'E5', 'ZZ0000000005', '2014-06-30'),
  (6, 'AG1', 'ZZ0000000006', '2024-01-15');
INSERT INTO census_worker_details (worker_id, qual_inst, qual_level) VALUES
  (1, '["University of Demoshire"]', 1), (3, '["Westmoor University"]', 2),
  (4, '["Westmoor University"]', 1), (5, '["Westmoor University"]', 1),
  (6, '["Northfield University"]', 1);
INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date, end_date) VALUES
  (1, 1, 5, 'permanent', 1.0, '2020-01-06', NULL),
  (2, 1, 5, 'permanent', 0.0, '2021-03-01', NULL),
  (3, 1, 5, 'fixed_term', 0.5, '2022-05-03', NULL),
  (4, 1, 5, 'permanent', 0.8, '2019-09-02', '2025-03-31'),
  (5, 1, 5, 'permanent', 1.0, '2018-01-08', '2024-09-30'),
  (6, 1, 5, 'agency', 1.0, '2025-06-02', NULL);
INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES
  (1, '2025-09-30', 'CIN', 12), (2, '2025-09-30', 'CP', 5), (3, '2025-09-30', 'CIN', 30),
  (6, '2025-09-30', 'CLA', 14);
INSERT INTO census_returns (id, year, la_code, vacancy_fte, agency_fte, agency_headcount, workers)
  VALUES (1, 2024, '999', 1.0, 1.0, 1, 3);
INSERT INTO census_return_workers (return_id, worker_id, agency, org_role, role_start, fte30) VALUES
  (1, 1, 0, 5, '2019-06-03', 1.0), (1, 4, 0, 5, '2019-09-02', 0.8), (1, 5, 0, 5, '2018-01-08', 1.0);
"""


@pytest.fixture
def census_problems_path(tmp_path: Path) -> Path:
    """A small store whose 2025 census return holds one of each problem the check looks for:
    E2 has no SWE number or institution and 5 cases at FTE 0; E3 holds 30 cases at 0.5 FTE; E4
    left without a reason or destination; agency worker AG1 qualified in January 2024; E5 was in
    post in the stored 2024 return but has nothing in 2025; E1's service start differs from 2024's.
    """
    path = tmp_path / "census.db"
    store = open_db(path)
    with store.atomic():
        for statement in CENSUS_PROBLEMS_SQL.strip().split(";\n"):
            store.execute(statement)
    store.close()
    return path


#: The pooled authority the scale tests use: ten times the demo.
SCALE = 10


@pytest.fixture(scope="session")
def scaled_path(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo copied into :data:`SCALE` areas (``cswork demo --scale 10``), built once. Read-only."""
    from cswork.demo.scale import scale_demo

    path = tmp_path_factory.mktemp("scaled") / "scaled.db"
    path.write_bytes(demo_path.read_bytes())
    store = open_db(path, create=False)
    scale_demo(store, SCALE)
    store.close()
    return path


@pytest.fixture
def england_without_2024(monkeypatch: pytest.MonkeyPatch) -> None:
    """England's figures as if 2024's row were not held: a census year with no England figure."""
    from cswork import reference

    held = tuple(row for row in reference.england_rows() if row.year != 2024)
    monkeypatch.setattr(reference, "england_rows", lambda: held)
