"""Shared fixtures: a fresh empty store, and one demo authority generated per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from cswork.demo import generate_demo
from cswork.store import Database, open_db

DEMO_SEED = 7
DEMO_AS_AT = date(2025, 9, 30)


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
LOG_TABLES = frozenset({"imports", "import_changes", "schema_migrations"})


def dump_tables(store: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every data table, in rowid order, for before/after comparisons."""
    return {
        name: [tuple(row) for row in store.execute(f"SELECT * FROM [{name}] ORDER BY rowid")]
        for name in sorted(store.table_names())
        if name not in LOG_TABLES
    }


@pytest.fixture
def dump() -> Callable[[Database], dict[str, list[tuple[object, ...]]]]:
    """A function dumping every data table of a store."""
    return dump_tables
