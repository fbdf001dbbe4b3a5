"""Ask what to import: the kind of file, its path, and the options ``cswork import`` takes.

The mapping file, worksheet, snapshot date (staff only), as-at date, strict mode and keeping names
are checked here, each error shown beside its field, and passed to the same import service the
command line uses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from cswork.services.imports import ImportOptions
from cswork.tui.dialogs.as_at import parse_as_at
from cswork.tui.dialogs.buttons import highlight_button

#: The kinds a snapshot date means something for (as ``cswork import --snapshot``).
SNAPSHOT_KINDS = ("staff",)
#: Files that have worksheets.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """A file to preview (dry run) and then import, with the options to read it by."""

    kind: str
    path: Path
    options: ImportOptions = field(default_factory=ImportOptions)


def check_mapping(text: str) -> tuple[Path | None, str]:
    """The mapping file named by ``text`` (``None`` if blank), or an error saying what is wrong."""
    if not text.strip():
        return None, ""
    path = Path(text.strip()).expanduser()
    if not path.is_file():
        return None, f"No mapping file at {path}"
    try:
        tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, f"Not a TOML mapping file: {exc}"
    return path, ""


def check_snapshot(text: str, kind: str | None) -> tuple[date | None, str]:
    """The snapshot date in ``text`` (``None`` if blank), or an error saying what is wrong."""
    if not text.strip():
        return None, ""
    if kind not in SNAPSHOT_KINDS:
        return None, f"A snapshot date applies only to {' and '.join(SNAPSHOT_KINDS)} imports."
    try:
        return parse_as_at(text), ""
    except ValueError as exc:
        return None, str(exc)


def check_as_at(text: str) -> tuple[date | None, str]:
    """The date for rows of a file without a date column (``None`` if blank), or an error."""
    if not text.strip():
        return None, ""
    try:
        return parse_as_at(text), ""
    except ValueError as exc:
        return None, str(exc)


def check_sheet(text: str, path: Path) -> tuple[str | None, str]:
    """The worksheet named by ``text`` (``None`` if blank), or an error if the file has none."""
    if not text.strip():
        return None, ""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return None, "Only an XLSX workbook has worksheets; leave this blank for a CSV file."
    return text.strip(), ""


def _path_error(given: str, path: Path) -> str:
    if not given:
        return "Give the path of the file to import."
    return "" if path.is_file() else f"No file at {path}"


class StartImportDialog(ModalScreen[ImportRequest | None]):
    """Returns the kind, an existing file's path and the options, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    StartImportDialog { align: center middle; }
    StartImportDialog > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 95%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    StartImportDialog .import-field { height: auto; }
    StartImportDialog #import-title { margin-bottom: 1; }
    StartImportDialog .import-row { height: auto; }
    StartImportDialog .import-row > Label { width: 12; }
    StartImportDialog .import-row > Input, StartImportDialog .import-row > Select { width: 1fr; }
    StartImportDialog .field-error {
        display: none; color: $error; width: 100%; height: auto; padding-left: 12;
    }
    StartImportDialog .field-error.-shown { display: block; }
    StartImportDialog .import-hint { color: $text-muted; width: 100%; padding-left: 12; }
    StartImportDialog #import-flags { height: auto; padding-left: 12; }
    StartImportDialog Checkbox { margin-right: 2; }
    StartImportDialog #import-buttons { height: auto; margin-top: 1; }
    StartImportDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, kinds: dict[str, str]) -> None:
        super().__init__()
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Import a file: first a dry run shows what would change", id="import-title")
            with Horizontal(classes="import-row"):
                yield Label("Kind")
                yield Select[str](
                    ((f"{name}: {summary}", name) for name, summary in sorted(self.kinds.items())),
                    prompt="Kind of file",
                    id="import-kind",
                    compact=True,
                )
            yield Label("", id="import-error", classes="field-error")
            yield from self._field("File", "import-path", "path/to/extract.csv or .xlsx")
            yield from self._field("Mapping", "import-mapping", "optional: mapping.toml")
            yield Label("TOML naming your headers and relabelling values", classes="import-hint")
            yield from self._field("Sheet", "import-sheet", "optional: worksheet (XLSX only)")
            yield from self._field("Snapshot", "import-snapshot", "staff only: 30/09/2025")
            yield Label(
                "Lists everyone in post that day; anyone not listed is closed",
                classes="import-hint",
            )
            yield from self._field("As at", "import-as-at", "files without a date column")
            with Horizontal(id="import-flags"):
                yield Checkbox("Keep names", id="import-keep-names", compact=True)
                yield Checkbox("Strict: unknown teams are errors", id="import-strict", compact=True)
            with Horizontal(id="import-buttons"):
                yield Button("Preview", variant="primary", id="preview", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _field(label: str, field_id: str, placeholder: str) -> ComposeResult:
        with Vertical(classes="import-field"):
            with Horizontal(classes="import-row"):
                yield Label(label)
                yield Input(placeholder=placeholder, id=field_id, compact=True)
            yield Label("", id=f"{field_id}-error", classes="field-error")

    def _error(self, field_id: str, message: str) -> bool:
        """Show ``message`` beside a field (or clear it); whether there was one."""
        label = self.query_one(f"#{field_id}", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")
        return bool(message)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused button is the highlighted one; in the text box, the default one."""
        highlight_button(self, event.widget, "preview")

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        kind = self.query_one(Select).value
        chosen = None if kind is Select.NULL else str(kind)
        given = self._value("import-path").strip()
        path = Path(given).expanduser()
        mapping, mapping_error = check_mapping(self._value("import-mapping"))
        sheet, sheet_error = check_sheet(self._value("import-sheet"), path)
        snapshot, snapshot_error = check_snapshot(self._value("import-snapshot"), chosen)
        as_at, as_at_error = check_as_at(self._value("import-as-at"))
        wrong = [
            self._error("import-error", "" if chosen else "Choose the kind of file."),
            self._error("import-path-error", _path_error(given, path)),
            self._error("import-mapping-error", mapping_error),
            self._error("import-sheet-error", sheet_error),
            self._error("import-snapshot-error", snapshot_error),
            self._error("import-as-at-error", as_at_error),
        ]
        if any(wrong) or chosen is None:
            return
        options = ImportOptions(
            sheet=sheet,
            mapping=mapping,
            snapshot=snapshot,
            as_at=as_at,
            strict=self.query_one("#import-strict", Checkbox).value,
            keep_names=self.query_one("#import-keep-names", Checkbox).value,
        )
        self.dismiss(ImportRequest(chosen, path, options))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)
