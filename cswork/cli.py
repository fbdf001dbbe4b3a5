"""The ``cswork`` command line: the typer app, its root options, and the wiring of the commands.

The commands themselves live in :mod:`cswork.commands`, one module per group, each with a
``register(app)``; heavy imports (Textual, numpy) happen inside commands so that ``cswork --help``
and ``cswork summary`` stay fast.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import sys
import types
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.main import get_command_name

from cswork import __version__
from cswork.commands import (
    census,
    core,
    demand,
    export,
    imports,
    key,
    money,
    pressure,
    projection,
    report,
    serve,
    settings,
)
from cswork.commands.common import (
    DbOption,
    Exit,
    environment_failure,
    exit_codes_text,
    fail,
)
from cswork.paths import ENV_VAR


class _Commands(TyperGroup):
    """The command group: a command stopped by its surroundings (database locked or read-only,
    disk full, a write that failed) ends with one line and exit code 4, not a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:  # the store names SQLite's errors; sqlite3 is not imported here
            reason = environment_failure(exc)
            if reason is None:
                raise
            fail(reason, Exit.ENVIRONMENT)


app = typer.Typer(
    name="cswork",
    cls=_Commands,
    help="Case-load and workforce planning for children's social care.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    epilog=exit_codes_text(),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cswork {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help=(
                "With no command: the date the app opens as at (30/09/2025 or 2025-09-30). "
                "Default: latest data. A command takes its own --as-at, after its name."
            ),
            show_default=False,
        ),
    ] = None,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Case-load and workforce planning for children's social care.

    With no command, opens the terminal app (``cswork tui``), on ``--db`` if given; run
    ``cswork demo`` first to build a synthetic authority to explore. ``--db`` before a command is
    that command's default database (as ``$CSWORK_DB`` would be).
    """
    if ctx.invoked_subcommand is None:
        core.tui(db=db, as_at=as_at)
        return
    if as_at is not None:
        raise typer.BadParameter(
            f"give --as-at after the command: cswork {ctx.invoked_subcommand} --as-at {as_at}",
            param_hint="--as-at",
        )
    if db is not None:
        os.environ[ENV_VAR] = str(db)  # the command's own --db still wins


core.register(app)
demand.register(app)
imports.register(app)
pressure.register(app)
settings.register(app)
census.register(app)
export.register(app)
key.register(app)
projection.register(app)
money.register(app)
report.register(app)
serve.register(app)


def one_line_summaries(typer_app: typer.Typer) -> None:
    """Give each command and group without a ``short_help`` (and each group's own commands) the
    first paragraph of its docstring on one line, for the command lists in ``--help``.

    In rich markup mode typer keeps the docstring's line breaks in that list (it joins them only
    in the command's own help), so a summary wrapped in the source broke mid-sentence on screen.
    """
    for command in typer_app.registered_commands:
        if command.short_help is None and command.help is None and command.callback is not None:
            command.short_help = _first_paragraph(command.callback.__doc__)
    for group in typer_app.registered_groups:
        info = group.typer_instance.info if group.typer_instance is not None else None
        if group.short_help is None and info is not None and isinstance(info.help, str):
            group.short_help = _first_paragraph(info.help)
        if group.typer_instance is not None:
            one_line_summaries(group.typer_instance)


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    return " ".join(inspect.cleandoc(doc).split("\n\n")[0].split()) or None


one_line_summaries(app)


class _Deferred(type):
    """A stand-in class that imports the real one (``module.name``) when it is first used."""

    _where: tuple[str, str]

    def _real(cls) -> Any:
        module, name = cls._where
        return getattr(importlib.import_module(module), name)

    def __getattr__(cls, attribute: str) -> Any:
        return getattr(cls._real(), attribute)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)


#: What typer's help formatter imports but cswork's help never draws: Markdown (cswork's help is
#: rich markup) and Traceback (pretty exceptions are off).
_UNDRAWN = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _import_help_formatter() -> None:
    """Import typer's help formatter with stand-ins for rich's Markdown and Traceback.

    ``typer.rich_utils`` imports ``rich.markdown`` (markdown-it) and ``rich.traceback`` (pygments)
    at its top, for help written in Markdown and for pretty tracebacks. cswork uses neither, yet
    importing them was a fifth of ``cswork --help``. For this one import each is a stand-in module
    whose class loads the real one if it is ever used; then the real modules are importable again.
    """
    if "typer.rich_utils" in sys.modules:
        return
    standing_in = [name for name in _UNDRAWN if name not in sys.modules]
    for name in standing_in:
        module = types.ModuleType(name)
        attribute = _UNDRAWN[name]
        setattr(module, attribute, _Deferred(attribute, (), {"_where": (name, attribute)}))
        sys.modules[name] = module
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for name in standing_in:
            del sys.modules[name]


#: The root options that take a value (``--db PATH``, ``--as-at DATE``).
_ROOT_VALUED = ("--db", "--as-at")


def command_names(typer_app: typer.Typer) -> list[str]:
    """The name of each command and group registered on ``typer_app``, as typer names them."""
    names = []
    for command in typer_app.registered_commands:
        name = command.name if isinstance(command.name, str) else None
        if name is None and command.callback is not None:
            name = get_command_name(command.callback.__name__)
        names.append(name or "")
    for group in typer_app.registered_groups:
        name = group.name
        if not isinstance(name, str) and group.typer_instance is not None:
            name = group.typer_instance.info.name
        names.append(name if isinstance(name, str) else "")
    return names


def invoked_command(args: list[str]) -> str | None:
    """The command ``args`` name (``""`` for none: the app), or ``None`` when they ask for the
    root's own help or version, or cannot be read without click."""
    rest = iter(args)
    for arg in rest:
        if arg in _ROOT_VALUED:
            next(rest, None)
        elif arg.startswith(tuple(f"{option}=" for option in _ROOT_VALUED)):
            continue
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return ""


def keep_only(typer_app: typer.Typer, command: str) -> None:
    """Leave only ``command`` (none for ``""``) registered on ``typer_app``, when it is one.

    typer turns every registered command's signature into click parameters before running any:
    for 24 commands, a tenth of ``cswork summary``. A command runs the same alone (its options,
    help and errors are its own); an unknown name keeps them all, so click's error lists them.
    """
    names = command_names(typer_app)
    if command and command not in names:
        return
    kept = [name == command for name in names]
    commands = len(typer_app.registered_commands)
    typer_app.registered_commands = [
        c for c, keep in zip(typer_app.registered_commands, kept[:commands], strict=True) if keep
    ]
    typer_app.registered_groups = [
        g for g, keep in zip(typer_app.registered_groups, kept[commands:], strict=True) if keep
    ]


def main() -> None:
    """Console-script entry point; a failed write to stdout (a full disk, a closed pipe) is one
    line on stderr and exit code 4."""
    if "--help" in sys.argv[1:]:
        _import_help_formatter()
    command = invoked_command(sys.argv[1:])
    if command is not None:
        keep_only(app, command)
    try:
        app()
    except SystemExit as exit_:
        _flush_stdout()
        raise exit_ from None
    _flush_stdout()


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except OSError as exc:
        with contextlib.suppress(OSError):
            sys.stderr.write(f"error: cannot write the output: {exc.strerror or exc}\n")
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(int(Exit.ENVIRONMENT)) from None
