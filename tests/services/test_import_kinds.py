"""The registry of import kinds: another kind can be added, and the README documents every field."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cswork.importers import ImportContext
from cswork.importers.columns import Mapping, match_header
from cswork.services import import_kinds as registry
from cswork.services.import_kinds import ImportKind, get_kind, import_kinds, register_kind
from cswork.services.imports import run_import, undo_import
from cswork.store import Database
from cswork.store.imports import Journal

README = Path(__file__).resolve().parents[2] / "README.md"


@dataclass(frozen=True)
class _TeamRecord:
    row: int
    name: str


def _parse_teams(ctx: ImportContext) -> Iterator[_TeamRecord]:
    lines = ctx.path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        ctx.counts.read += 1
        if not line.strip():
            ctx.problems.add(number, "team", line, "a team name is required")
            continue
        yield _TeamRecord(number, line.strip())


def _apply_teams(
    db: Database, records: Iterator[_TeamRecord], ctx: ImportContext, journal: Journal
) -> None:
    from cswork.store.apply_common import upsert

    for record in records:
        outcome, _ = upsert(db, journal, "teams", {"name": record.name}, {})
        ctx.counts.added += outcome == "added"


def test_a_new_kind_plugs_in_and_gets_logging_atomicity_and_undo(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump
) -> None:
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    register_kind(ImportKind("teams-list", "one team per line", (), _parse_teams, _apply_teams))
    assert get_kind("teams-list").summary == "one team per line"
    before = dump(db)
    bad = tmp_path / "bad.txt"
    bad.write_text("North\n\nSouth\n")
    failed = run_import(db, "teams-list", bad)
    assert [(p.row, p.reason) for p in failed.problems] == [(2, "a team name is required")]
    assert dump(db) == before
    good = tmp_path / "good.txt"
    good.write_text("North\nSouth\n")
    result = run_import(db, "teams-list", good)
    assert (result.outcome, result.counts.added) == ("ok", 2)
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


def test_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(
        KeyError, match="unknown import kind 'payroll'; known: allocations, caps, caseloads"
    ):
        get_kind("payroll")


def test_readme_documents_every_kind_and_field() -> None:
    text = README.read_text(encoding="utf-8").split("## Data formats", 1)[1].split("\n## ", 1)[0]
    for name, kind in import_kinds().items():
        section = text.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
        for column in kind.columns:
            if ":" in column.field:  # wide-layout columns are documented by their labels
                continue
            assert f"`{column.field}`" in section, (name, column.field)
            for alias in column.aliases:
                assert alias in section, (name, column.field, alias)


TABULAR = [name for name in sorted(import_kinds()) if name != "csww"]


@pytest.mark.parametrize(
    ("kind", "field", "header"),
    [
        (name, column.field, header)
        for name in TABULAR
        for column in import_kinds()[name].columns
        for header in (column.field, *column.aliases)
    ],
)
def test_every_alias_of_every_kind_names_its_own_field(kind: str, field: str, header: str) -> None:
    """Headers are claimed by the first field that knows them, so an alias shadowed by an earlier
    field would silently fill the wrong one."""
    positions, _ = match_header([header.upper(), "x"], import_kinds()[kind].columns, Mapping())
    assert positions.get(field) == 0, f"{header!r} is claimed by another field: {positions}"
