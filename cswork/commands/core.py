"""Core commands: ``init``, ``demo``, ``summary`` and ``tui``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cswork.commands.common import (
    AsAtOption,
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    parse_date_option,
    print_json,
    require_workforce,
    resolve_as_at,
    stderr,
    stdout,
)


def init(
    db: DbOption = None,
    force: Annotated[
        bool,
        typer.Option(
            help="Replace an existing cswork database with an empty one (refused while another "
            "cswork has it open)."
        ),
    ] = False,
) -> None:
    """Create an empty database (owner-only permissions) and apply the schema."""
    from cswork.paths import resolve_db_path
    from cswork.services.database import schema_version

    path = resolve_db_path(db)
    existed = path.exists()
    if existed and force:
        _remove_database(path)
    store = open_store(path, create=True)
    verb = ("Recreated" if force else "Up to date") if existed else "Created"
    stderr().print(f"{verb}: {path} (schema version {schema_version(store)})", highlight=False)


def _remove_database(path: Path) -> None:
    """Delete the cswork database at ``path`` (and its journal files) so it can be made afresh.

    Refused, with nothing touched, while another cswork has it open (exit 4) or when it is not a
    cswork database (exit 3): what another process writes to a deleted file would be lost.
    """
    from cswork.services.database import DatabaseUnavailableError, StoreError, replaceable

    try:
        old = replaceable(path)
    except DatabaseUnavailableError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    except StoreError as exc:
        fail(str(exc), Exit.NO_DATA)
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if old is not None:
        old.close()


def demo(
    db: DbOption = None,
    seed: Annotated[int, typer.Option(help="Random seed: same seed and date, same data.")] = 7,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at", help="Last day of history (30/09/2025 or 2025-09-30). Default: today."
        ),
    ] = None,
    open_app: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the app on the demo authority.")
    ] = True,
    force: Annotated[bool, typer.Option(help="Replace an existing database file.")] = False,
    scale: Annotated[
        int,
        typer.Option(
            min=1,
            max=100,
            help="Copy the workforce into N areas of one pooled authority (N times the demo).",
        ),
    ] = 1,
    history: Annotated[
        str,
        typer.Option(
            "--history",
            help="The authority's story: surge (a surge year, then recovery), steady, shrinking "
            "or agency-reduction.",
        ),
    ] = "surge",
) -> None:
    """Generate a synthetic demo authority (about 300 social workers, five years of history)."""
    from cswork.demo import generate_demo
    from cswork.demo.scale import scale_demo
    from cswork.demo.shapes import SHAPES
    from cswork.paths import resolve_db_path
    from cswork.services.share import refresh_share_tables

    if history not in SHAPES:
        fail(f"--history must be one of {', '.join(SHAPES)}, not {history!r}", Exit.USAGE)
    path = resolve_db_path(db)
    end = parse_date_option(as_at, "--as-at") if as_at else date.today()
    if path.exists():
        if not force:
            fail(
                f"{path} already exists; pass --force to replace it, or --db another path",
                Exit.USAGE,
            )
        _remove_database(path)
    store = open_store(path, create=True)
    stats = generate_demo(store, seed=seed, as_at=end, history=history)
    scale_demo(store, scale)
    refresh_share_tables(store, today=end)
    store.close()
    areas = f" in {scale} areas" if scale > 1 else ""
    stderr().print(
        f"Demo authority written to {path}: {stats.workers * scale:,} workers, "
        f"{stats.spells * scale:,} role spells, {stats.teams * scale} teams{areas}, "
        f"history {stats.first:%b %Y} to {stats.as_at:%d %b %Y}.",
        highlight=False,
    )
    if open_app:
        from cswork.tui.app import run_app

        run_app(path, today=end)


def summary(
    db: DbOption = None,
    as_at: AsAtOption = None,
    as_json: JsonOption = False,
) -> None:
    """Headline workforce figures, by team, with England beside ours."""
    from cswork.services.summary import build_summary, summary_json

    store = open_store(db)
    require_workforce(store)
    when = resolve_as_at(store, as_at)
    result = build_summary(store, when)
    if as_json:
        print_json(summary_json(result))
        return
    from cswork.render.summary import summary_renderable

    stdout().print(summary_renderable(result))


def tui(
    db: DbOption = None,
    as_at: AsAtOption = None,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Hide imports, undo, scenario edits and file exports."),
    ] = False,
) -> None:
    """Open the terminal app (also what 'cswork' with no command does)."""
    from cswork.paths import resolve_db_path

    path = resolve_db_path(db)
    when = parse_date_option(as_at, "--as-at") if as_at else None
    if not path.exists():
        fail(f"no database at {path}: run 'cswork init' or 'cswork demo' first", Exit.NO_DATA)
    from cswork.tui.app import run_app

    run_app(path, as_at=when, read_only=read_only)


def register(app: typer.Typer) -> None:
    """Attach the core commands to ``app``."""
    app.command()(init)
    app.command()(demo)
    app.command()(summary)
    app.command()(tui)
