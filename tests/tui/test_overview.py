"""The Overview shows the summary's figures, last month's change, England, trends and alerts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Sparkline, Static, TabbedContent

from cswork.reference import latest_england
from cswork.services.summary import build_summary
from cswork.store import Database
from cswork.tui.app import CsworkApp
from tests.conftest import DEMO_AS_AT
from tests.tui.conftest import TODAY, settle


def _tile_text(app: CsworkApp, key: str) -> list[str]:
    tile = app.screen.query_one(f"#tile-{key}")
    return [str(label.render()) for label in tile.query(Label) if not label.has_class("tile-span")]


async def test_tiles_agree_with_the_summary(app: CsworkApp, demo_db: Database) -> None:
    now = build_summary(demo_db, date(2025, 9, 30))
    before = build_summary(demo_db, date(2025, 8, 31))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        label, value, change_shown, england = _tile_text(app, "in_post")
        assert label == "In post (FTE)"
        change = now.position.total.in_post_fte - before.position.total.in_post_fte
        arrow, word = ("▲", "better") if change > 0 else ("▼", "worse")  # more in post is better
        assert value == f"{now.position.total.in_post_fte:.1f}"
        assert change_shown == f"{arrow}{abs(change):.1f} {word}"
        assert england == f"{now.position.total.in_post_headcount} workers"
        _, value, change_shown, england = _tile_text(app, "vacancy_rate")
        assert value == f"{now.position.total.vacancy_rate:.1f}%"
        assert change_shown.endswith(("pt better", "pt worse"))
        assert england == f"England {latest_england().vacancy_rate:.1f}%"
        _, value, _, _ = _tile_text(app, "over_capacity")
        assert value == f"{now.over_capacity}"
        sparkline = app.screen.query_one("#tile-in_post").query_one(Sparkline)
        assert sparkline.data is not None and len(sparkline.data) == 24
        assert sparkline.data[-1] == now.position.total.in_post_fte


async def test_alerts_list_breached_nqsw_protection(app: CsworkApp, demo_db: Database) -> None:
    now = build_summary(demo_db, date(2025, 9, 30))
    breached = [p for p in now.pressures if p.in_asye and p.cases > 12]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        alerts = str(app.screen.query_one("#alert-list", Static).render())
        assert breached, "the demo authority should have protection breaches to show"
        for pressure in breached:
            assert f"NQSW {pressure.worker_ref} ({pressure.team}" in alerts
        tab = app.screen.query_one(TabbedContent).get_tab("alerts-pane")
        assert str(tab.label).startswith("Alerts (")


@pytest.mark.usefixtures("england_without_2024")
@pytest.mark.parametrize("size", [(80, 24), (120, 30), (200, 60)])
async def test_every_tile_says_it_in_words_that_fit(demo_path: Path, size: tuple[int, int]) -> None:
    from cswork.tui.app import make_app
    from cswork.tui.widgets.tile import FigureTile

    # 31 March 2025 is in census year 2024, whose England row the fixture takes away.
    app = make_app(demo_path, today=TODAY, as_at=date(2025, 3, 31))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        tiles = list(app.screen.query(FigureTile))
        assert len(tiles) == 9
        for tile in tiles:
            width = tile.content_size.width
            for label in tile.query(Label):
                shown = str(label.render())
                assert len(shown) <= width and not shown.endswith("…"), (tile.id, shown, width)
        england = str(app.screen.query_one("#tile-vacancy_rate .tile-england", Label).render())
        wide = size[0] >= 200
        assert england == ("no England figure for 2024" if wide else "no England figure")
        # A tall tile charts its trend, with the months it runs over written under it.
        span = app.screen.query_one("#tile-in_post .tile-span", Label)
        assert span.display == (size[1] >= 50)
        if span.display:
            assert str(span.render()) == "Apr 2023 – Mar 2025"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
async def test_e_exports_the_tiles_with_the_date_and_england(
    app: CsworkApp, demo_db: Database, tmp_path: Path, suffix: str
) -> None:
    import csv

    from openpyxl import load_workbook
    from textual.widgets import Input

    from cswork.services.overview import build_overview
    from cswork.tui.screens.overview import TILE_KEYS

    overview = build_overview(demo_db, date(2025, 9, 30))
    tiles = {tile.key: tile for tile in overview.tiles}
    out = tmp_path / f"tiles.{suffix}"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value.endswith("overview-headline-2025-09-30.csv")
        field.value = str(out)
        await pilot.press("enter")
        await settle(pilot)
    if suffix == "csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = [tuple(row) for row in csv.reader(handle)]
    else:
        sheet = load_workbook(out).active
        assert sheet is not None
        rows = [
            tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)
        ]
    assert rows[0][:2] == ("cswork", "Overview: headline figures")
    assert rows[1][:2] == ("As at", "30 Sep 2025")
    assert ("England", "England 2025 beside ours") in [row[:2] for row in rows]
    header = next(i for i, row in enumerate(rows) if row[:1] == ("Figure",))
    assert rows[header][:7] == (
        "Figure", "Value", "Unit", "Previous month end", "Change", "England", "Note",
    )  # fmt: skip
    body = rows[header + 1 : header + 10]
    assert [row[0] for row in body] == [tiles[key].label for key in TILE_KEYS]
    for key, row in zip(TILE_KEYS, body, strict=True):
        tile = tiles[key]
        assert tile.value is not None
        assert float(row[1]) == pytest.approx(tile.value, abs=0.05 if suffix == "csv" else 1e-9)
        if tile.england is None:
            assert row[5] in ("", None) and row[6] == tile.note
        else:
            assert float(row[5]) == pytest.approx(tile.england)


async def test_the_first_figures_are_drawn_before_the_trends_are_fetched(
    app: CsworkApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second stage (trends, teams) waits until the first figures are on screen, and the
    lists below the tiles are mounted once they are, then filled by both stages."""
    from cswork.tui.screens import overview

    seen: list[str] = []
    stages = overview.overview_in_stages

    def watched(db: Database, as_at: date) -> Iterator[object]:
        inner = stages(db, as_at)
        yield next(inner)
        # the worker asks for the second stage: what is on screen before it is worked out
        tile = app.screen.query_one("#tile-in_post").query_one(".tile-value", Label)
        seen.append(str(tile.render()))
        yield from inner

    monkeypatch.setattr(overview, "overview_in_stages", watched)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(seen) == 1 and seen[0] != "", "the trends were fetched before any figure"
        assert app.screen.query_one("#by-team").is_attached
        tab = app.screen.query_one(TabbedContent).get_tab("teams-pane")
        assert str(tab.label) == "By team (10)"


