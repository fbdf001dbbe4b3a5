"""Write the board report from the app: format, sections, scenario and file, written by a worker
thread with progress, and the path shown at the end (the same paper as ``cswork report``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, SelectionList
from textual.worker import Worker, WorkerState

from cswork.report.inputs import SECTIONS, Progress, ReportOptions
from cswork.report.write import FORMATS

FORMAT_CHOICES: tuple[tuple[str, str], ...] = (
    ("HTML: one file, prints to A4", "html"),
    ("Word (.docx)", "docx"),
    ("Markdown, charts as SVG beside it", "md"),
)
_SUFFIX = {"html": ".html", "docx": ".docx", "md": ".md"}


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the dialog asks the worker to write."""

    fmt: str
    path: Path
    sections: tuple[str, ...]
    scenario: str
    compare: str | None


class ReportError(Exception):
    """The report could not be written; the message says why and what to do."""


def check_request(
    fmt: str, path_text: str, sections: list[str], scenario: str, compare: str
) -> ReportRequest:
    """The request, or :class:`ReportError` naming the field to fix."""
    if fmt not in FORMATS:
        raise ReportError("Choose a format.")
    if not sections:
        raise ReportError("Choose at least one section.")
    if not path_text.strip():
        raise ReportError("Give the file to write.")
    path = Path(path_text.strip()).expanduser()
    if path.is_dir():
        raise ReportError(f"{path} is a folder: give a file name.")
    if not path.parent.is_dir():
        raise ReportError(f"No folder {path.parent}: create it first or choose another.")
    if not scenario.strip():
        raise ReportError("Give the scenario for the outlook (baseline if unsure).")
    order = [key for key, _ in SECTIONS]
    chosen = tuple(sorted(set(sections), key=order.index))
    return ReportRequest(fmt, path, chosen, scenario.strip(), compare.strip() or None)


def write_board_report(
    db_path: Path, as_at: date | None, today: date, request: ReportRequest, tell: Progress
) -> Path:
    """Build and write the paper (runs in a worker thread with its own connection)."""
    from cswork.report.build import build_report
    from cswork.report.write import ReportWriteError, write_report
    from cswork.services.database import StoreError, open_db
    from cswork.services.projection import scenario_assumptions
    from cswork.services.scenarios import ScenarioError
    from cswork.services.summary import default_as_at

    try:
        db = open_db(db_path, create=False)
    except StoreError as exc:
        raise ReportError(str(exc)) from exc
    try:
        if not db.execute("SELECT 1 FROM role_spells LIMIT 1").fetchone():
            raise ReportError("No workforce in the database: import staff first.")
        when = as_at or default_as_at(db, today)
        for name in filter(None, (request.scenario, request.compare)):
            try:
                scenario_assumptions(db, name, when)
            except ScenarioError as exc:
                raise ReportError(str(exc)) from exc
        options = ReportOptions(
            as_at=when,
            sections=request.sections,
            scenario=request.scenario,
            compare=request.compare,
        )
        document = build_report(db, options, tell)
    finally:
        db.close()
    tell(f"writing the {request.fmt} file", 0.75)
    try:
        write_report(document, request.path, request.fmt)
    except ReportWriteError as exc:
        raise ReportError(str(exc)) from exc
    tell("done", 1.0)
    return request.path


