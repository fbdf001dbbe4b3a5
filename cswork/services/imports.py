"""Import use cases for the CLI and the TUI: run (or preview) an import, list the log, undo.

Plain functions over a :class:`~cswork.store.Database`, safe to call from a worker thread that owns
its connection. An import is all or nothing: it is parsed and applied inside one transaction that is
rolled back when any problem is found, and always on a dry run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cswork.importers.context import ImportContext
from cswork.importers.readers import ReadError, scan
from cswork.model.imports import (
    ApplyCounts,
    ImportAbortedError,
    ImportOptions,
    Problem,
    ProblemLimitError,
    Problems,
)
from cswork.model.settings import Settings
from cswork.paths import is_open_database
from cswork.services.collector import building
from cswork.services.import_kinds import ImportKind, get_kind
from cswork.services.share import refresh_import_log, refresh_share_tables
from cswork.store import Database
from cswork.store.db import (
    DatabaseUnavailableError,
    IntegrityError,
    OperationalError,
    check_still_in_place,
    unavailable_reason,
)
from cswork.store.imports import (
    ImportRecord,
    Journal,
    UndoRefusedError,
    finish_import,
    get_import,
    identical_import,
    list_imports,
    log_outcome,
    start_import,
    undo,
)
from cswork.store.settings import load_settings
from cswork.store.swe import SweKeyError

__all__ = [
    "ImportAbortedError",
    "ImportOptions",
    "ImportRecord",
    "ImportResult",
    "UndoRefusedError",
    "UndoResult",
    "get_import",
    "import_log",
    "last_failed_import",
    "run_import",
    "undo_import",
]

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(clock: Clock) -> str:
    return clock().isoformat(timespec="seconds")


class _RollbackError(Exception):
    """Leave the import's transaction without committing."""


