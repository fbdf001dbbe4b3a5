"""The Overview shows the summary's figures, last month's change, England, trends and alerts."""

from __future__ import annotations

from datetime import date

from textual.widgets import Label, Sparkline, Static, TabbedContent

from cswork.reference import latest_england
from cswork.services.summary import build_summary
from cswork.store import Database
from cswork.tui.app import CsworkApp
from tests.tui.conftest import settle


def _tile_text(app: CsworkApp, key: str) -> list[str]:
    tile = app.screen.query_one(f"#tile-{key}")
    return [str(label.render()) for label in tile.query(Label)]


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
