"""The base of every data screen: navigation, loading off the UI thread, and worker errors.

A screen names its mode, says what to compose in its body, how to fetch its data from a database
(run in a thread worker with its own connection) and how to show it. This is the one place where a
failed worker becomes an error dialog rather than a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, Tabs
from textual.worker import get_current_worker

from cswork.services.collector import building
from cswork.services.database import Database, history_bounds, open_db
from cswork.services.summary import after_last_data, default_as_at
from cswork.tui.modes import SCREENS
from cswork.tui.screens.exporting import ExportsTables
from cswork.tui.shell import WRITING_ACTIONS
from cswork.tui.widgets.empty import NO_WORKFORCE, EmptyState, before_history
from cswork.tui.widgets.nav import NavTabs

T = TypeVar("T")


class NothingToShow(Message):
    """The database holds nothing this screen can show as at ``as_at``; ``notice`` says why."""

    def __init__(self, as_at: date, notice: str, late: str | None = None) -> None:
        super().__init__()
        self.as_at = as_at
        self.notice = notice
        self.late = late


class DataLoaded(Message, Generic[T]):
    """A screen's data, fetched as at ``as_at`` by a worker."""

    def __init__(self, as_at: date, data: T, late: str | None = None) -> None:
        super().__init__()
        self.as_at = as_at
        self.data = data
        #: A warning when the date is after the last data held.
        self.late = late
        #: Set once the data is on screen (drawn), so a worker with more stages to fetch waits
        #: for it rather than taking the interpreter from the drawing.
        self.drawn = threading.Event()


def workforce_notice(db: Database, as_at: date) -> str | None:
    """Why there is no workforce to show as at ``as_at`` (no staff at all, or none yet), or ``None``."""
    bounds = history_bounds(db)
    if bounds is None:
        return NO_WORKFORCE
    if as_at < bounds[0]:
        return before_history(as_at, *bounds)
    return None


class DataScreen(ExportsTables, Screen[None], Generic[T]):
    """A screen whose data is loaded as at the app's date by a thread worker.

    When :meth:`nothing_to_show` finds the database has nothing for the screen, its body gives way
    to a notice saying what is missing and how to get it.
    """

    MODE = ""
    DEFAULT_CSS = """
    DataScreen.-nothing-to-show #body { display: none; }
    DataScreen.-nothing-to-show #nothing-to-show { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown_as_at: date | None = None
        self._shown_version = -1

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield NavTabs(self.MODE, self.app.size.width)
        yield EmptyState(id="nothing-to-show")
        with Container(id="body"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "as_at", self._as_at_changed, init=False)
        self.reload()

    def on_screen_resume(self) -> None:
        if self._shown_as_at is None:
            return
        if (
            self._shown_as_at != self.cswork.as_at
            or self._shown_version != self.cswork.data_version
        ):
            self.reload()

    def _as_at_changed(self, as_at: date | None) -> None:
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        """Fetch the screen's data again as at the app's date."""
        self.query_one("#body").loading = True
        self._shown_version = self.cswork.data_version
        self._load(self.cswork.db_path, self.cswork.as_at, self.cswork.today)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, path: Path, as_at: date | None, today: date) -> None:
        worker = get_current_worker()
        db = open_db(path, create=False)
        try:
            when = as_at or default_as_at(db, today)
            late = after_last_data(db, when)
            if (notice := self.nothing_to_show(db, when)) is not None:
                self.post_message(NothingToShow(when, notice, late))
                return
            with building():
                for data in self.fetch_stages(db, when):
                    if worker.is_cancelled:
                        return
                    loaded = DataLoaded(when, data, late)
                    self.post_message(loaded)
                    # The next stage waits until this one is drawn: fetching it meanwhile would
                    # only slow the drawing (one interpreter), and keep the figures from view.
                    while not loaded.drawn.wait(0.05):
                        if worker.is_cancelled or not self.is_running:
                            return
        finally:
            db.close()

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        """Why the database has nothing for this screen (runs in the worker), or ``None``."""
        return None

    def fetch(self, db: Database, as_at: date) -> T:
        """Read the screen's data (runs in a worker thread, with the worker's own connection)."""
        raise NotImplementedError

    def fetch_stages(self, db: Database, as_at: date) -> Iterator[T]:
        """The data in stages, each shown as it arrives: by default, :meth:`fetch` in one go."""
        yield self.fetch(db, as_at)

    def show(self, data: T) -> None:
        """Put freshly loaded data on screen (runs on the UI thread)."""
        raise NotImplementedError

    @on(DataLoaded)
    def _loaded(self, message: DataLoaded[T]) -> None:
        self._shown_as_at = message.as_at
        self.cswork.settle_as_at(message.as_at, message.late)
        self.query_one("#body").loading = False
        if self.has_class("-nothing-to-show"):
            self.remove_class("-nothing-to-show")
            self.refresh_bindings()
        self.show(message.data)
        self.call_after_refresh(message.drawn.set)

    @on(NothingToShow)
    def _nothing_to_show(self, message: NothingToShow) -> None:
        self._shown_as_at = message.as_at
        self.cswork.settle_as_at(message.as_at, message.late)
        self.query_one("#body").loading = False
        self.query_one("#nothing-to-show", EmptyState).show_notice(message.notice)
        self.add_class("-nothing-to-show")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen's own keys do nothing (and leave the footer) while its body is hidden; in a
        read-only app, those that change the database or write a file are never offered."""
        if self.cswork.read_only and action in WRITING_ACTIONS:
            return False
        return not (self.has_class("-nothing-to-show") and action in self._own_actions())

    def _own_actions(self) -> set[str]:
        return {binding.action for binding in self.BINDINGS if isinstance(binding, Binding)} | {
            "export"
        }

    @property
    def export_as_at(self) -> date | None:
        """The date of the figures on show (``None`` while loading)."""
        return self._shown_as_at

    @property
    def screen_name(self) -> str:
        """The screen's name as the tab bar gives it."""
        return next((s.label for s in SCREENS if s.mode == self.MODE), self.MODE.title())

    @on(Tabs.TabActivated)
    def _navigate(self, event: Tabs.TabActivated) -> None:
        event.stop()
        mode = event.tab.id or self.MODE
        if mode != self.MODE:
            self.app.switch_mode(mode)


def fit_tab_labels(tabs: TabbedContent, labels: dict[str, tuple[str, str]], width: int) -> None:
    """Label each pane's tab in full (the first of its pair) when every full label fits across
    ``width`` (a tab is its label and a space either side), else in short: at 80 columns the
    last tabs otherwise lie past the right edge, with nothing to say they are there."""
    full = sum(len(label) + 2 for label, _ in labels.values()) <= width
    for pane, (long_label, short_label) in labels.items():
        tabs.get_tab(pane).label = long_label if full else short_label
