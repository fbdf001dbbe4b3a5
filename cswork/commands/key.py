"""``cswork key``: the key SWE numbers are hashed with, kept outside the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cswork.commands.common import Exit, fail, stderr, write_file

key_app = typer.Typer(
    name="key",
    help="The SWE-number key (kept outside the database): export it for a second machine.",
    no_args_is_help=True,
)


@key_app.command("export")
def export_key(
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write the key SWE numbers are hashed with, to install on a second machine with 'cswork key
    import'. Keep it as safe as the database: together they give the numbers back."""
    from cswork.services.swe_key import SweKeyError, load_key

    try:
        text = load_key().hex() + "\n"
    except SweKeyError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(out, text.encode("ascii"))
    stderr().print(f"Wrote the SWE key to {out} (readable by you only).", highlight=False)


@key_app.command("import")
def import_key(
    file: Path,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a different key already here.")
    ] = False,
) -> None:
    """Install a key exported on another machine, so SWE numbers hash the same here."""
    from cswork.services.swe_key import SweKeyError, install_key, parse_key

    try:
        key = parse_key(file.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}")
    except SweKeyError as exc:
        fail(f"{file}: {exc}")
    try:
        path = install_key(key, replace=replace)
    except SweKeyError as exc:
        fail(str(exc))
    stderr().print(f"Installed the SWE key at {path}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach the ``key`` group to ``app``."""
    app.add_typer(key_app)
