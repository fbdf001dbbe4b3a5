"""A headline figure: its value, change since last month, England's figure, and a trend sparkline.

The change is marked with an arrow that follows the value (▲ it rose, ▼ it fell) and, for figures
where a direction is better, a colour and a word saying whether that is better or worse. The tile
can be focused; Enter (or a click) asks for its breakdown by team.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Sparkline

from cswork.render.format import MISSING, number, pct, pounds_short
from cswork.services.overview import Tile

#: Which way is better for each tile: +1 higher, -1 lower; absent when neither is.
BETTER_WHEN: dict[str, int] = {
    "in_post": +1,
    "agency": -1,
    "vacancies": -1,
    "vacancy_rate": -1,
    "agency_rate": -1,
    "turnover_rate": -1,
    "caseload": -1,
    "over_capacity": -1,
    "agency_spend": -1,
}


def format_value(value: float | None, unit: str) -> str:
    """A tile's figure in its unit: FTE and caseloads to 1 place, rates as %, counts whole."""
    if value is None:
        return MISSING
    if unit == "pct":
        return pct(value)
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "money":
        return pounds_short(value)
    return number(value, 1)


def format_change(change: float | None, unit: str) -> str:
    """The change since last month with an arrow that follows the value; rates in points."""
    if change is None:
        return ""
    # A change too small to show (−0.03 shown as 0.0) is no change: no arrow, no better or worse.
    places = 0 if unit == "count" else 1
    if unit != "money" and round(abs(change), places) == 0:
        change = 0.0
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    if unit == "count":
        return f"{arrow}{abs(change):,.0f}"
    if unit == "money":
        return f"{arrow}{pounds_short(abs(change))}"
    suffix = "pt" if unit == "pct" else ""
    return f"{arrow}{number(abs(change), 1)}{suffix}"


def change_text(key: str, change: float | None, unit: str) -> Text:
    """The change, coloured and worded as better or worse where the figure has a better way."""
    shown = format_change(change, unit)
    if not shown or change is None:
        return Text(shown)
    better = BETTER_WHEN.get(key)
    if better is None or shown.startswith("="):
        return Text(shown)
    improved = (change > 0) == (better > 0)
    return Text.assemble(
        (shown, "green" if improved else "red"), (" better" if improved else " worse", "dim")
    )


def _fitted(width: int, words: str, shorter: str) -> Text:
    """``words`` if they fit in ``width`` cells, else ``shorter`` (when given), cut with '…' as a
    last resort (a tile narrower than any wording)."""
    text = Text(words)
    if text.cell_len > width and shorter:
        text = Text(shorter)
    if width > 0 and text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


class FigureTile(Vertical, can_focus=True):
    """Shows one :class:`Tile`; empty until :meth:`show` is called with data."""

    DEFAULT_CSS = """
    FigureTile { height: 7; border: round $primary 50%; padding: 0 1; }
    FigureTile:focus { border: round $accent; }
    /* as wide as the tile: an auto width kept the width of shorter words after a resize */
    FigureTile Label { width: 100%; }
    FigureTile .tile-label { color: $text-muted; }
    FigureTile .tile-value { text-style: bold; }
    FigureTile .tile-england { color: $text-muted; }
    FigureTile .tile-change { color: $text-muted; }
    FigureTile .tile-span { color: $text-muted; display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "By team")]

    class Opened(Message):
        """The tile was opened (Enter or a click): show its breakdown by team."""

        def __init__(self, tile: Tile) -> None:
            super().__init__()
            self.tile = tile

    def __init__(self, key: str) -> None:
        super().__init__(id=f"tile-{key}")
        self.key = key
        self.shown: Tile | None = None
        #: The months the sparkline runs over, as the x axis under it says them.
        self.months: tuple[date, date] | None = None

    def on_resize(self) -> None:
        """Fit the label and the note to the tile's new width."""
        self._fit()

    def _fit(self) -> None:
        """Show the label and England's figure (or the note) in words that fit the tile: the
        short wording when the full one does not fit, and '…' only if neither does."""
        tile = self.shown
        if tile is None:
            return
        width = self.content_size.width
        self.query_one(".tile-label", Label).update(_fitted(width, tile.label, tile.short_label))
        if tile.england is None:
            england = _fitted(width, tile.note, tile.short_note)
        else:
            england = Text(f"England {format_value(tile.england, tile.unit)}")
        self.query_one(".tile-england", Label).update(england)
        if self.months is not None:
            first, last = self.months
            self.query_one(".tile-span", Label).update(
                _fitted(width, f"{first:%b %Y} – {last:%b %Y}", f"{first:%b %y}–{last:%b %y}")
            )

    def compose(self) -> ComposeResult:
        yield Label("", classes="tile-label")
        yield Label("", classes="tile-value")
        yield Label("", classes="tile-change")
        yield Label("", classes="tile-england")
        sparkline = Sparkline([])
        sparkline.display = False  # nothing is drawn until there is a trend to draw
        yield sparkline
        yield Label("", classes="tile-span")  # the sparkline's dates, where the tile is tall

    def show(self, tile: Tile, months: tuple[date, date] | None = None) -> None:
        """Fill the tile with ``tile``'s figures; ``months`` are the first and last month of its
        trend, written under the sparkline when the tile is tall enough to chart it."""
        self.shown = tile
        self.months = months
        self._fit()
        value = format_value(tile.value, tile.unit)
        change = change_text(tile.key, tile.change, tile.unit)
        self.query_one(".tile-value", Label).update(value)
        self.query_one(".tile-change", Label).update(change if change.plain else "no change")
        sparkline = self.query_one(Sparkline)
        known = [v for v in tile.trend if v is not None]
        sparkline.data = [v or 0.0 for v in tile.trend]
        sparkline.display = len(known) > 1
        self.query_one(".tile-span", Label).set_class(len(known) > 1, "-charted")
        self.tooltip = (
            f"{tile.label}: {value} at the date; {change.plain or 'no change'} since the "
            f"previous month end; sparkline over {len(tile.trend)} months. Enter: by team"
        )

    def action_open(self) -> None:
        """Ask for the breakdown by team."""
        if self.shown is not None:
            self.post_message(self.Opened(self.shown))

    def on_click(self, event: events.Click) -> None:
        """A click opens the breakdown too."""
        self.action_open()
