"""The history version is bumped by every write to the tables the projection history reads, in the
same transaction, so figures kept against it are never stale against cswork's own writes.

Two checks: every SQL write in cswork's source that can reach one of those tables sits in a function
that bumps the version (or is journalled by an import, whose journal bumps it); and, at run time,
every transaction of every public write path that writes one of them also bumps it (each statement
a connection runs is traced, with its table, and checked at commit).
"""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import cswork
import cswork.store.db as store_db
from cswork.store import Database, open_db
from cswork.store.derived import (
    HISTORY_TABLES,
    KEEP_PER_KIND,
    bump_history_version,
    clear_derived,
    history_version,
    read_derived,
    write_derived,
)

PACKAGE = Path(cswork.__file__).parent
_WRITE = re.compile(
    r"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"
    r"(?:\[|\")?([A-Za-z_{][\w{}.]*)"
)

#: Functions whose writes are an import's, each journalled (``Journal.flush`` bumps the version
#: when a journalled table is one the history reads), or undo's restoring (``undo`` bumps).
JOURNALLED = {
    ("store/apply_bulk.py", "_write"),
    ("store/apply_bulk.py", "flush"),
    ("store/apply_census.py", "_insert"),
    ("store/apply_common.py", "upsert"),
    ("store/apply_common.py", "create"),
    ("store/apply_staff.py", "close_absent"),
    ("store/apply_staff_staged.py", "write"),  # journalled by _journal as the careful writer does
    ("store/apply_tables.py", None),  # the caseload insert, run by _CaseloadWriter.write
    ("store/apply_tables.py", "_resolve"),
    ("store/apply_tables.py", "_staged_caseloads"),
    ("store/imports.py", "_restore"),
}
#: Functions that write only tables the history does not read, whatever their names say.
NOT_HISTORY = {
    ("store/share.py", "replace_share_tables"),  # share_* tables, named by their specs
    ("store/apply_staged.py", "load"),  # the temporary stage of a file's rows
    ("store/apply_staged.py", "value"),  # temporary maps of raw to parsed values
}


def _write_sites() -> Iterator[tuple[str, str | None, str, int, bool]]:
    """(module, function, table, line, whether the function calls bump_history_version) for every
    SQL write in cswork's source; a table named by an f-string is ``{}``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if isinstance(parents.get(node), ast.JoinedStr):
                    continue
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values
                )
            else:
                continue
            function: ast.AST | None = node
            while function is not None and not isinstance(
                function, ast.FunctionDef | ast.AsyncFunctionDef
            ):
                function = parents.get(function)
            bumps = function is not None and any(
                isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", None))
                == "bump_history_version"
                for call in ast.walk(function)
            )
            name = function.name if isinstance(function, ast.FunctionDef) else None
            for match in _WRITE.finditer(text):
                table = match.group(1)
                yield module, name, "{}" if "{" in table else table, node.lineno, bumps


def test_every_write_to_a_history_table_in_the_source_bumps_the_version() -> None:
    sites = list(_write_sites())
    assert any(table == "caseloads" for _, _, table, _, _ in sites)  # the scan finds writes
    missing = [
        f"{module}:{line} {function or '(module)'} writes {table}"
        for module, function, table, line, bumps in sites
        if (table in HISTORY_TABLES or table == "{}")
        and not bumps
        and (module, function) not in JOURNALLED
        and (module, function) not in NOT_HISTORY
    ]
    assert missing == [], "call bump_history_version in the same transaction"


def test_the_journalled_writers_are_imports_and_the_journal_bumps() -> None:
    source = (PACKAGE / "store" / "imports.py").read_text(encoding="utf-8")
    flush = source[source.index("    def flush(") : source.index("def start_import(")]
    assert "HISTORY_TABLES" in flush and "bump_history_version" in flush
    for module, function in JOURNALLED - {("store/imports.py", "_restore")}:
        text = (PACKAGE / module).read_text(encoding="utf-8")
        assert "journal" in text, f"{module} {function} writes without a journal"


class WriteAudit:
    """Traces every statement of the connections opened meanwhile and checks, as each transaction
    commits, that one writing a history table also bumped the version."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.history_writes = 0
        self._open: dict[int, tuple[set[str], bool]] = {}  # connection -> (tables, bumped)

    def attach(self, conn: sqlite3.Connection) -> None:
        key = id(conn)

        def trace(sql: str) -> None:
            self._statement(key, sql)

        conn.set_trace_callback(trace)

    def _statement(self, key: int, sql: str) -> None:
        text = sql.strip()
        head = text.split(None, 1)[0].upper() if text else ""
        if head == "BEGIN":
            self._open[key] = (set(), False)
            return
        if head in ("COMMIT", "END"):
            self._check(*self._open.pop(key, (set(), False)), sql)
            return
        if head == "ROLLBACK" and "TO" not in text.upper().split()[:2]:
            self._open.pop(key, None)
            return
        written = {m.group(1) for m in _WRITE.finditer(text[:400]) if head in _HEADS}
        bumped = head == "UPDATE" and "history_version" in text[:60]
        if key in self._open:
            tables, was = self._open[key]
            self._open[key] = (tables | written, was or bumped)
        elif written:
            self._check(written, bumped, sql)  # a statement committed on its own

    def _check(self, tables: set[str], bumped: bool, sql: str) -> None:
        history = tables & HISTORY_TABLES
        if history:
            self.history_writes += 1
            if not bumped:
                self.violations.append(f"{sorted(history)} written without a bump ({sql[:80]})")


_HEADS = {"INSERT", "UPDATE", "DELETE", "REPLACE"}


