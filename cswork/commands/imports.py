"""``cswork import KIND FILE`` and ``cswork imports`` (the log, and undo)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cswork.commands.common import (
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    parse_date_option,
    print_json,
    stderr,
    stdout,
)

KINDS_HELP = (
    "staff, establishment, caseloads, allocations (allocation history), demand, cohorts, "
    "indicators, caps (agency price caps), absence (days lost, long-term absence) or csww "
    "(census XML)."
)
#: The kinds ``--snapshot`` means something for.
SNAPSHOT_KINDS = ("staff",)
#: Problems listed on stderr before the rest are summarised (``--json`` gives them all).
PROBLEMS_SHOWN = 50


def import_file(
    kind: Annotated[str, typer.Argument(help=f"What the file holds: {KINDS_HELP}")],
    file: Annotated[
        Path, typer.Argument(help="A CSV or XLSX extract (XML for csww).", show_default=False)
    ],
    db: DbOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Validate and report what would change; write nothing."),
    ] = False,
    as_json: JsonOption = False,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="TOML file naming headers and relabelling values."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Worksheet to read (default: the first).")
    ] = None,
    snapshot: Annotated[
        str | None,
        typer.Option(
            "--snapshot",
            help="Staff only: the file lists everyone in post on this date (YYYY-MM-DD); "
            "close open spells of anyone absent.",
        ),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help="Date for files without a date column (caseloads, establishment); for "
            "allocations, the day the extract was taken (continuity is counted up to it).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Unknown teams and cohorts are errors, not created.")
    ] = False,
    keep_names: Annotated[
        bool, typer.Option("--keep-names", help="Store workers' names (not stored by default).")
    ] = False,
    keep_swe: Annotated[
        bool,
        typer.Option("--keep-swe", help="Store SWE numbers as given, not as a keyed hash."),
    ] = False,
    keep_census: Annotated[
        bool,
        typer.Option(
            "--keep-census",
            help="Store date of birth, gender and ethnicity (needed only for the census).",
        ),
    ] = False,
) -> None:
    """Import a CSV or XLSX extract: validated, all or nothing, logged and undoable.

    Exit codes:
    0 imported or previewed (or identical to an earlier import: nothing to change);
    1 the file was rejected: nothing written;
    2 a usage error (unknown kind, --snapshot for a kind other than staff, a bad date);
    3 the file has a header but no data rows: nothing imported;
    4 the database or a file could not be used: nothing written.
    """
    from cswork.render.imports import problem_lines
    from cswork.services.import_kinds import import_kinds
    from cswork.services.imports import ImportAbortedError, ImportOptions, run_import

    if kind not in import_kinds():
        fail(f"unknown import kind {kind!r}; use one of: {', '.join(import_kinds())}", Exit.USAGE)
    if snapshot is not None and kind not in SNAPSHOT_KINDS:
        fail(
            f"--snapshot applies only to {' and '.join(SNAPSHOT_KINDS)} imports, not {kind}",
            Exit.USAGE,
        )
    if not file.is_file():
        fail(f"no such file: {file}", Exit.INVALID_INPUT)
    if mapping is not None and not mapping.is_file():
        fail(f"no such mapping file: {mapping}", Exit.INVALID_INPUT)
    options = ImportOptions(
        sheet=sheet,
        mapping=mapping,
        snapshot=parse_date_option(snapshot, "--snapshot") if snapshot else None,
        as_at=parse_date_option(as_at, "--as-at") if as_at else None,
        strict=strict,
        keep_names=keep_names,
        keep_swe=keep_swe,
        keep_census=keep_census,
    )
    store = open_store(db, create=True)
    try:
        result = run_import(store, kind, file, options, dry_run=dry_run)
    except ImportAbortedError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    finally:
        store.close()
    if as_json:
        print_json(result.as_json())
    else:
        from rich.text import Text

        err = stderr()
        for warning in result.warnings:
            err.print(Text.assemble(("warning:", "yellow"), " ", warning), highlight=False)
        for line in problem_lines(result.problems, result.truncated, shown=PROBLEMS_SHOWN):
            err.print(line, highlight=False, markup=False, soft_wrap=True)
        for hint in result.hints:
            err.print("hint: " + hint, highlight=False, markup=False, soft_wrap=True)
        out = stdout()
        for line in result.details:
            out.print(line, highlight=False, markup=False, soft_wrap=True)
        for line in result.created_lines():
            err.print(line, highlight=False, markup=False, soft_wrap=True)
        label = f"import #{result.import_id}" if result.import_id else "import"
        err.print(
            f"{file.name} ({kind}, {label}): {result.message}", highlight=False, soft_wrap=True
        )
    if not result.ok:
        raise typer.Exit(int(Exit.INVALID_INPUT))
    if result.no_data_rows:
        raise typer.Exit(int(Exit.NO_DATA))


imports_app = typer.Typer(help="The import log; undo an import.", no_args_is_help=False)


@imports_app.callback(invoke_without_command=True)
def imports(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the import log, newest first (or run a subcommand such as 'undo')."""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    from cswork.services.imports import import_log

    store = open_store(db)
    records = import_log(store)
    if as_json:
        print_json([_record_json(record) for record in records])
        return
    if not records:
        stderr().print("No imports yet: run 'cswork import KIND FILE'.", highlight=False)
        return
    from cswork.render.imports import import_log_table

    stdout().print(import_log_table(records))


def _record_json(record: object) -> dict[str, object]:
    from dataclasses import asdict, is_dataclass

    assert is_dataclass(record) and not isinstance(record, type)
    data = asdict(record)
    data["errors"] = list(data["errors"])
    return data


@imports_app.command("undo")
def undo(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(metavar="ID", help="The import to reverse.")],
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Reverse an import exactly (the most recent import still in force first)."""
    from cswork.services.imports import (
        ImportAbortedError,
        UndoRefusedError,
        get_import,
        undo_import,
    )

    store = open_store(db if db is not None else ctx.obj)
    record = get_import(store, import_id)
    if record is None:
        fail(f"there is no import #{import_id}; 'cswork imports' lists them", Exit.NO_DATA)
    if not yes:
        question = (
            f"Undo import #{record.id} of {record.file_name} ({record.kind}: "
            f"{record.rows_added} added, {record.rows_changed} changed, {record.rows_closed} closed)?"
        )
        if not typer.confirm(question, err=True):
            fail("nothing undone", Exit.USAGE)
    try:
        result = undo_import(store, import_id)
    except UndoRefusedError as exc:
        fail(str(exc), Exit.INVALID_INPUT)
    except ImportAbortedError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    stderr().print(
        f"Undone import #{result.import_id}: {result.rows_restored} rows restored.", highlight=False
    )


def register(app: typer.Typer) -> None:
    """Attach ``import`` and ``imports`` to ``app``."""
    app.command("import")(import_file)
    app.add_typer(imports_app, name="imports")
