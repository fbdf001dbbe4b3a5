"""Staged imports (raw rows in a temporary table, see :mod:`cswork.store.apply_staged`) give what
the careful reader gives for files found in review to break them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cswork.importers import ImportOptions

from .test_by_column import _outcome, _staff_outcome

#: Empty columns after the header's last (a sheet saved as CSV with its whole used range): more
#: than SQLite allows in a table (2,000) and in a statement's parameters.
PAD = "," * 2100


def test_a_file_wider_than_sqlite_allows_imports_as_reading_it_row_by_row(tmp_path: Path) -> None:
    """The stage cannot hold it; the careful reader reads it (it used to stop the import with
    'the database could not be written (too many columns on cswork_stage)')."""
    rows = "".join(f"E{n},30/09/2025,CIN,{n}{PAD}\n" for n in range(1, 9))
    content = f"Worker,As At,Case Type,Cases{PAD}\n{rows}"
    staged = _outcome(tmp_path, content, 200, True, staged=True)
    assert staged == _outcome(tmp_path, content, 200, False)
    assert staged[0]["rows_added"] == 8


def test_a_wide_staff_file_imports_as_reading_it_row_by_row(tmp_path: Path) -> None:
    rows = "".join(f"E{n},North,5,Perm,1,2021-01-01{PAD}\n" for n in range(1, 9))
    content = f"Emp Ref,Team,Role,Contract,FTE,Start{PAD}\n{rows}"
    staged: Any = _staff_outcome(tmp_path, content, ImportOptions(), True, staged=True)
    assert staged == _staff_outcome(tmp_path, content, ImportOptions(), False)
    assert staged[0][0]["rows_added"] == 8
