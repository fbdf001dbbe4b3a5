"""A read-only app (``cswork serve --read-only``) offers no import, undo, scenario edit or export."""

from __future__ import annotations

from pathlib import Path

from textual.screen import ModalScreen
from textual.widgets import Footer

from cswork.tui.app import make_app
from cswork.tui.commands import CsworkCommands
from cswork.tui.shell import WRITING_ACTIONS
from tests.tui.conftest import TODAY, settle


def _footer_keys(app: object) -> set[str]:
    screen = app.screen  # type: ignore[attr-defined]
    return {binding.action for _, binding, enabled, _ in screen.active_bindings.values() if enabled}


async def test_imports_screen_offers_no_import_or_undo(demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert app.screen.query_one(Footer)
        assert not {"start_import", "undo"} & _footer_keys(app)
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)  # no import dialog
        title = str(app.screen.query_one("#import-log").border_title)
        assert title.endswith("read-only") and "i: import" not in title


async def test_projections_offer_no_save_copy_delete_or_export(demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY, read_only=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert not {"save", "copy", "delete", "export"} & _footer_keys(app)
        await pilot.press("f8")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)  # no delete confirmation
        app.run_screen_action("imports", "start_import")  # as the palette would
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)


async def test_the_writable_app_still_offers_them(demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert {"start_import", "undo"} <= _footer_keys(app)


async def test_the_palette_lists_no_writing_action(demo_copy: Path) -> None:
    for read_only, expect_writing in ((True, False), (False, True)):
        app = make_app(demo_copy, today=TODAY, read_only=read_only)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            provider = CsworkCommands(app.screen)
            titles = [name for name, _, _ in provider._commands()]
            writing = [
                t
                for t in titles
                if any(
                    w in t.lower() for w in ("import a file", "undo", "save", "delete", "export")
                )
            ]
            assert bool(writing) is expect_writing, titles
    assert "start_import" in WRITING_ACTIONS