async def test_tile_words_are_shown_whole_after_the_terminal_widens(demo_path: Path) -> None:
    """Words fitted to a narrow tile and then a wide one are drawn whole: each label is as wide
    as its tile, not as wide as the shorter words it held before ("Agency spend (a" was left)."""
    from cswork.tui.app import make_app
    from cswork.tui.widgets.tile import FigureTile

    app = make_app(demo_path, today=TODAY, as_at=DEMO_AS_AT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spend = app.screen.query_one("#tile-agency_spend .tile-label", Label)
        assert str(spend.render()) == "Agency £ a year"
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        await pilot.pause()
        assert str(spend.render()) == "Agency spend (a year)"
        for tile in app.screen.query(FigureTile):
            for label in tile.query(Label):
                if label.display:
                    shown = str(label.render())
                    assert label.region.width >= len(shown), (tile.id, shown, label.region)


async def test_closing_as_the_first_figures_appear_is_no_error(app: CsworkApp) -> None:
    """The lists below the tiles are mounted just after the first figures are drawn: an app
    closed in between (a user quitting at once) closes without an error."""
    mounted: list[bool] = []

    async def quit_at_the_first_figures(pilot: Pilot[None]) -> None:
        while True:  # looking at every turn of the loop, without a pilot pause (which would
            await asyncio.sleep(0)  # let the lists mount meanwhile)
            values = [str(v.render()) for v in app.screen.query(".tile-value").results(Label)]
            if values and all(values):
                break
        mounted.append(bool(app.screen.query("#alert-list")))
        app.exit()

    await app.run_async(headless=True, size=(120, 40), auto_pilot=quit_at_the_first_figures)
    assert mounted == [False], "the lists were mounted before the figures were seen: test nothing"
    assert app.return_code == 0
