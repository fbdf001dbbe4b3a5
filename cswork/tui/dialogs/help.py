"""F1 help: the app's own keys, by where they work, and a glossary of the words on screen.

Only cswork's keys are listed (the screen's, its tables', the app's), never the toolkit's generic
ones; the glossary explains ASYE, PQE, Passed, FTE, utilisation and the other terms the screens use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from cswork.tui.modes import SCREENS

#: Keys that work in every table, whatever the screen.
TABLE_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓ PgUp PgDn", "Move between rows"),
    ("← →", "Move between columns"),
    ("Home End", "First or last column"),
    ("s", "Sort by column (again to reverse)"),
    ("Enter", "Open the row (a team's workers, a cohort's members, a worker)"),
    ("e", "Export the table as shown (CSV or XLSX)"),
)
#: Keys that work everywhere.
APP_KEYS: tuple[tuple[str, str], ...] = (
    (f"1 … {len(SCREENS)}", "Go to a screen"),
    ("Tab", "Next part of the screen"),
    ("a", "As at: choose the date every screen reports on"),
    ("t", "Theme: light or dark"),
    ("Ctrl+P", "Find any screen or action; Screenshot; Screenshot folder"),
    ("F1", "Help"),
    ("Esc", "Back, or close a dialog"),
    ("Ctrl+Q", "Quit (asks first if a scenario has unsaved changes)"),
)
#: The words the screens use, in plain English.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "ASYE",
        "Assessed and Supported Year in Employment: a newly qualified social worker's "
        "first year, with protected caseloads.",
    ),
    ("NQSW", "Newly qualified social worker, in their ASYE."),
    ("Passed", "In post at the end of the ASYE (the academy's measure of completing it)."),
    ("PQE", "Post-qualifying experience: years since the worker qualified."),
    ("FTE", "Full-time equivalent: 1.0 is one full-time post; two half-time workers are 1.0."),
    (
        "Utilisation",
        "Weighted caseload ÷ capacity. Over 100% means more work than the worker's "
        "capacity; bands: under 85%, 85–100%, 100–110%, over 110%.",
    ),
    (
        "Weighted caseload",
        "Cases held, each weighted by its type (a child protection case "
        "counts for more than a child in need case).",
    ),
    ("Caseload", "Cases held ÷ FTE of workers holding at least one case (the DfE measure)."),
    ("Vacancy rate", "Vacant funded FTE ÷ (vacant FTE + FTE employed by the authority)."),
    ("Agency rate", "Agency FTE ÷ (agency FTE + FTE employed by the authority)."),
    ("Turnover", "FTE who left in the 12 months to the date ÷ FTE employed on the date."),
    ("RAG", "Red, amber or green against the target; amber is a near miss."),
    ("p10–p90", "The range the projection falls in 8 times out of 10."),
)


def _own_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys cswork's own screen classes bind, with what they do."""
    keys: dict[str, str] = {}
    for cls in type(screen).__mro__:
        if not cls.__module__.startswith("cswork."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            for key in binding.key.split(","):
                shown = binding.key_display or screen.app.get_key_display(Binding(key, ""))
                if screen.check_action(binding.action, ()) is not False:
                    keys.setdefault(shown, binding.description)
    return sorted(keys.items())


def _keys_table(rows: Sequence[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, does in rows:
        table.add_row(Text(key), Text(does))
    return table


class HelpDialog(ModalScreen[None]):
    """The keys of this screen, of every table and of the app, then the glossary."""

    DEFAULT_CSS = """
    HelpDialog { align: center middle; }
    HelpDialog > VerticalScroll {
        width: 90; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    HelpDialog #help-title { text-style: bold; margin: 1 0 0 0; }
    HelpDialog .help-heading { text-style: bold underline; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, screen_name: str, keys: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.keys = list(keys)

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpDialog:
        """Help for ``screen``: its own keys first."""
        name = str(getattr(screen, "screen_name", "") or type(screen).__name__)
        return cls(name, _own_keys(screen))

    @property
    def every_key(self) -> list[tuple[str, str]]:
        """Every key listed: this screen's, the tables', the app's."""
        return [*self.keys, *TABLE_KEYS, *APP_KEYS]

    def compose(self) -> ComposeResult:
        # One scrolling box, title and all: a scrolling part inside a box of limited height ran
        # on below the box at 80x24, so the end of the glossary could not be scrolled to.
        with VerticalScroll():
            yield Label("Keys and words (Esc closes)", id="help-title")
            if self.keys:
                yield Static(Text(f"On {self.screen_name}"), classes="help-heading")
                yield Static(_keys_table(self.keys), id="help-screen-keys")
            yield Static("In every table", classes="help-heading")
            yield Static(_keys_table(TABLE_KEYS), id="help-table-keys")
            yield Static("Everywhere", classes="help-heading")
            yield Static(_keys_table(APP_KEYS), id="help-app-keys")
            yield Static("Words", classes="help-heading")
            yield Static(_keys_table(GLOSSARY), id="help-glossary")

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
