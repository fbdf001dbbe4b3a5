"""The base of every data screen: navigation, loading off the UI thread, and worker errors.

A screen names its mode, says what to compose in its body, how to fetch its data from a database
(run in a thread worker with its own connection) and how to show it. This is the one place where a
failed worker becomes an error dialog rather than a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Tabs
from textual.worker import Worker, WorkerState, get_current_worker

from cswork.export.tables import ExportError
from cswork.services.summary import default_as_at
from cswork.store import Database, StoreError, open_db
from cswork.store.imports import UndoRefusedError
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.widgets.nav import NavTabs

if TYPE_CHECKING:
    from cswork.tui.app import CsworkApp

T = TypeVar("T")


class DataLoaded(Message, Generic[T]):
    """A screen's data, fetched as at ``as_at`` by a worker."""

    def __init__(self, as_at: date, data: T) -> None:
        super().__init__()
        self.as_at = as_at
        self.data = data


#: Errors whose message tells the user what to do; anything else is reported as unexpected.
EXPECTED_ERRORS = (StoreError, ExportError, UndoRefusedError, ValueError, OSError)


def describe_error(error: BaseException | None) -> tuple[str, str]:
    """A worker's error as a dialog title and message: our own errors speak for themselves."""
    if isinstance(error, EXPECTED_ERRORS):
        return "Could not do that", str(error)
    if error is None:
        return "Something went wrong", "The task failed."
    return "Something went wrong", f"Unexpected {type(error).__name__}: {error}"


class DataScreen(Screen[None], Generic[T]):
    """A screen whose data is loaded as at the app's date by a thread worker."""

    MODE = ""

    def __init__(self) -> None:
        super().__init__()
        self._shown_as_at: date | None = None

    @property
    def cswork(self) -> CsworkApp:
        """The app, typed."""
        from cswork.tui.app import CsworkApp

        assert isinstance(self.app, CsworkApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield NavTabs(self.MODE)
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
        if self._shown_as_at is not None and self._shown_as_at != self.cswork.as_at:
            self.reload()

    def _as_at_changed(self, as_at: date | None) -> None:
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        """Fetch the screen's data again as at the app's date."""
        self.query_one("#body").loading = True
        self._load(self.cswork.db_path, self.cswork.as_at, self.cswork.today)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, path: Path, as_at: date | None, today: date) -> None:
        worker = get_current_worker()
        db = open_db(path, create=False)
        try:
            when = as_at or default_as_at(db, today)
            for data in self.fetch_stages(db, when):
                if worker.is_cancelled:
                    return
                self.post_message(DataLoaded(when, data))
        finally:
            db.close()

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
        self.cswork.settle_as_at(message.as_at)
        self.query_one("#body").loading = False
        self.show(message.data)

    @on(Tabs.TabActivated)
    def _navigate(self, event: Tabs.TabActivated) -> None:
        event.stop()
        mode = event.tab.id or self.MODE
        if mode != self.MODE:
            self.app.switch_mode(mode)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn a failed worker into an error dialog (the one place that does)."""
        if event.state is WorkerState.ERROR:
            self.query_one("#body").loading = False
            title, message = describe_error(event.worker.error)
            self.app.push_screen(ErrorDialog(message, title))
