"""Importing a census return: the sample imports with warnings; export → import → export gives the
same return; SWE numbers are hashed unless kept; the same year twice is refused; undo is exact."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cswork.csww.write import return_xml
from cswork.importers import ImportOptions
from cswork.services.census import build_census, check_census
from cswork.services.imports import run_import, undo_import
from cswork.store import Database, open_db

SAMPLE = Path(__file__).resolve().parents[1] / "csww" / "data" / "sample_2022.xml"
LACKING_QUAL_INST = {4, 6, 8, 11, 12, 13, 18, 20, 21, 22, 25, 26}


def _content(document: bytes) -> tuple[object, ...]:
    """A return's content: LA code, year, LA-level figures and the worker records in any order."""
    root = ET.fromstring(document)
    la_level = tuple((c.tag, c.text) for c in root.iterfind("LALevelVacancies/*"))
    workers = sorted(tuple((c.tag, c.text) for c in worker) for worker in root.iter("CSWWWorker"))
    header = (root.findtext("Header/Source/LEA"), root.findtext("Header/CollectionDetails/Year"))
    return header, la_level, tuple(workers)


def _export(db: Database, year: int, path: Path) -> Path:
    path.write_bytes(return_xml(build_census(db, year, "999")))
    return path


def test_the_sample_imports_with_warnings_naming_the_workers_without_qual_inst(
    db: Database,
) -> None:
    result = run_import(db, "csww", SAMPLE)
    assert result.outcome == "ok", result.problems
    assert (result.counts.read, result.counts.added, result.counts.skipped) == (30, 30, 0)
    lacking = {
        int(m.group(1))
        for w in result.warnings
        if (m := re.match(r"CSWWWorker (\d+) \(SWENo \w+\): no qualifying institution", w))
    }
    assert lacking == LACKING_QUAL_INST
    stored = db.execute("SELECT year, la_code, vacancy_fte, workers FROM census_returns").fetchall()
    assert stored == [(2022, "301", 79.68, 30)]


def test_export_import_export_round_trips(demo_db: Database, tmp_path: Path) -> None:
    first = _export(demo_db, 2025, tmp_path / "first.xml")
    store = open_db(tmp_path / "fresh.db")
    result = run_import(store, "csww", first, ImportOptions(keep_swe=True))
    assert result.outcome == "ok", result.problems
    assert result.warnings == ()
    second = _export(store, 2025, tmp_path / "second.xml")
    content = _content(first.read_bytes())
    assert len(content[1]) == 3 and len(content[2]) > 300
    assert _content(second.read_bytes()) == content


def test_swe_numbers_are_hashed_unless_kept(demo_db: Database, tmp_path: Path) -> None:
    exported = _export(demo_db, 2025, tmp_path / "csww.xml")
    store = open_db(tmp_path / "hashed.db")
    assert run_import(store, "csww", exported).outcome == "ok"
    numbers = [r[0] for r in store.execute("SELECT swe_number FROM workers").fetchall()]
    assert numbers and all(n.startswith("hmac-sha256:") and len(n) == 76 for n in numbers)
    refs = [r[0] for r in store.execute("SELECT employee_ref FROM workers").fetchall()]
    assert all(re.fullmatch(r"CSWW-[0-9a-f]{12}", ref) for ref in refs)
    findings = check_census(store, 2025, "999")
    assert {f.rule for f in findings} >= {"swe_missing"}
    assert all("--keep-swe" in f.fix for f in findings if f.rule == "swe_missing")


def test_a_second_return_for_the_same_year_is_refused(db: Database, tmp_path: Path) -> None:
    assert run_import(db, "csww", SAMPLE).outcome == "ok"
    changed = tmp_path / "again.xml"
    changed.write_bytes(SAMPLE.read_bytes().replace(b"<LEA>301</LEA>", b"<LEA>302</LEA>"))
    result = run_import(db, "csww", changed)
    assert result.outcome == "failed"
    assert [(p.column, p.reason) for p in result.problems] == [
        ("Year", "a return for this year is already stored: undo that import first")
    ]


def test_undo_puts_the_store_back_exactly(
    demo_copy: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    before = dump(demo_copy)
    result = run_import(demo_copy, "csww", SAMPLE)
    assert result.import_id is not None
    assert dump(demo_copy) != before
    undo_import(demo_copy, result.import_id)
    assert dump(demo_copy) == before


def test_a_dry_run_reports_and_writes_nothing(
    db: Database, dump: Callable[[Database], object]
) -> None:
    before = dump(db)
    result = run_import(db, "csww", SAMPLE, dry_run=True)
    assert result.outcome == "dry-run"
    assert result.counts.added == 30
    assert dump(db) == before


def test_a_file_that_is_not_a_return_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "not.xml"
    path.write_text("<Message><Header>", encoding="utf-8")
    result = run_import(db, "csww", path)
    assert result.outcome == "failed"
    assert result.problems[0].reason.startswith("not well-formed XML")
    assert db.execute("SELECT COUNT(*) FROM workers").fetchone()[0] == 0


@pytest.fixture
def demo_copy(demo_path: Path, tmp_path: Path) -> Database:
    path = tmp_path / "demo.db"
    shutil.copy(demo_path, path)
    return open_db(path)


def test_workers_already_held_keep_their_spells(demo_copy: Database, tmp_path: Path) -> None:
    exported = _export(demo_copy, 2025, tmp_path / "csww.xml")
    spells = demo_copy.execute("SELECT * FROM role_spells ORDER BY id").fetchall()
    result = run_import(demo_copy, "csww", exported)
    assert result.outcome == "ok", result.problems
    assert result.counts.added == 0
    assert demo_copy.execute("SELECT * FROM role_spells ORDER BY id").fetchall() == spells
    assert any(re.match(r"CSWWWorker \d+ is E\d+, who has role spells", d) for d in result.details)


def test_the_previous_years_return_feeds_the_year_on_year_check(
    demo_copy: Database, tmp_path: Path
) -> None:
    previous = _export(demo_copy, 2024, tmp_path / "csww2024.xml")
    assert run_import(demo_copy, "csww", previous).outcome == "ok"
    rules = {f.rule for f in check_census(demo_copy, 2025)}
    assert not rules & {"yoy_missing", "yoy_start_changed"}
    demo_copy.execute(
        "UPDATE census_return_workers SET role_start = '2001-01-01' WHERE id = "
        "(SELECT MIN(c.id) FROM census_return_workers c JOIN role_spells s "
        "ON s.worker_id = c.worker_id WHERE c.agency = 0 AND c.fte30 IS NOT NULL "
        "AND s.end_date IS NULL)"
    )
    assert "yoy_start_changed" in {f.rule for f in check_census(demo_copy, 2025)}
