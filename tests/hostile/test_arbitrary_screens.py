"""Arbitrary Unicode as stored team names, references, cohorts, indicators and a qualifying
institution: every screen of the app draws it as written, and every export writes it whole with no
control character (the app's tables as CSV and XLSX, and the census XML of ``cswork export csww``).

Names are put straight into a copy of the demo authority, as a database written before cswork
refused control characters would hold them, so brackets, ESC, C1 controls, bidi marks, Rich markup
and OSC-8 links all reach the screens. One app is driven per example through every screen; the
examples are few so the test stays quick enough for CI.
"""

from __future__ import annotations

import asyncio
import csv
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from cswork.cli import app as cli
from cswork.export.tables import write_table
from cswork.model.usertext import first_control, printable
from cswork.store import open_db
from cswork.tui.app import make_app
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.modes import SCREENS
from cswork.tui.widgets.explore_table import ExploreTable
from tests.hostile.conftest import rename_everything
from tests.hostile.test_arbitrary_text import HOSTILE_ALPHABET
from tests.hostile.test_tui_text import _drawn
from tests.tui.conftest import TODAY

runner = CliRunner()

#: Markup that raised or restyled, and terminal control that cleared the screen or made a link.
MARKUP = st.sampled_from(
    [
        "[/]",
        "[/bold]",
        "[bold red]x[/]",
        "[link=http://example.com]x[/link]",
        "\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\",
        "CLR\x1b[2J\x1b[H",
        "\x9b2J",
        "\u202eevil\u202c",
    ]
)
NAME = st.one_of(
    MARKUP,
    st.text(HOSTILE_ALPHABET, min_size=1, max_size=40),
    st.tuples(MARKUP, st.text(HOSTILE_ALPHABET, max_size=20)).map("".join),
).filter(lambda name: name.strip() != "")


def _hostile_copy(demo: Path, folder: Path, names: list[str]) -> Path:
    copy = folder / "hostile.db"
    shutil.copy(demo, copy)
    rename_everything(copy, tuple(names))
    store = open_db(copy, create=False)
    with store.atomic():
        store.execute(
            "UPDATE census_worker_details SET qual_inst = ? "
            "WHERE worker_id = (SELECT min(worker_id) FROM census_worker_details)",
            (json.dumps([names[0]]),),
        )
    store.close()
    return copy


def _clean(value: object) -> None:
    text = "" if value is None else str(value)
    assert first_control(text) is None, repr(text)


def _exported(folder: Path, name: str, headers: list[str], rows: list[list[Any]]) -> set[str]:
    """Write the table as CSV and XLSX and give back every text cell (as read from both)."""
    cells: set[str] = set()
    for suffix in ("csv", "xlsx"):
        out = folder / f"{name}.{suffix}"
        write_table(out, headers, rows, about=[("cswork", name)])
        if suffix == "csv":
            with out.open(encoding="utf-8", newline="") as handle:
                read = [cell for row in csv.reader(handle) for cell in row]
        else:
            sheet = load_workbook(out, read_only=True).worksheets[0]
            read = [
                str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None
            ]
        for cell in read:
            _clean(cell)
        cells |= {cell.removeprefix("'") for cell in read}
    return cells


async def _every_screen(db: Path, folder: Path, names: list[str]) -> set[str]:
    """Drive every screen; export each table; the names every export wrote whole."""
    written: set[str] = set()
    app = make_app(db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _drawn(pilot)
        for number, screen in enumerate(SCREENS, start=1):
            await pilot.press(str(number))
            await _drawn(pilot)
            assert app.is_running, screen.mode
            assert not isinstance(app.screen, ErrorDialog), (screen.mode, app.screen)
            shot = app.export_screenshot()
            assert "\x1b" not in shot and "\x9b" not in shot, screen.mode
            for index, table in enumerate(app.screen.query(ExploreTable)):
                headers, rows, _ = table.export_table()
                exported = _exported(folder, f"{screen.mode}-{index}", headers, rows)
                written |= _variants(names) & exported
            money = getattr(app.screen, "tables", {})
            for key, spec in money.items():
                from cswork.tui.widgets.columns import export_rows

                rows = export_rows(spec.columns, spec.rows)
                exported = _exported(folder, f"money-{key}", [c.label for c in spec.columns], rows)
                written |= _variants(names) & exported
    return written


def _variants(names: list[str]) -> set[str]:
    """Each name as an export may write it whole: as stored, or with outer spaces trimmed."""
    return {printable(n) for n in names} | {printable(n).strip() for n in names}


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(names=st.lists(NAME, min_size=4, max_size=4, unique_by=lambda n: n.strip().casefold()))
def test_arbitrary_names_on_every_screen_and_in_every_export(
    demo_path: Path, names: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = _hostile_copy(demo_path, folder, names)
        written = asyncio.run(_every_screen(db, folder, names))
        # The first team's name is in the Overview's by-team table, on Staff and on Pressure:
        # exported whole, control characters replaced, never cut to the screen's width.
        assert _variants(names[:1]) & written, (names[0], written)

        out = folder / "return.xml"
        result = runner.invoke(
            cli,
            [
                *("export", "csww", "--year", "2025", "--out", str(out), "--db", str(db)),
                *("--la-code", "999", "--draft"),
            ],
        )
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "Traceback" not in result.output
        institutions = [node.text or "" for node in ET.parse(out).iter("QualInst")]
        assert printable(names[0]) in institutions
        for text in institutions:
            _clean(text)
