"""A headline figure: its value, change since last month, England's figure, and a trend sparkline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from cswork.render.format import MISSING, number, pct, pounds_short
from cswork.services.overview import Tile


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
    """The change since last month with an arrow; rates change in percentage points."""
    if change is None:
        return ""
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    if unit == "count":
        return f"{arrow}{abs(change):,.0f}"
    if unit == "money":
        return f"{arrow}{pounds_short(abs(change))}"
    suffix = "pt" if unit == "pct" else ""
    return f"{arrow}{number(abs(change), 1)}{suffix}"


class FigureTile(Vertical):
    """Shows one :class:`Tile`; empty until :meth:`show` is called with data."""

    DEFAULT_CSS = """
    FigureTile { height: 6; border: round $primary 50%; padding: 0 1; }
    FigureTile .tile-label { color: $text-muted; }
    FigureTile .tile-value { text-style: bold; }
    FigureTile .tile-england { color: $text-muted; }
    """

    def __init__(self, key: str) -> None:
        super().__init__(id=f"tile-{key}")
        self.tile: Tile | None = None

    def on_resize(self) -> None:
        """Fit the label to the tile's new width."""
        self._label()

    def _label(self) -> None:
        tile = self.tile
        if tile is None:
            return
        fits = len(tile.label) <= self.content_size.width or not tile.short_label
        self.query_one(".tile-label", Label).update(tile.label if fits else tile.short_label)

    def compose(self) -> ComposeResult:
        yield Label("", classes="tile-label")
        yield Label("", classes="tile-value")
        yield Label("", classes="tile-england")
        yield Sparkline([])

    def show(self, tile: Tile) -> None:
        """Fill the tile with ``tile``'s figures."""
        self.tile = tile
        self._label()
        value = format_value(tile.value, tile.unit)
        change = format_change(tile.change, tile.unit)
        self.query_one(".tile-value", Label).update(f"{value}  {change}".rstrip())
        england = (
            tile.note
            if tile.england is None
            else f"England {format_value(tile.england, tile.unit)}"
        )
        self.query_one(".tile-england", Label).update(england)
        self.query_one(Sparkline).data = [v or 0.0 for v in tile.trend]
        self.tooltip = (
            f"{tile.label}: {value} at the date; {change or 'no change'} since the previous "
            f"month end; sparkline over {len(tile.trend)} months"
        )
