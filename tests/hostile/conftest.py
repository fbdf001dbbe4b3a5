"""Hostile text: names that are Rich markup, terminal control or far too long, stored directly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cswork.store import open_db

#: Team names and references that broke cswork: markup that raises, markup that restyles, a screen
#: clear, an OSC-8 link, a C1 CSI, bidi overrides, and a very long name.
HOSTILE = (
    "[/bold]",
    "[/]",
    "[bold red]X[/]",
    "CLR\x1b[2J\x1b[HX",
    "\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\",
    "C1\x9b2J",
    "\u202eevil\u202c",
    "N" * 100_000,
)


def rename_everything(path: Path, names: tuple[str, ...] = HOSTILE) -> None:
    """Give the database's teams, first workers, cohorts and indicators the hostile names (as a
    database written before cswork refused them would hold)."""
    store = open_db(path, create=False)
    with store.atomic():
        for table, column in (
            ("teams", "name"),
            ("workers", "employee_ref"),
            ("cohorts", "name"),
            ("indicators", "definition"),
        ):
            ids = [row[0] for row in store.execute(f"SELECT id FROM {table} ORDER BY id")]
            for row_id, name in zip(ids, names, strict=False):
                store.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (name, row_id))
    store.close()


@pytest.fixture
def hostile_demo(demo_path: Path, tmp_path: Path) -> Path:
    """A copy of the demo authority whose names are hostile."""
    copy = tmp_path / "hostile.db"
    shutil.copy(demo_path, copy)
    rename_everything(copy)
    return copy
