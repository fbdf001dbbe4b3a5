"""What screens and the command palette ask of the app, declared apart from the app itself.

The app module imports the screens and the palette; if they imported the app back, the two would
form a circle. They see the app through :class:`AppShell` instead, and ``cswork.tui.app`` checks
that its app provides it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Protocol

#: Screen actions that change the database or write a file: hidden in a read-only app.
WRITING_ACTIONS = frozenset({"start_import", "undo", "save", "copy", "delete", "export"})


class AppShell(Protocol):
    """The cswork app as its screens and commands use it: the database, the clock, the as-at
    date, and the app-wide actions."""

    #: The scenario with edits not yet saved, if any (quitting asks first).
    unsaved_scenario: str | None

    @property
    def db_path(self) -> Path:
        """The database every screen reads."""

    @property
    def today(self) -> date:
        """The app's clock (tests fix it)."""

    @property
    def as_at(self) -> date | None:
        """The date every screen reports as at (``None``: the latest data's)."""

    @property
    def read_only(self) -> bool:
        """Whether imports, undo, scenario edits and file exports are hidden."""

    @property
    def data_version(self) -> int:
        """Counts imports and undos, so a screen shown again after one reloads its data."""

    def settle_as_at(self, as_at: date, late: str | None = None) -> None:
        """Record the date a screen resolved (the latest data) without reloading anything."""

    def note_data_changed(self) -> None:
        """An import or undo changed the data."""

    def seen_own_write(self) -> None:
        """A worker of the app's own has just written to the database: not another program's
        change (called from the worker's thread)."""

    def own_writes(self) -> AbstractContextManager[None]:
        """Around a short write of the app's own, from a worker's thread: never taken for another
        program's change."""

    def wait_for_skill_line(self, as_at: date, cancelled: Callable[[], bool]) -> None:
        """Wait (in a worker) for the line of past skill as at ``as_at``, if a second process is
        working it out, until it is kept or ``cancelled()``."""

    def work_out_elsewhere(self, as_at: date, scenario: str, cancelled: Callable[[], bool]) -> None:
        """The Projections screen's view of ``scenario`` as at ``as_at`` is not kept (called from
        its worker): have it worked out in a second process, and wait until it is kept or
        ``cancelled()``."""

    def show_worker(self, ref: str) -> None:
        """Jump to one worker on the Staff screen."""

    @property
    def export_dir(self) -> Path:
        """Where exports are suggested."""

    def remember_export_dir(self, folder: Path) -> None:
        """Suggest ``folder`` for the next export."""

    def run_screen_action(self, mode: str, action: str) -> None:
        """Show screen ``mode`` and run one of its actions."""

    def action_pick_as_at(self) -> None:
        """Ask for the as-at date."""

    def action_write_report(self) -> None:
        """Ask for and write the board report."""

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""

    def action_help(self) -> None:
        """List every key active here."""


def shell(app: object) -> AppShell:
    """``app`` as the cswork app (screens and commands only ever run inside it)."""
    if not hasattr(app, "data_version"):
        raise TypeError(f"{type(app).__name__} is not the cswork app")
    return app  # type: ignore[return-value]
