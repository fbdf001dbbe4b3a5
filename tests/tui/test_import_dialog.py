"""The import dialog's options (mapping, sheet, snapshot, names): checked beside each field, and
passed to the same import service as ``cswork import``, so both give the same database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, Select
from typer.testing import CliRunner

from cswork.cli import app as cli
from cswork.store import open_db
from cswork.tui.app import make_app
from cswork.tui.dialogs.confirm import ConfirmDialog
from cswork.tui.dialogs.start_import import StartImportDialog
from tests.conftest import dump_tables
from tests.tui.conftest import TODAY, settle

runner = CliRunner()

FIRST = (
    "Employee Number,Team,Job Title,Contract Type,FTE,Start Date\n"
    "E1,North,Social Worker,Perm,1,2021-01-01\n"
    "E2,North,Social Worker,Perm,1,2021-01-01\n"
    "E3,South,Team Manager,Perm,0.8,2019-04-01\n"
)
# The monthly extract in the council's own headings and codes: E2 has gone, E4 has started.
SECOND = (
    "Staff No.,Cost Centre Name,Job Title,Contract Type,FTE,Start Date,Full Name\n"
    "E1,North,SW2,PERM,1,2021-01-01,Alex Example\n"
    "E3,South,Team Manager,PERM,0.8,2019-04-01,Sam Sample\n"
    "E4,South,SW2,SESS,1,2025-06-02,Jo Placeholder\n"
)
MAPPING = (
    '[columns]\nemployee_ref = "Staff No."\nteam = "Cost Centre Name"\n'
    '[values.contract]\n"PERM" = "permanent"\n"SESS" = "agency"\n'
    '[values.job_title]\n"SW2" = "Social Worker"\n'
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _database_with_first_extract(path: Path, first: Path) -> None:
    result = runner.invoke(cli, ["import", "staff", str(first), "--db", str(path)])
    assert result.exit_code == 0, result.output


async def _open_dialog(pilot: Pilot[None]) -> StartImportDialog:
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)
    await pilot.press("i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, StartImportDialog)
    return dialog


def _fill(dialog: StartImportDialog, kind: str, **fields: str) -> None:
    dialog.query_one(Select).value = kind
    for name, value in fields.items():
        dialog.query_one(f"#import-{name}", Input).value = value


def _error(dialog: StartImportDialog, name: str) -> str:
    label = dialog.query_one(f"#import-{name}-error", Label)
    return str(label.render()) if label.has_class("-shown") else ""


async def test_a_dialog_import_with_mapping_snapshot_and_names_matches_the_cli(
    tmp_path: Path,
) -> None:
    first = _write(tmp_path, "first.csv", FIRST)
    second = _write(tmp_path, "hr-october.csv", SECOND)
    mapping = _write(tmp_path, "council.toml", MAPPING)
    by_cli, by_app = tmp_path / "cli.db", tmp_path / "app.db"
    for path in (by_cli, by_app):
        _database_with_first_extract(path, first)

    result = runner.invoke(
        cli,
        [
            "import", "staff", str(second), "--db", str(by_cli), "--mapping", str(mapping),
            "--snapshot", "2025-09-30", "--keep-names",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    app = make_app(by_app, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        _fill(dialog, "staff", path=str(second), mapping=str(mapping), snapshot="2025-09-30")
        dialog.query_one("#import-keep-names", Checkbox).value = True
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ConfirmDialog)
        assert "close E2 (North, in post since 2021-01-01) at 2025-09-30" in preview.detail
        await pilot.click("#confirm")
        await settle(pilot)

    cli_db, app_db = open_db(by_cli, create=False), open_db(by_app, create=False)
    try:
        assert dump_tables(app_db) == dump_tables(cli_db)
        closed = app_db.execute(
            "SELECT s.end_date FROM role_spells s JOIN workers w ON w.id = s.worker_id "
            "WHERE w.employee_ref = 'E2'"
        ).fetchone()
        assert closed[0] == "2025-09-30"
        names = app_db.execute("SELECT count(*) FROM workers WHERE display_name IS NOT NULL")
        assert names.fetchone()[0] == 3
    finally:
        cli_db.close()
        app_db.close()


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        ("staff", {"path": ""}, "path", "Give the path of the file to import."),
        ("staff", {"mapping": "/nowhere/map.toml"}, "mapping", "No mapping file at /nowhere/map.toml"),
        ("staff", {"mapping": "{bad}"}, "mapping", "Not a TOML mapping file: "),
        ("staff", {"sheet": "Staff"}, "sheet", "Only an XLSX workbook has worksheets; leave this blank for a CSV file."),
        ("staff", {"snapshot": "31/02/2025"}, "snapshot", "31/02/2025 is not a real date: check the day and the month."),
        ("staff", {"snapshot": "2025-02-31"}, "snapshot", "2025-02-31 is not a real date: check the day and the month."),
        ("cohorts", {"snapshot": "2025-09-30"}, "snapshot", "A snapshot date applies only to staff imports."),
        ("caseloads", {"as-at": "end of Sept"}, "as-at", "Give the date as 30/09/2024 or 2024-09-30, not 'end of Sept'."),
    ],
)  # fmt: skip
async def test_each_option_is_checked_beside_its_field(
    demo_copy: Path, tmp_path: Path, kind: str, fields: dict[str, str], field: str, message: str
) -> None:
    extract = _write(tmp_path, "hr.csv", FIRST)
    bad_toml = _write(tmp_path, "bad.toml", "[columns\n")
    values = {"path": str(extract), **fields}
    if values.get("mapping") == "{bad}":
        values["mapping"] = str(bad_toml)
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        _fill(dialog, kind, **values)
        await pilot.pause()
        await pilot.click("#preview")
        await pilot.pause()
        assert app.screen is dialog  # nothing is previewed while a field is wrong
        assert _error(dialog, field).startswith(message)
        others = {"path", "mapping", "sheet", "snapshot", "as-at"} - {field}
        assert all(_error(dialog, name) == "" for name in others)
        error = dialog.query_one(f"#import-{field}-error", Label)
        assert error.region.right <= dialog.query_one("Vertical").region.right


async def test_a_caseload_count_without_a_date_column_takes_the_as_at_date_as_the_cli_does(
    demo_path: Path, tmp_path: Path
) -> None:
    counts = _write(tmp_path, "counts.csv", "Employee Number,CIN,CP\nE10934,3,2\nE10939,4,0\n")
    by_cli, by_app = tmp_path / "cli.db", tmp_path / "app.db"
    for path in (by_cli, by_app):
        shutil.copy(demo_path, path)
    result = runner.invoke(
        cli,
        [
            "import", "caseloads", str(counts), "--db", str(by_cli), "--as-at", "2025-10-31",
            "--strict",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    app = make_app(by_app, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        _fill(dialog, "caseloads", path=str(counts), **{"as-at": "2025-10-31"})
        dialog.query_one("#import-strict", Checkbox).value = True
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)

    cli_db, app_db = open_db(by_cli, create=False), open_db(by_app, create=False)
    try:
        assert dump_tables(app_db) == dump_tables(cli_db)
        held = app_db.execute(
            "SELECT count(*), sum(cases) FROM caseloads WHERE as_at = '2025-10-31'"
        ).fetchone()
        assert tuple(held) == (4, 9)  # a row per worker and case type, E10939's CP 0 included
    finally:
        cli_db.close()
        app_db.close()


async def test_the_log_shows_the_file_being_checked_until_the_check_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from textual.widgets import DataTable, Static

    from cswork.tui.screens import imports as screen_module

    first = _write(tmp_path, "first.csv", FIRST)
    path = tmp_path / "app.db"
    _database_with_first_extract(path, first)
    release = threading.Event()
    real = screen_module.run_import

    def slow_import(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(screen_module, "run_import", slow_import)
    second = _write(tmp_path, "october.csv", FIRST.replace("E3,", "E4,"))
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        _fill(dialog, "staff", path=str(second))
        await pilot.pause()
        await pilot.click("#preview")
        await pilot.pause()
        log = app.screen.query_one("#import-log", DataTable)
        panel = app.screen.query_one("#import-errors", Static)
        assert log.loading and panel.border_title == "Working"
        assert str(panel.render()).startswith("Checking october.csv…")
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert not log.loading and panel.border_title != "Working"


async def test_the_confirm_dialog_and_the_result_list_every_team_and_cohort_an_import_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _write(tmp_path, "first.csv", FIRST)
    path = tmp_path / "app.db"
    _database_with_first_extract(path, first)
    second = _write(
        tmp_path,
        "new-teams.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Cohort\n"
        "E5,East,Social Worker,Perm,1,2025-01-06,Cohort 9\n"
        "E6,[bold red]West[/],Social Worker,Perm,1,2025-01-06,\n"
        "E7,North,Social Worker,Perm,1,2025-01-06,\n",
    )
    notes: list[str] = []
    app = make_app(path, today=TODAY)
    real_notify = app.notify

    def noted(message: str, **kwargs: object) -> None:
        notes.append(message)
        real_notify(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", noted)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        _fill(dialog, "staff", path=str(second))
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ConfirmDialog)
        assert "would create 2 new teams: East, [bold red]West[/]" in preview.detail
        assert "would create 1 new cohort: Cohort 9" in preview.detail
        await pilot.click("#confirm")
        await settle(pilot)
    assert any("created 2 new teams: East, [bold red]West[/]" in note for note in notes), notes
    assert any("created 1 new cohort: Cohort 9" in note for note in notes), notes
