"""Opening the store: private file, pragmas, migrations, and clear errors."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from cswork.store import SCHEMA_VERSION, StoreError, open_db, schema_version
from cswork.store.db import _migrations, migrate


def test_new_database_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "new.db"
    open_db(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_schema_is_at_the_latest_version_and_migrating_again_is_a_no_op(tmp_path: Path) -> None:
    db = open_db(tmp_path / "x.db")
    assert schema_version(db) == SCHEMA_VERSION >= 1
    assert migrate(db) == []
    for table in (
        "teams",
        "workers",
        "role_spells",
        "establishment",
        "caseloads",
        "demand",
        "cohorts",
        "indicators",
        "indicator_values",
        "imports",
        "import_changes",
        "settings",
        "scenarios",
        "absences",
    ):
        assert table in db.table_names()


def test_foreign_keys_and_wal_are_on(tmp_path: Path) -> None:
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date) "
            "VALUES (99, 99, 5, 'permanent', 1.0, '2024-01-01')"
        )


def test_impossible_values_are_refused_by_the_schema(db: object) -> None:
    from cswork.store import Database

    assert isinstance(db, Database)
    db.execute("INSERT INTO teams (name) VALUES ('T')")
    db.execute("INSERT INTO workers (employee_ref) VALUES ('E1')")
    for fte, start, end in ((1.6, "2024-01-01", None), (1.0, "2024-01-01", "2023-12-31")):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, "
                "start_date, end_date) VALUES (1, 1, 5, 'permanent', ?, ?, ?)",
                (fte, start, end),
            )


def test_missing_database_without_create_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cswork init"):
        open_db(tmp_path / "absent.db", create=False)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a cswork database"):
        open_db(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = open_db(tmp_path / "x.db")
    db.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    db.close()
    with pytest.raises(StoreError, match="newer than this cswork"):
        open_db(tmp_path / "x.db")


def test_migrations_ship_in_the_package() -> None:
    names = [name for _, name, _ in _migrations()]
    assert names[0] == "0001_initial.sql"
