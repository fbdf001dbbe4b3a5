"""Fixtures for import tests: writing generated extracts and importing them into a fresh store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cswork.importers import ImportOptions
from cswork.services.imports import ImportResult, run_import
from cswork.store import Database

WriteFile = Callable[[str, str], Path]
WriteWorkbook = Callable[[str, dict[str, list[list[object]]]], Path]
Import = Callable[..., ImportResult]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write text (UTF-8) to a file in the test's directory and return its path."""

    def _write(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8", newline="")
        return path

    return _write


@pytest.fixture
def xlsx(tmp_path: Path) -> WriteWorkbook:
    """Write a workbook (sheet name -> rows) to a file in the test's directory; return its path."""

    def _xlsx(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return _xlsx


@pytest.fixture
def load(db: Database) -> Import:
    """Import a file of a kind into the test's store, with options as keywords."""

    def _load(kind: str, path: Path, *, dry_run: bool = False, **options: Any) -> ImportResult:
        return run_import(db, kind, path, ImportOptions(**options), dry_run=dry_run)

    return _load