def _aborted(exc: OperationalError | OSError, what: str) -> ImportAbortedError:
    if isinstance(exc, OperationalError):
        reason = unavailable_reason(exc) or f"the database could not be written ({exc})"
    else:
        name = Path(exc.filename).name if exc.filename else "a file"
        reason = f"cannot read {name}: {exc.strerror or exc}"
    return ImportAbortedError(f"{what} stopped, nothing written: {reason}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did, or on a dry run would do.

    ``outcome`` is 'ok', 'failed', 'no-op' (an identical file already imported, or no data rows)
    or 'dry-run'. ``import_id`` is the log row (``None`` on a dry run). ``no_data_rows``: the file
    had a header but no data rows, so nothing was (or would be) imported; a warning says so.
    """

    kind: str
    file_name: str
    sha256: str
    outcome: str
    import_id: int | None
    counts: ApplyCounts
    message: str
    problems: tuple[Problem, ...] = ()
    truncated: bool = False
    warnings: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default=())
    no_data_rows: bool = False
    hints: tuple[str, ...] = ()
    #: What the import creates from names the file gives: ("teams", names), ("cohorts", names).
    created: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file was accepted (imported, previewed, or nothing to do)."""
        return self.outcome != "failed"

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data with stable keys (problems include the offending values)."""
        return {
            "kind": self.kind,
            "file": self.file_name,
            "sha256": self.sha256,
            "outcome": self.outcome,
            "import_id": self.import_id,
            "rows_read": self.counts.read,
            "rows_added": self.counts.added,
            "rows_changed": self.counts.changed,
            "rows_closed": self.counts.closed,
            "rows_skipped": self.counts.skipped,
            "message": self.message,
            "warnings": list(self.warnings),
            "details": list(self.details),
            "problems": [p.as_json() for p in self.problems],
            "problems_truncated": self.truncated,
            "no_data_rows": self.no_data_rows,
            "hints": list(self.hints),
            "created": {what: list(names) for what, names in self.created},
        }

    def created_lines(self) -> list[str]:
        """Every team and cohort the import creates (or on a dry run would create), one line per
        kind: "would create 2 new teams: Team A, Team B"."""
        verb = "would create" if self.outcome == "dry-run" else "created"
        return [
            f"{verb} {len(names)} new {what if len(names) != 1 else what[:-1]}: {', '.join(names)}"
            for what, names in self.created
        ]


@dataclass(frozen=True, slots=True)
class UndoResult:
    """An undone import and how many journalled rows were restored."""

    import_id: int
    rows_restored: int


def _rows(count: int, kind: str = "") -> str:
    """'1 row', '597,600 rows', '2 blank or total rows' ..."""
    return f"{count:,} {kind}row{'s' * (count != 1)}"


def _summary(counts: ApplyCounts, verb: str = "") -> str:
    return (
        f"{_rows(counts.read)} read; {verb}{counts.added:,} added, {counts.changed:,} changed, "
        f"{counts.closed:,} closed; {_rows(counts.skipped, 'blank or total ')} skipped"
    )


#: Tables whose rows an import creates from the names a file gives (an unknown team or cohort).
CREATED_BY_NAME = ("teams", "cohorts")


def run_import(
    db: Database,
    kind: str,
    path: Path,
    options: ImportOptions | None = None,
    *,
    dry_run: bool = False,
    clock: Clock = _utc_now,
) -> ImportResult:
    """Validate ``path`` as ``kind`` and apply it atomically (or only preview it on a dry run).

    Raises :class:`KeyError` for an unknown kind, and :class:`ImportAbortedError` (having written
    nothing) when the database or the file cannot be used; every problem with the file's contents
    is reported in the result (outcome 'failed'), never raised.
    """
    spec = get_kind(kind)
    if is_open_database(Path(path)):
        raise ImportAbortedError(
            f"import stopped, nothing written: {Path(path).name} is the database cswork is using "
            "(or part of it), not a file to import"
        )
    try:
        return _run_import(db, spec, Path(path), options, dry_run=dry_run, clock=clock)
    except (OperationalError, OSError) as exc:
        raise _aborted(exc, "import") from exc
    except (SweKeyError, DatabaseUnavailableError) as exc:
        raise ImportAbortedError(f"import stopped, nothing written: {exc}") from exc


def _run_import(
    db: Database,
    spec: ImportKind,
    path: Path,
    options: ImportOptions | None,
    *,
    dry_run: bool,
    clock: Clock,
) -> ImportResult:
    options = options or ImportOptions()
    problems = Problems(path.name, options.problem_limit)
    started = _stamp(clock)
    counts = ApplyCounts()
    try:
        facts = scan(path)
    except ReadError as exc:
        problems.items.append(Problem(exc.file or path.name, 0, "", "", str(exc)))
        return _failed(db, spec.name, path.name, "", counts, problems, started, clock, dry_run)
    settings = load_settings(db)
    previous = identical_import(db, spec.name, facts.sha256)
    if previous is not None and _plain(options, settings):
        return _identical(db, spec.name, path.name, facts.sha256, previous, started, clock, dry_run)

    ctx = ImportContext(path, path.name, facts, options, settings, problems, counts)
    truncated = False
    import_id = None
    unchanged = False
    created: tuple[tuple[str, tuple[str, ...]], ...] = ()
    try:
        with building(), db.atomic():
            import_id = start_import(db, spec.name, path.name, facts.sha256, started)
            journal = Journal(db, import_id)
            spec.apply(db, spec.parse(ctx), ctx, journal)
            unchanged = not journal.changed_anything()
            created = tuple(
                (table, tuple(names))
                for table in CREATED_BY_NAME
                if (names := journal.created_names(table))
            )
            if problems or dry_run or counts.read == 0 or unchanged:
                raise _RollbackError  # a file that changes nothing is not an import in force
            message = _summary(counts)
            finish_import(db, import_id, counts, outcome="ok", at=_stamp(clock), message=message)
            refresh_share_tables(db, clock=clock)
            check_still_in_place(db)  # else the commit would go to a file nobody will open
    except _RollbackError:
        pass
    except ProblemLimitError:
        truncated = True
    except ReadError as exc:
        problems.items.append(Problem(exc.file or path.name, 0, "", "", str(exc)))
    except IntegrityError as exc:
        problems.items.append(
            Problem(path.name, 0, "", "", f"the database refused the data ({exc})")
        )
    warnings, details = tuple(ctx.warnings), tuple(counts.details)
    if problems:
        return _failed(
            db, spec.name, path.name, facts.sha256, counts, problems, started, clock, dry_run,
            truncated=truncated, warnings=warnings, hints=mapping_hints(problems.items, ctx),
        )  # fmt: skip
    if counts.read == 0:
        return _no_data_rows(db, spec.name, path.name, facts.sha256, counts, started, clock,
                             dry_run, warnings)  # fmt: skip
    if previous is not None and not (counts.added or counts.changed or counts.closed):
        return _identical(db, spec.name, path.name, facts.sha256, previous, started, clock, dry_run)
    if unchanged and not dry_run:
        return _changes_nothing(db, spec.name, path.name, facts.sha256, counts, started, clock,
                                warnings)  # fmt: skip
    if options.snapshot is not None and counts.closed > counts.read:
        warnings += (
            f"the snapshot closes {counts.closed} spells, more than the {counts.read} rows the "
            f"file lists: check it is everyone in post on {options.snapshot.isoformat()} "
            "(undo the import if not)",
        )
    if previous is not None:
        warnings += (
            f"the same file as import #{previous.id} ({previous.file_name}), read again with "
            "these options and settings, changes what is stored",
        )
    if dry_run:
        message = "dry run: " + _summary(counts, "would be ") + "; nothing written"
        return ImportResult(
            spec.name, path.name, facts.sha256, "dry-run", None, counts, message,
            warnings=warnings, details=details, created=created,
        )  # fmt: skip
    return ImportResult(
        spec.name, path.name, facts.sha256, "ok", import_id, counts, _summary(counts),
        warnings=warnings, details=details, created=created,
    )  # fmt: skip


#: Settings an import reads (hours become FTE by ``standard_hours``).
IMPORT_SETTINGS = ("standard_hours",)


def _plain(options: ImportOptions, settings: Settings) -> bool:
    """Whether a file means what it did whatever options and settings it was imported with: no
    option that changes what a file means was given, and no setting an import reads is changed
    from its default. Then an identical file is recognised by its digest alone; otherwise it is
    read again, and is a no-op only if it would change nothing."""
    if any(key in settings.overrides for key in IMPORT_SETTINGS):
        return False
    return options == ImportOptions(problem_limit=options.problem_limit)


def _identical(
    db: Database,
    kind: str,
    file_name: str,
    sha256: str,
    previous: ImportRecord,
    started: str,
    clock: Clock,
    dry_run: bool,
) -> ImportResult:
    """The no-op result (logged unless a dry run) for a file an import in force already holds."""
    message = (
        f"identical to import #{previous.id} of {previous.file_name} "
        f"({previous.started_at}); nothing changed"
    )
    counts = ApplyCounts()
    import_id = None
    if not dry_run:
        import_id = log_outcome(
            db, kind, file_name, sha256, counts, outcome="no-op",
            started=started, finished=_stamp(clock), message=message,
        )  # fmt: skip
        refresh_import_log(db, clock=clock)
    return ImportResult(kind, file_name, sha256, "no-op", import_id, counts, message)


#: The warning for a file with a header and no data rows.
NO_DATA_ROWS = "the file has a header but no data rows; nothing was imported"


def _no_data_rows(
    db: Database,
    kind: str,
    file_name: str,
    sha256: str,
    counts: ApplyCounts,
    started: str,
    clock: Clock,
    dry_run: bool,
    warnings: tuple[str, ...],
) -> ImportResult:
    """The no-op result (logged unless a dry run) for a file with no data rows."""
    message = (
        f"no data rows ({_rows(counts.skipped, 'blank or total ')} skipped); nothing changed"
        if counts.skipped
        else "no data rows; nothing changed"
    )
    import_id = None
    if not dry_run:
        import_id = log_outcome(
            db, kind, file_name, sha256, counts, outcome="no-op",
            started=started, finished=_stamp(clock), message=message,
        )  # fmt: skip
        refresh_import_log(db, clock=clock)
    return ImportResult(
        kind, file_name, sha256, "no-op", import_id, counts, message,
        warnings=(*warnings, NO_DATA_ROWS), no_data_rows=True,
    )  # fmt: skip


def _changes_nothing(
    db: Database,
    kind: str,
    file_name: str,
    sha256: str,
    counts: ApplyCounts,
    started: str,
    clock: Clock,
    warnings: tuple[str, ...],
) -> ImportResult:
    """The no-op result for a file whose rows all match what is stored: logged as a no-op, so it
    is not an import in force and does not stand in the way of undoing the one before it."""
    message = f"{_rows(counts.read)} read, all as stored; nothing changed"
    import_id = log_outcome(
        db, kind, file_name, sha256, counts, outcome="no-op", started=started,
        finished=_stamp(clock), message=message,
    )  # fmt: skip
    refresh_import_log(db, clock=clock)
    return ImportResult(
        kind, file_name, sha256, "no-op", import_id, counts, message, warnings=warnings
    )


def _failed(
    db: Database,
    kind: str,
    file_name: str,
    sha256: str,
    counts: ApplyCounts,
    problems: Problems,
    started: str,
    clock: Clock,
    dry_run: bool,
    *,
    truncated: bool = False,
    warnings: tuple[str, ...] = (),
    hints: tuple[str, ...] = (),
) -> ImportResult:
    found = len(problems)
    message = f"{found}{'+' if truncated else ''} problem{'s' * (found != 1)}; nothing written"
    # nothing was written, so nothing was added, changed or closed, whatever the rows would have
    counts = ApplyCounts(read=counts.read, skipped=counts.skipped)
    import_id = None
    if not dry_run:
        import_id = log_outcome(
            db, kind, file_name, sha256, counts, outcome="failed", started=started,
            finished=_stamp(clock), message=message, problems=problems.items,
        )  # fmt: skip
        refresh_import_log(db, clock=clock)
    in_file_order = tuple(sorted(problems.items, key=lambda problem: problem.row))
    return ImportResult(
        kind, file_name, sha256, "failed", import_id, counts, message,
        problems=in_file_order, truncated=truncated, warnings=warnings, hints=hints,
    )  # fmt: skip


#: Reasons for a label a ``[values.<field>]`` table in a mapping file could relabel.
RELABELLED = (
    "unknown contract type",
    "unknown role",
    "unknown leaving reason",
    "unknown leaver destination",
    "unknown case type",
    "unknown demand measure",
)
#: Example labels shown per field in a hint.
HINT_EXAMPLES = 3


def mapping_hints(problems: Sequence[Problem], ctx: ImportContext) -> tuple[str, ...]:
    """For each field with labels the importer does not know, the ``[values.<field>]`` table
    a mapping file would need (with up to three of the labels and a target to fill in)."""
    field_of = {ctx.header[i]: name for name, i in ctx.positions.items() if i < len(ctx.header)}
    labels: dict[str, list[str]] = {}
    for problem in problems:
        name = field_of.get(problem.column)
        if name is None or not problem.value or not problem.reason.startswith(RELABELLED):
            continue
        known = labels.setdefault(name, [])
        if problem.value not in known and len(known) < HINT_EXAMPLES:
            known.append(problem.value)
    return tuple(
        f"a --mapping FILE.toml can relabel what {name!r} holds, e.g.\n  [values.{name}]\n"
        + "\n".join(f'  {json.dumps(label, ensure_ascii=False)} = "..."' for label in known)
        for name, known in labels.items()
    )


def import_log(db: Database) -> list[ImportRecord]:
    """The import log, newest first."""
    return list_imports(db)


def last_failed_import(db: Database) -> ImportRecord | None:
    """The most recent failed import (with its problems, without values), if any."""
    return next((record for record in list_imports(db) if record.outcome == "failed"), None)


def undo_import(db: Database, import_id: int, *, clock: Clock = _utc_now) -> UndoResult:
    """Reverse import ``import_id`` exactly; :class:`UndoRefusedError` says why it cannot be.

    Raises :class:`ImportAbortedError` (having changed nothing) if the database cannot be written.
    """
    try:
        with db.atomic():
            restored = undo(db, import_id, _stamp(clock))
            refresh_share_tables(db, clock=clock)
    except OperationalError as exc:
        raise _aborted(exc, "undo") from exc
    return UndoResult(import_id, restored)
