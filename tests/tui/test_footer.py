"""The footer of keys: rebuilt when the keys it shows change, left as it is when they do not."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from cswork.tui.widgets.footer import KeyFooter


class Keys(App[None]):
    """Two inputs under the same keys, and a key offered only when ``offer_three`` is set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "two", "Two"),
        Binding("f3", "three", "Three"),
    ]
    ENABLE_COMMAND_PALETTE = False
    offer_three = False

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.offer_three if action == "three" else True


def _shown(app: Keys) -> list[str]:
    return [key.description for key in app.query(FooterKey) if key.description]


async def test_the_same_keys_are_not_rebuilt_and_changed_ones_are() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.query(FooterKey))
        assert _shown(app) == ["Two"]
        app.query_one("#second", Input).focus()  # focus moves: the keys are the same
        app.refresh_bindings()
        await pilot.pause()
        assert list(app.query(FooterKey)) == keys  # the very same widgets, not made again
        app.offer_three = True
        app.refresh_bindings()
        await pilot.pause()
        assert _shown(app) == ["Two", "Three"]
