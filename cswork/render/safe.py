"""User text on the terminal: never Rich markup, never terminal control.

:func:`user_text` turns a team name, reference or file name into a :class:`rich.text.Text` (which
Rich does not parse for markup) with its control characters replaced. :class:`SafeConsole` is the
console every command prints through: markup is off for strings it is given, and every piece of text
it writes is made printable, so a name stored before cswork refused control characters still cannot
move the cursor, clear the screen or open a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

from cswork.model.usertext import printable


def user_text(value: str, style: str = "") -> Text:
    """``value`` as Rich text, shown as written: no markup, no control characters."""
    return Text(printable(value), style=style)


def user_label(
    value: str, style: str = "", width: int = 0, justify: JustifyMethod | None = None
) -> Text:
    """A label (team, reference, cohort) for a table cell: as :func:`user_text`, cut to ``width``
    (default :data:`LABEL_WIDTH`) with '…', so a long name cannot push the figures off screen."""
    text = Text(printable(value), style=style, justify=justify)
    limit = width or LABEL_WIDTH
    if text.cell_len > limit:
        text.truncate(limit, overflow="ellipsis")
    return text


def user_markup(value: str) -> str:
    """``value`` made safe to place inside a Rich (or Textual) markup string."""
    return escape(printable(value))


class SafeConsole(Console):
    """A console that writes no markup from strings and no control characters from text."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(**kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """The renderable's segments, each one's text made printable (Rich's own controls kept)."""
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control or text.isprintable():
                yield segment
            else:
                yield Segment(printable(text, keep_newlines=True), segment.style, segment.control)


#: The widest a column of user labels (team, reference, cohort) is drawn; longer ones end in '…',
#: so the figures beside them always keep their columns.
LABEL_WIDTH = 32