class ReportDialog(ModalScreen[Path | None]):
    """Asks for the format, sections, scenario and file; writes the paper; returns its path."""

    DEFAULT_CSS = """
    ReportDialog { align: center middle; }
    ReportDialog > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 95%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ReportDialog #report-title { text-style: bold; }
    ReportDialog .report-row { height: auto; }
    ReportDialog #report-title { margin-bottom: 1; }
    ReportDialog .report-row > Label { width: 12; }
    ReportDialog .report-row > Input, ReportDialog .report-row > Select { width: 1fr; }
    ReportDialog SelectionList { width: 1fr; height: auto; max-height: 9; }
    ReportDialog #report-status { width: 100%; height: auto; color: $text-muted; }
    ReportDialog #report-status.-error { color: $error; }
    ReportDialog #report-status.-done { color: $success; }
    ReportDialog ProgressBar { display: none; }
    ReportDialog ProgressBar.-running { display: block; }
    ReportDialog #report-buttons { height: auto; }
    ReportDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, db_path: Path, as_at: date | None, today: date) -> None:
        super().__init__()
        self.db_path = db_path
        self.as_at = as_at
        self.today = today
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        stamp = (self.as_at or self.today).isoformat()
        with Vertical():
            yield Label("Write board report", id="report-title")
            with Horizontal(classes="report-row"):
                yield Label("Format")
                yield Select(
                    [(label, key) for label, key in FORMAT_CHOICES],
                    value="html",
                    allow_blank=False,
                    compact=True,
                    id="report-format",
                )
            with Horizontal(classes="report-row"):
                yield Label("Sections")
                yield SelectionList[str](
                    *((title, key, True) for key, title in SECTIONS),
                    compact=True,
                    id="report-sections",
                )
            with Horizontal(classes="report-row"):
                yield Label("Scenario")
                yield Input("baseline", compact=True, id="report-scenario")
            with Horizontal(classes="report-row"):
                yield Label("Compare")
                yield Input(
                    "", placeholder="another scenario (optional)", compact=True, id="report-compare"
                )
            with Horizontal(classes="report-row"):
                yield Label("File")
                yield Input(
                    str(Path.cwd() / f"workforce-report-{stamp}.html"),
                    compact=True,
                    id="report-path",
                )
            yield ProgressBar(total=1.0, show_eta=False, id="report-progress")
            yield Label("", id="report-status", markup=False)
            with Horizontal(id="report-buttons"):
                yield Button("Write", variant="primary", id="write")
                yield Button("Cancel", id="cancel")

    @on(Select.Changed, "#report-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the file's suffix in step with the format chosen."""
        field = self.query_one("#report-path", Input)
        path = Path(field.value.strip())
        if isinstance(event.value, str) and path.suffix.lower() in {
            ".html",
            ".htm",
            ".docx",
            ".md",
        }:
            field.value = str(path.with_suffix(_SUFFIX[event.value]))

    def _status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#report-status", Label)
        status.update(text)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "done", "-done")

    @on(Button.Pressed, "#write")
    @on(Input.Submitted)
    def _write(self) -> None:
        if self.written is not None:
            self.dismiss(self.written)
            return
        fmt = self.query_one("#report-format", Select).value
        try:
            request = check_request(
                fmt if isinstance(fmt, str) else "",
                self.query_one("#report-path", Input).value,
                list(self.query_one("#report-sections", SelectionList).selected),
                self.query_one("#report-scenario", Input).value,
                self.query_one("#report-compare", Input).value,
            )
        except ReportError as exc:
            self._status(str(exc), "error")
            return
        self.query_one("#write", Button).disabled = True
        self.query_one("#report-progress", ProgressBar).add_class("-running")
        self._status("Reading the figures…")
        self._run(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def _run(self, request: ReportRequest) -> Path | str:
        """The path written, or why nothing was (a refusal is an answer, not a worker failure)."""

        def progress(phrase: str, share: float) -> None:
            self.app.call_from_thread(self._progress, phrase, share)

        try:
            return write_board_report(self.db_path, self.as_at, self.today, request, progress)
        except ReportError as exc:
            return str(exc)

    def _progress(self, phrase: str, share: float) -> None:
        self.query_one("#report-progress", ProgressBar).update(progress=share)
        self._status(f"{phrase[0].upper()}{phrase[1:]}…")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show the path written, or why nothing was."""
        if event.worker.group != "report":
            return
        bar = self.query_one("#report-progress", ProgressBar)
        write = self.query_one("#write", Button)
        result = event.worker.result if event.state is WorkerState.SUCCESS else None
        if isinstance(result, Path):
            self.written = result
            bar.update(progress=1.0)
            self._status(f"Written to {self.written}", "done")
            write.label = "Close"
            write.disabled = False
            self.query_one("#cancel", Button).display = False
        elif isinstance(result, str) or event.state is WorkerState.ERROR:
            bar.remove_class("-running")
            self._status(result or f"Not written: {event.worker.error!r}", "error")
            write.disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog (a report already written stays written)."""
        self.dismiss(self.written)