@pytest.fixture
def audit(monkeypatch: pytest.MonkeyPatch) -> WriteAudit:
    """Every connection cswork opens from now on is traced."""
    checker = WriteAudit()
    connect = store_db._connect

    def traced(path: Path, **options: object) -> sqlite3.Connection:
        conn = connect(path, **options)  # type: ignore[arg-type]
        checker.attach(conn)
        return conn

    monkeypatch.setattr(store_db, "_connect", traced)
    return checker


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


FILES = {
    "staff": "Emp Ref,Team,Role,Contract,FTE,Start,Leaving Date\n"
    "E1,North,5,Perm,1,2021-01-01,\nE2,North,5,Perm,1,2021-01-01,2024-03-31\n",
    "establishment": "Team,Role,FTE,Effective From\nNorth,5,3,2021-01-01\n",
    "caseloads": "Worker ID,As At,Case Type,Cases\nE1,30/09/2025,CIN,8\nE2,31/03/2024,CP,4\n",
    "cohorts": "Cohort,Start Date,Planned Size\nCohort 7,25/01/2021,12\n",
    "absence": "Emp Ref,Period Start,Period End,Working Days Lost,Absence Start,Return Date,"
    "Absence Type\nE1,01/10/2024,30/09/2025,12.5,,,Sick\nE1,,,,2023-02-01,2023-03-15,sickness\n",
    "demand": "Period,Measure,Count\nApr-21,Referrals,613\n",
}


def test_every_import_kind_and_its_undo_bump_the_version(audit: WriteAudit, tmp_path: Path) -> None:
    from cswork.services.imports import run_import, undo_import

    db = open_db(tmp_path / "store.db")
    results = []
    for kind, text in FILES.items():
        before = history_version(db)
        result = run_import(db, kind, _write(tmp_path, f"{kind}.csv", text))
        assert result.outcome == "ok", (kind, result.problems)
        results.append(result)
        if kind != "demand":  # demand is not part of the projection history
            assert history_version(db) > before, kind
    census = Path(__file__).resolve().parents[1] / "csww" / "data" / "sample_2022.xml"
    results.append(run_import(db, "csww", census))
    assert results[-1].outcome == "ok"
    for result in reversed(results):
        before = history_version(db)
        assert result.import_id is not None
        undo_import(db, result.import_id)
        if result.kind != "demand":
            assert history_version(db) > before, result.kind
    db.close()
    assert audit.history_writes >= 12
    assert audit.violations == []


def test_a_failed_import_changes_nothing_not_even_the_version(tmp_path: Path) -> None:
    from cswork.services.imports import run_import

    db = open_db(tmp_path / "store.db")
    before = history_version(db)
    bad = _write(
        tmp_path, "staff.csv", "Emp Ref,Team,Role,Contract,FTE,Start\nE1,North,5,Perm,x,y\n"
    )
    assert run_import(db, "staff", bad).outcome == "failed"
    assert history_version(db) == before
    db.close()


def test_settings_and_the_demo_build_bump_the_version(audit: WriteAudit, tmp_path: Path) -> None:
    from cswork.demo import generate_demo
    from cswork.demo.scale import scale_demo
    from cswork.services.settings import change_setting, restore_default
    from cswork.store.teams import ensure_team

    db = open_db(tmp_path / "demo.db")
    steps = [
        lambda: generate_demo(db, seed=3, as_at=date(2025, 9, 30)),
        lambda: scale_demo(db, 2),
        lambda: change_setting(db, "standard_hours", "36"),
        lambda: restore_default(db, "standard_hours"),
        lambda: ensure_team(db, "A new team"),
    ]
    for step in steps:
        before = history_version(db)
        step()
        assert history_version(db) > before
    db.close()
    assert audit.history_writes >= len(steps)
    assert audit.violations == []


def test_the_audit_sees_a_write_that_misses_the_bump(audit: WriteAudit, db: Database) -> None:
    fresh = open_db(Path(store_db.database_file(db)))
    with fresh.atomic():
        fresh.execute("INSERT INTO teams (name) VALUES ('Sneaky')")
    with fresh.atomic():
        bump_history_version(fresh)
        fresh.execute("INSERT INTO teams (name) VALUES ('Honest')")
    fresh.execute("UPDATE teams SET target_caseload = 12 WHERE name = 'Honest'")
    fresh.close()
    assert len(audit.violations) == 2 and "teams" in audit.violations[0]


def test_kept_figures_are_read_back_only_at_their_version_code_and_fingerprint(
    db: Database,
) -> None:
    version = history_version(db)
    write_derived(db, "skill", "k", version, "code", "fp", "line")
    assert read_derived(db, "skill", "k", version, "code", "fp") == "line"
    assert read_derived(db, "skill", "k", version, "other code", "fp") is None
    assert read_derived(db, "skill", "k", version, "code", "other fp") is None
    bump_history_version(db)
    assert read_derived(db, "skill", "k", history_version(db), "code", "fp") is None
    for n in range(KEEP_PER_KIND + 5):
        write_derived(db, "projection", f"p{n}", version, "code", "fp", str(n))
    kept = db.execute("SELECT key FROM derived_figures WHERE kind = 'projection'").fetchall()
    assert len(kept) == KEEP_PER_KIND and ("p0",) not in kept
    write_derived(db, "projection", "new", version + 1, "code", "fp", "x")
    assert (
        db.execute("SELECT COUNT(*) FROM derived_figures WHERE kind = 'projection'").fetchone()[0]
        == 1
    )  # figures of an older version go when one of the new version is kept
    assert clear_derived(db) == 2
