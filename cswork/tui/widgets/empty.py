"""What a screen says instead of empty tables and zeros when the database holds nothing to show."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

#: Why a screen that needs staff shows nothing, and the ways to get some (as ``cswork summary``).
NO_WORKFORCE = (
    "No workforce yet: this database holds no staff.\n\n"
    "To get one:\n"
    "  • run 'cswork demo' for a generated demo authority, or\n"
    "  • import an HR extract: 'cswork import staff FILE' in a terminal,\n"
    "    or here on the Imports screen (key 7, then i to import a file)."
)


def before_history(as_at: date, first: date, last: date) -> str:
    """Why a date before anyone's start shows nothing, and which dates do."""
    return (
        f"No staff yet on {as_at:%d %b %Y}.\n\n"
        f"This database's history runs from {first:%d %b %Y} to {last:%d %b %Y}: "
        "press a to pick a date within it."
    )


def no_caseloads(as_at: date, first_count: date | None) -> str:
    """Why caseload pressure cannot be shown as at ``as_at``: no counts at all, or none yet."""
    if first_count is None:
        return (
            "No caseload counts yet.\n\n"
            "Caseload pressure needs the cases each worker holds: import a caseload report "
            "('cswork import caseloads FILE' in a terminal, or here on the Imports screen, key 7 "
            "then i)."
        )
    return (
        f"No caseload counts on or before {as_at:%d %b %Y}.\n\n"
        f"The first count is for {first_count:%d %b %Y}: press a to pick a later date."
    )


class EmptyState(Static):
    """A plain notice filling a screen's body: what is missing and how to get it."""

    DEFAULT_CSS = """
    EmptyState {
        display: none;
        height: auto;
        max-width: 96;
        margin: 1 2;
        padding: 1 2;
        border: round $warning 60%;
    }
    """

    def show_notice(self, notice: str) -> None:
        """Show ``notice``, its first line in bold as the headline."""
        headline, _, rest = notice.partition("\n")
        text = Text()
        text.append(headline, style="bold")
        if rest:
            text.append("\n" + rest)
        self.update(text)
