"""Property: whatever the bytes or cells, an import ends in a clean result, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cswork.services.import_kinds import import_kinds
from cswork.services.imports import run_import
from cswork.store import open_db

_HEADERS = {
    "staff": [
        "Employee Number",
        "Team",
        "Job Title",
        "Contract Type",
        "FTE",
        "Start Date",
        "End Date",
    ],
    "caseloads": ["Worker", "As At", "Case Type", "Cases"],
    "demand": ["Month", "Referrals", "Contacts"],
    "cohorts": ["Cohort", "Start Date", "Planned Size"],
    "establishment": ["Team", "Role", "Funded FTE", "Effective From"],
}
_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            *("", "Total", "=1+1", "31/02/2021", "44227", "80%", "29.6 hrs", "Perm", "CIN"),
            *("E1", "5", "-1", "99999999999999999999", "2021-01", "North", "Social Worker"),
        ]
    ),
)


def _import(kind: str, content: bytes, suffix: str = ".csv") -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"extract{suffix}"
        path.write_bytes(content)
        db = open_db(Path(folder) / "x.db")
        try:
            result = run_import(db, kind, path)
            if result.outcome == "failed":
                assert result.problems and all(p.reason for p in result.problems)
            return result.outcome
        finally:
            db.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(_HEADERS)), content=st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(kind: str, content: bytes) -> None:
    assert _import(kind, content) in {"ok", "failed", "no-op"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=300))
def test_arbitrary_bytes_named_xlsx_never_raise(content: bytes) -> None:
    assert _import("staff", b"PK\x03\x04" + content, ".xlsx") in {"failed", "no-op", "ok"}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(_HEADERS)),
    rows=st.lists(st.lists(_CELLS, min_size=0, max_size=8), max_size=6),
)
def test_arbitrary_csv_cells_never_raise(kind: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_HEADERS[kind])
    writer.writerows(rows)
    assert _import(kind, buffer.getvalue().encode("utf-8")) in {"ok", "failed", "no-op"}


def test_every_built_in_kind_is_exercised() -> None:
    assert set(_HEADERS) <= set(import_kinds())
