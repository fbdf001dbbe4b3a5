"""What every command shares: the ``--db`` option, exit codes, stdout/stderr consoles, dates."""

from __future__ import annotations

import sys
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from cswork.services.database import Database


class Exit(IntEnum):
    """Exit codes that mean something to a script."""

    OK = 0
    INVALID_INPUT = 1  # the file or value given was rejected; nothing was written
    USAGE = 2  # typer's own code for a bad command line
    NO_DATA = 3  # no database, not a cswork database, or nothing to show
    ENVIRONMENT = 4  # the database is locked or read-only, the disk is full, a write failed


#: What each exit code means, as ``cswork --help`` and the README say it (one meaning each).
EXIT_MEANINGS: dict[Exit, str] = {
    Exit.OK: "success",
    Exit.INVALID_INPUT: "input rejected (nothing written)",
    Exit.USAGE: "usage error",
    Exit.NO_DATA: "no database, not a cswork database, or no data",
    Exit.ENVIRONMENT: (
        "the environment stopped it (database locked by another program or read-only, disk full, "
        "a file or stdout that cannot be written), with one line saying which and nothing written"
    ),
}


def exit_codes_text() -> str:
    """The exit codes in one sentence."""
    return "Exit codes: " + "; ".join(f"{code} {EXIT_MEANINGS[code]}" for code in Exit) + "."


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file. Default: $CSWORK_DB, else the per-user data directory.",
        show_default=False,
    ),
]

AsAtOption = Annotated[
    str | None,
    typer.Option(
        "--as-at",
        help="Date to report as at (30/09/2025 or 2025-09-30). Default: latest data.",
        show_default=False,
    ),
]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout for scripts.")]


def stdout() -> Console:
    """The console for data (strings are never read as markup; control characters never reach
    the terminal)."""
    from cswork.render.safe import SafeConsole

    return SafeConsole()


def stderr() -> Console:
    """The console for diagnostics, as safe as :func:`stdout`."""
    from cswork.render.safe import SafeConsole

    return SafeConsole(stderr=True)


def fail(message: str, code: Exit = Exit.INVALID_INPUT) -> NoReturn:
    """Print ``message`` on stderr (as plain text, whatever it repeats) and exit with ``code``."""
    from rich.text import Text

    stderr().print(
        Text.assemble(("error:", "bold red"), " ", message), highlight=False, soft_wrap=True
    )
    raise typer.Exit(int(code))


def parse_date_option(text: str, option: str) -> date:
    """A date option value (UK or ISO, read as imports and the app read dates), or a clear
    usage error ("2025-02-30 is not a real date")."""
    from cswork.model.dates import parse_user_date

    try:
        return parse_user_date(text)
    except ValueError as exc:
        fail(f"{option}: {exc}", Exit.USAGE)


def resolve_as_at(store: Database, as_at: str | None) -> date:
    """The ``--as-at`` date given, else the latest date the store has data for (not after today)."""
    from cswork.services.summary import default_as_at

    if as_at:
        when = parse_date_option(as_at, "--as-at")
        warn_after_last_data(store, when)
        return when

    return default_as_at(store, date.today())


def warn_after_last_data(store: Database, when: date) -> None:
    """Say on standard error when ``when`` is after the last data held, and what the figures
    then take as given."""
    from cswork.services.summary import after_last_data

    if (late := after_last_data(store, when)) is not None:
        stderr().print(f"warning: {late}.", style="yellow", soft_wrap=True)


def open_store(db_path: Path | None, *, create: bool = False) -> Database:
    """Open the resolved database, turning store problems into clear errors."""
    from cswork.paths import resolve_db_path
    from cswork.services.database import DatabaseUnavailableError, StoreError, open_db

    path = resolve_db_path(db_path)
    try:
        return open_db(path, create=create)
    except DatabaseUnavailableError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    except StoreError as exc:
        fail(str(exc), Exit.NO_DATA)


def require_workforce(store: Database) -> None:
    """Stop (exit code 3, no data) unless the store holds a workforce to count or project."""
    from cswork.services.database import has_workforce

    if not has_workforce(store):
        fail("no workforce in the database: import staff or run 'cswork demo' first", Exit.NO_DATA)


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON on stdout (flushed, so a failed write is reported)."""
    from cswork.commands.json_text import indented_json

    sys.stdout.write(indented_json(data) + "\n")
    sys.stdout.flush()


def environment_failure(exc: BaseException) -> str | None:
    """What the user is told when a command is stopped by its surroundings (a locked or read-only
    database, a full disk, a file that cannot be written), or ``None`` for any other error."""
    from cswork.services.database import unavailable_reason

    return unavailable_reason(exc)


def write_file(path: Path, content: bytes) -> None:
    """Write a file the user asked for (owner-only, via a temporary file and a rename); a bad
    destination is rejected input (exit 1), a failed write the environment (exit 4)."""
    from cswork.export.files import DestinationError, write_private_bytes

    try:
        write_private_bytes(path, content)
    except DestinationError as exc:
        fail(str(exc), Exit.INVALID_INPUT)
    except OSError as exc:
        fail(f"cannot write {path}: {environment_failure(exc)}", Exit.ENVIRONMENT)


#: For commands taking a VALUE: '-0.02' (demand falling 2 % a year) is that value, not an unknown
#: option '-0'. A misspelt option is then an unexpected extra argument, still a usage error.
NEGATIVE_VALUES: dict[str, Any] = {"ignore_unknown_options": True}
