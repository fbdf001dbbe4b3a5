"""The Money screen and the Overview's agency spend tile show the figures ``cswork costs`` and
``cswork agency`` print, workers by reference only; tables sort and export."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent
from typer.testing import CliRunner

from cswork.cli import app as cli
from cswork.tui.app import make_app
from cswork.tui.screens.money import MoneyScreen
from cswork.tui.widgets.tile import FigureTile
from tests.commands.test_money import CAPS, VENDOR
from tests.tui.conftest import settle

AS_AT = date(2025, 12, 31)
runner = CliRunner()


@pytest.fixture
def money_db(tmp_path: Path) -> Path:
    path = tmp_path / "money.db"
    (tmp_path / "vendor.csv").write_text(VENDOR, encoding="utf-8")
    (tmp_path / "caps.csv").write_text(CAPS, encoding="utf-8")
    for args in (
        ["import", "staff", str(tmp_path / "vendor.csv")],
        ["import", "caps", str(tmp_path / "caps.csv")],
        ["settings", "set", "permanent_cost", "52000"],
    ):
        assert runner.invoke(cli, [*args, "--db", str(path)]).exit_code == 0
    return path


def _cli(path: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(cli, [*args, "--db", str(path), "--as-at", AS_AT.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


async def test_money_screen_shows_the_cli_figures(money_db: Path, tmp_path: Path) -> None:
    costs = _cli(money_db, "costs")
    spend = costs["spend"]
    assert isinstance(spend, dict)
    app = make_app(money_db, today=AS_AT, as_at=AS_AT)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tile = app.screen.query_one("#tile-agency_spend", FigureTile)
        assert "£96k" in str(tile.query(".tile-value").first().render())
        await pilot.press("8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MoneyScreen)
        figures = str(screen.query_one("#money-figures", Static).render())
        for amount in (spend["month"], spend["year_to_date"], spend["annualised"]):
            assert f"£{amount:,.0f}" in figures
        assert "Ann" not in figures and "Example" not in figures
        teams = screen.query_one("#money-teams", DataTable)
        assert [str(teams.get_row_at(i)[0]) for i in range(teams.row_count)] == ["North", "South"]
        assert str(teams.get_row_at(0)[2]) == "96,200"
        tabs = screen.query_one(TabbedContent)
        assert "Over cap (1)" in str(tabs.get_tab("tab-caps").label)
        over = screen.query_one("#money-caps", DataTable)
        assert str(over.get_row_at(0)[0]) == "AG1"
        # "s" sorts by the column under the cursor; again reverses.
        teams.focus()
        teams.move_cursor(column=2)
        await pilot.press("s")
        assert str(teams.get_row_at(0)[0]) == "South"
        assert "▲" in str(teams.columns[list(teams.columns)[2]].label)
        await pilot.press("s")
        assert str(teams.get_row_at(0)[0]) == "North"
        screen._export(tmp_path / "teams.csv", ["Team"], [["North"]], "teams")
        await settle(pilot)
        assert list(csv.reader((tmp_path / "teams.csv").open(encoding="utf-8"))) == [
            ["Team"],
            ["North"],
        ]


async def test_pqe_list_is_by_reference(money_db: Path) -> None:
    app = make_app(money_db, today=AS_AT, as_at=date(2025, 11, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        screen = app.screen
        pqe = screen.query_one("#money-pqe", DataTable)
        assert [str(c) for c in pqe.get_row_at(0)][:2] == ["AG1", "North"]
        project = screen.query_one("#money-project", DataTable)
        assert str(project.get_row_at(0)[0]) == "AG2"
