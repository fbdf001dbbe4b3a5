"""The ``cswork`` command line: thin typer commands over the store and the model.

Each command module has a ``register(app)``; heavy imports (Textual, numpy) happen inside commands so
that ``cswork --help`` and ``cswork summary`` stay fast.
"""

from __future__ import annotations

import typer

from cswork import __version__
from cswork.cli import core, demand, imports, pressure, projection, settings

app = typer.Typer(
    name="cswork",
    help="Case-load and workforce planning for children's social care.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cswork {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Case-load and workforce planning for children's social care.

    With no command, opens the terminal app on the default database (``cswork tui``); run
    ``cswork demo`` first to build a synthetic authority to explore.
    """
    if ctx.invoked_subcommand is None:
        core.tui(db=None, as_at=None)


core.register(app)
demand.register(app)
imports.register(app)
projection.register(app)
pressure.register(app)
settings.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
