"""The cswork terminal app: screens by mode, number keys, help, palette, themes, as-at date."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount

from cswork.model.usertext import printable
from cswork.services.ahead import SKILL, FiguresAhead
from cswork.services.changes import ChangeWatcher
from cswork.tui.commands import CsworkCommands
from cswork.tui.modes import SCREENS, screen_factories
from cswork.tui.prefs import default_screenshot_dir, load_prefs, prefs_path, save_prefs
from cswork.tui.shell import WRITING_ACTIONS, AppShell

THEMES = ("textual-dark", "textual-light")


class CsworkApp(App[None]):
    """Workforce and caseload figures for one authority's database, as at a date."""

    TITLE = "cswork"
    MODES: ClassVar[dict[str, Callable[[], Screen[None]]]] = screen_factories()  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"switch_mode('{screen.mode}')", screen.label, show=False)
            for n, screen in enumerate(SCREENS, start=1)
        ),
        Binding("f1", "help", "Help"),
        Binding("a", "pick_as_at", "As at"),
        Binding("t", "toggle_theme", "Theme"),
        Binding("f5", "refresh_data", "Refresh", show=False),
    ]
    COMMANDS = App.COMMANDS | {CsworkCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual declares it)

    as_at: reactive[date | None] = reactive(None, init=False)
    #: How often the app looks for changes another program made to the database (seconds).
    WATCH_SECONDS = 2.0

    def __init__(
        self,
        db_path: Path,
        today: date,
        as_at: date | None = None,
        *,
        read_only: bool = False,
        work_ahead: bool = False,
    ) -> None:
        self.prefs_path = prefs_path()
        self.prefs = load_prefs(self.prefs_path)
        last = self.prefs.last_screen
        # The app starts on the screen shown last, rather than on Textual's blank default screen
        # and then switching: that built, styled and laid out two screens before any figure.
        # Textual reads DEFAULT_MODE from the instance as it starts, so each app picks its own.
        self.DEFAULT_MODE = last if last in self.MODES else "overview"  # type: ignore[misc]
        super().__init__()
        self.db_path = Path(db_path)
        self.today = today
        #: Imports, undo, scenario edits and file exports are hidden (``cswork serve --read-only``).
        self.read_only = read_only
        #: Counts imports and undos, so a screen shown again after one reloads its data.
        self.data_version = 0
        self.set_reactive(CsworkApp.as_at, as_at)
        #: Whether the date was given (on the command line or picked), not the latest data's.
        self.as_at_chosen = as_at is not None
        self._watcher = ChangeWatcher(self.db_path)
        self._looking = False
        self.unsaved_scenario: str | None = None
        #: The last after-the-data warning shown, so it is not repeated by every screen.
        self._warned: str | None = None
        #: Works the Projections screen's figures out in a second process (``work_ahead``).
        self._ahead = FiguresAhead(self.db_path, self.own_writes) if work_ahead else None
        self._ahead_for: tuple[date, int] | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text is shown as written (notes repeat file, team and scenario names).

        Never markup, whatever ``markup`` says: a widget's ``notify`` passes ``markup=True`` by
        default, and a note naming ``[/]x.csv`` would otherwise end the app.
        """
        del markup
        super().notify(
            printable(message, keep_newlines=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.theme = self.prefs.theme if self.prefs.theme in THEMES else THEMES[0]
        self.set_interval(self.WATCH_SECONDS, self._watch_for_changes)

    def on_unmount(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
        self._watcher.close()

    def _watch_for_changes(self) -> None:
        """Look for changes another program made, unless the last look is still under way (a
        look is never cancelled: tests and the app wait for workers to finish)."""
        if not self._looking:
            self._looking = True
            self._look_for_changes()

    @work(thread=True, exit_on_error=False, group="watch")
    def _look_for_changes(self) -> None:
        """Ask the database (off the UI thread) whether anyone else wrote to it; show it if so."""
        try:
            changed = self._watcher.changed()
        finally:
            self._looking = False
        if changed:
            self.call_from_thread(self._refresh_unless_loading)

    def seen_own_write(self) -> None:
        """A worker of the app's own has just written to the database (the Projections screen
        storing the calibrated baseline the first time): the watcher takes it as seen, so that it
        is not taken for another program's change, which would load the screen again and make
        every other screen reload when next shown. Called from the worker's thread."""
        self._watcher.changed()

    def own_writes(self) -> AbstractContextManager[None]:
        """Around a short write of the app's own (the Projections screen keeping the figures it
        worked out): the watcher does not look meanwhile and takes it as seen."""
        return self._watcher.own_write()

    def _refresh_unless_loading(self) -> None:
        """Show another program's change, unless the screen is loading: its load reads the latest
        data anyway, and the change seen may be its own (the Projections screen stores the
        calibrated baseline the first time), which must not cancel and restart it."""
        loading = any(
            worker.group == "load" and not worker.is_finished and worker.node is self.screen
            for worker in self.workers
        )
        if not loading:
            self.action_refresh_data()

    def action_refresh_data(self) -> None:
        """Read the data again now (another program may have changed it)."""
        self.note_data_changed()
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()

    def remember(self, **changes: str | None) -> None:
        """Keep some preferences for next time; say so if they cannot be written."""
        self.prefs = self.prefs.with_(**changes)
        try:
            save_prefs(self.prefs_path, self.prefs)
        except OSError as exc:
            self.notify(
                f"Could not remember that in {self.prefs_path}: {exc.strerror or exc}",
                severity="warning",
            )

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show screen ``mode`` and remember it as the one to open next time."""
        if mode != self.prefs.last_screen and mode in self.MODES:
            self.remember(last_screen=mode)
        return super().switch_mode(mode)

    @property
    def export_dir(self) -> Path:
        """Where exports are suggested: the folder last exported to, else the current one."""
        folder = Path(self.prefs.export_dir) if self.prefs.export_dir else None
        return folder if folder is not None and folder.is_dir() else Path.cwd()

    def remember_export_dir(self, folder: Path) -> None:
        """Suggest ``folder`` for the next export."""
        if str(folder) != self.prefs.export_dir:
            self.remember(export_dir=str(folder))

    @property
    def screenshot_dir(self) -> Path:
        """Where screenshots are saved (set with the palette's "Screenshot folder")."""
        chosen = self.prefs.screenshot_dir
        return Path(chosen) if chosen else default_screenshot_dir()

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Save an SVG of the screen in the screenshot folder, and say where, or why it failed.
        In a browser (``cswork serve``) the browser downloads it, as Textual does."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        folder = Path(path).expanduser() if path else self.screenshot_dir
        name = filename or f"cswork-{self.current_mode}-{datetime.now():%Y%m%d-%H%M%S}.svg"
        target = folder / name
        try:
            if not folder.is_dir():
                raise FileNotFoundError(f"there is no folder {folder}")
            target.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.notify(
                f"Could not save the screenshot: {reason}. Choose another folder with "
                "Ctrl+P, 'Screenshot folder'.",
                title="Screenshot not saved",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Screenshot saved to {target}", markup=False)
        return str(target)

    def action_pick_screenshot_dir(self) -> None:
        """Ask which folder screenshots go to."""
        from cswork.tui.dialogs.folder import FolderDialog

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.remember(screenshot_dir=str(folder))
                self.notify(f"Screenshots will be saved to {folder}", markup=False)

        self.push_screen(
            FolderDialog("Save screenshots to this folder", self.screenshot_dir), chosen
        )

    def settle_as_at(self, as_at: date, late: str | None = None) -> None:
        """Record the date a screen resolved (the latest data) without reloading anything; warn
        (in the title and once in a toast) when it is after the last data held."""
        if self.as_at is None:
            self.set_reactive(CsworkApp.as_at, as_at)
        self.sub_title = f"as at {as_at:%d %b %Y}" + (" · after the last data held" if late else "")
        if late and late != self._warned:
            self.notify(late + ".", title="After the last data", severity="warning")
        self._warned = late
        self.call_after_refresh(self._work_ahead)  # once these figures are painted

    def _work_ahead(self) -> None:
        """Once the date is known, and again after each change to the data or the date, work the
        Projections screen's figures out in a second process while another screen is shown (see
        :mod:`cswork.services.ahead`); on the Projections screen, its own load works them out."""
        if self._ahead is None or self.as_at is None:
            return
        wanted = (self.as_at, self.data_version)
        if wanted == self._ahead_for:
            return
        self._ahead_for = wanted
        if self.current_mode != "projections":
            from cswork.model.projection.assumptions import BASELINE

            self._ahead.start(self.as_at, BASELINE)

    def wait_for_skill_line(self, as_at: date, cancelled: Callable[[], bool]) -> None:
        """Wait (in a worker) for the line of past skill as at ``as_at``, if a second process is
        working it out, until it is kept or ``cancelled()``."""
        if self._ahead is not None:
            self._ahead.wait(SKILL, as_at, cancelled=cancelled)

    def work_out_elsewhere(self, as_at: date, scenario: str, cancelled: Callable[[], bool]) -> None:
        """The Projections screen's view of ``scenario`` as at ``as_at`` is not kept (called from
        its worker): have it worked out in a second process, which leaves the app's interpreter
        to the screen and uses another core, and wait until it is kept or ``cancelled()``."""
        if self._ahead is not None:
            self._ahead.work_out_now(as_at, scenario, cancelled)

    def note_data_changed(self) -> None:
        """An import or undo changed the data: other screens reload when next shown, and a date
        that was only the latest data's is worked out again from the data now held."""
        self.data_version += 1
        if not self.as_at_chosen:
            self.set_reactive(CsworkApp.as_at, None)

    def run_screen_action(self, mode: str, action: str) -> None:
        """Show screen ``mode`` and run one of its actions (for the command palette)."""
        if self.read_only and action in WRITING_ACTIONS:
            self.notify("Read-only: this app cannot change the database or write files.")
            return
        self.switch_mode(mode)
        self.call_later(self.run_action, f"screen.{action}")

    def show_worker(self, ref: str) -> None:
        """Jump to one worker on the Staff screen."""
        self.switch_mode("staff")
        from cswork.tui.screens.staff import StaffScreen

        if isinstance(self.screen, StaffScreen):
            self.screen.select_worker(ref)

    def action_help(self) -> None:
        """List every key active here."""
        from cswork.tui.dialogs.help import HelpDialog

        self.push_screen(HelpDialog.for_screen(self.screen))

    def action_pick_as_at(self) -> None:
        """Ask for the as-at date; every screen reloads on it."""
        from cswork.tui.dialogs.as_at import AsAtDialog

        def chosen(when: date | None) -> None:
            if when is not None:
                self.as_at_chosen = True
                self.as_at = when

        self.push_screen(AsAtDialog(self.as_at), chosen)

    async def action_quit(self) -> None:
        """Quit; with unsaved scenario edits, ask first."""
        name = self.unsaved_scenario
        if name is None:
            self.exit()
            return
        from cswork.tui.dialogs.confirm import ConfirmDialog

        def chosen(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                "Quit without saving?",
                f"The scenario '{name}' has edits that are not saved. Quit and lose them, or "
                "cancel and save them on the Projections screen (Ctrl+S).",
                "Quit",
            ),
            chosen,
        )

    def action_write_report(self) -> None:
        """Ask what to put in the board report, write it in a worker, say where it went."""
        from cswork.tui.dialogs.report import ReportDialog

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Board report written to {path}", title="Board report", markup=False)

        self.push_screen(ReportDialog(self.db_path, self.as_at, self.today), written)

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme, and remember it."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.remember(theme=self.theme)


def _provides_the_shell(app: CsworkApp) -> AppShell:
    """Never called: mypy checks here that the app is what its screens and commands expect."""
    return app


def make_app(
    db_path: Path,
    today: date | None = None,
    as_at: date | None = None,
    *,
    read_only: bool = False,
    work_ahead: bool = False,
) -> CsworkApp:
    """The app on ``db_path``, with ``today`` as its clock (tests pass a fixed date);
    ``work_ahead``: the Projections screen's figures are worked out in a second process while
    another screen is shown (as the app run from the command line does)."""
    return CsworkApp(
        db_path, today or date.today(), as_at, read_only=read_only, work_ahead=work_ahead
    )


def run_app(
    db_path: Path, today: date | None = None, as_at: date | None = None, *, read_only: bool = False
) -> None:
    """Run the app in the terminal until the user quits."""
    make_app(db_path, today, as_at, read_only=read_only, work_ahead=True).run()
