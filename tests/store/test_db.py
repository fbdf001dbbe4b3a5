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


def _at_version_2(path: Path) -> sqlite3.Connection:
    """A database built by migrations 1 and 2 only, as cswork made them before 0003."""
    from cswork.store.db import _split_sql

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    for version, name, sql in _migrations()[:2]:
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, name))
    return conn


def test_migration_3_keeps_every_row_and_undoes_journals_written_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = _at_version_2(path)
    conn.executescript(
        """
        INSERT INTO teams (id, name) VALUES (1, 'North');
        INSERT INTO workers (id, employee_ref) VALUES (1, 'E1'), (2, 'E2');
        INSERT INTO role_spells (id, worker_id, team_id, org_role, contract, fte, start_date,
            covering_vacancy) VALUES (1, 1, 1, 5, 'permanent', 1.0, '2021-01-01', NULL),
            (2, 2, 1, 6, 'agency', 0.5, '2022-02-01', 1);
        INSERT INTO caseloads (id, worker_id, as_at, case_type, cases)
            VALUES (1, 1, '2025-09-30', 'CIN', 4), (2, 1, '2025-09-30', 'CP', 9);
        INSERT INTO imports (id, kind, file_name, sha256, started_at, outcome)
            VALUES (1, 'caseloads', 'c.csv', 'x', '2025-10-01T00:00:00', 'ok');
        INSERT INTO import_changes (import_id, table_name, row_id, op, before) VALUES
            (1, 'caseloads', 1, 'insert', NULL),
            (1, 'caseloads', 2, 'update',
             '{"id": 2, "worker_id": 1, "as_at": "2025-09-30", "case_type": "CP", "cases": 3}');
        """
    )
    spells = conn.execute("SELECT * FROM role_spells ORDER BY id").fetchall()
    conn.close()
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION >= 3
    # later migrations add columns after these, blank in rows written before them
    kept = db.execute("SELECT * FROM role_spells ORDER BY id").fetchall()
    assert [row[: len(spells[0])] for row in kept] == spells
    assert db.execute("SELECT last_row_id FROM import_changes").fetchall() == [(None,), (None,)]
    from cswork.services.imports import undo_import

    assert undo_import(db, 1).rows_restored == 2
    assert db.execute("SELECT id, cases FROM caseloads").fetchall() == [(2, 3)]


@pytest.mark.parametrize(
    ("table", "column", "good", "bad"),
    [
        ("role_spells", "contract", "fixed_term", "temp"),
        ("role_spells", "covering_vacancy", 1, 2),
        ("caseloads", "case_type", "ASSESSMENT", "cin"),
    ],
)
def test_rewritten_checks_accept_and_refuse_the_same_values(
    db: object, table: str, column: str, good: object, bad: object
) -> None:
    from cswork.store import Database

    assert isinstance(db, Database)
    db.execute("INSERT INTO teams (id, name) VALUES (1, 'T')")
    db.execute("INSERT INTO workers (id, employee_ref) VALUES (1, 'E1')")
    row = {
        "role_spells": {
            "worker_id": 1, "team_id": 1, "org_role": 5, "contract": "permanent", "fte": 1.0,
            "start_date": "2024-01-01",
        },
        "caseloads": {"worker_id": 1, "as_at": "2025-09-30", "case_type": "CIN", "cases": 1},
    }[table]  # fmt: skip
    names = [*row, column] if column not in row else list(row)
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    db.execute(sql, [{**row, column: good}[name] for name in names])
    db.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(sql, [{**row, column: bad}[name] for name in names])
