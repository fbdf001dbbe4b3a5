"""The board report as a document: sections of paragraphs, tables and charts, before any format.

Pure data: the sections are built from the services (:mod:`cswork.report.build`) and each renderer
(HTML, Word, Markdown) walks the same document, so the three files carry the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of plain text (never markup)."""

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of sentences; the key messages are one."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of formatted cells. ``key`` names it for tests and anchors; ``numeric`` marks the
    columns to right-align; ``tones`` optionally gives a cell a status colour (``red``, ``amber``,
    ``green``); ``total`` marks the last row as a total."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    tones: tuple[tuple[str | None, ...], ...] = ()
    total: bool = False

    def tone(self, row: int, column: int) -> str | None:
        """The status colour of one cell, if any."""
        if row >= len(self.tones):
            return None
        return self.tones[row][column]


@dataclass(frozen=True, slots=True)
class Series:
    """One line on a chart: a value per x point (``None`` where unknown)."""

    label: str
    values: tuple[float | None, ...]
    step: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded range between two series, such as the 10th to 90th percentile."""

    label: str
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    """One set of axes: x points (dates or numbers), lines and bands, axis labels."""

    title: str
    x: tuple[date, ...] | tuple[int, ...]
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    bands: tuple[Band, ...] = ()
    reference: float | None = None
    reference_label: str = ""
    x_tick_labels: tuple[tuple[int, str], ...] = ()
    y_from_zero: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A figure of one or more panels, with the alt text that states its key figure."""

    key: str
    title: str
    alt: str
    panels: tuple[Panel, ...]
    columns: int = 1
    height: float = 2.5  # inches, per row of panels


Block = Paragraph | Bullets | Table | Chart


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section: its title, what it counts and as at when, then its blocks."""

    key: str
    title: str
    scope: str
    blocks: tuple[Block, ...] = ()

    @property
    def tables(self) -> tuple[Table, ...]:
        """The section's tables."""
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The section's charts."""
        return tuple(b for b in self.blocks if isinstance(b, Chart))


@dataclass(frozen=True, slots=True)
class Report:
    """The whole paper."""

    title: str
    authority: str
    as_at: date
    generated_on: date
    sections: tuple[Section, ...] = field(default=())

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table, in order."""
        return tuple(t for s in self.sections for t in s.tables)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart, in order."""
        return tuple(c for s in self.sections for c in s.charts)
