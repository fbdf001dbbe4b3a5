"""``cswork serve``: the app in a web browser, for laptops where a terminal is blocked."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cswork.commands.common import DbOption, Exit, fail, stderr


def serve(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on. Anything but loopback lets other machines in."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on; 0 picks a free one.")] = 8000,
    token: Annotated[
        str,
        typer.Option(
            help="Token every request must carry: auto (a new random one), your own (8+ "
            "characters), or '' for none (loopback only)."
        ),
    ] = "auto",
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Hide imports, undo, scenario edits and file exports."),
    ] = False,
) -> None:
    """Serve the app to a web browser: each tab runs its own app on the database.

    Prints the address to open (with its token) on stdout; requests without the token get 403.
    Stop with Ctrl+C.
    """
    from cswork.paths import resolve_db_path
    from cswork.web.access import AccessError, Address, free_port, resolve_token

    path = resolve_db_path(db)
    if not path.exists():
        fail(f"no database at {path}: run 'cswork init' or 'cswork demo' first", Exit.NO_DATA)
    if not 0 <= port <= 65535:
        fail(f"--port must be 0 to 65535, not {port}", Exit.USAGE)
    try:
        secret = resolve_token(token, host)
        address = Address(host, port or free_port(host), secret)
    except AccessError as exc:
        fail(str(exc), Exit.USAGE)
    except OSError as exc:
        fail(f"cannot listen on {host}: {exc.strerror or exc}", Exit.USAGE)
    from cswork.web.server import TokenServer, app_command

    def announce(url: str) -> None:
        sys.stdout.write(url + "\n")
        sys.stdout.flush()
        mode = "read-only, " if read_only else ""
        stderr().print(
            f"Serving {path} ({mode}each browser tab its own app). Open the address above; "
            "press Ctrl+C to stop.",
            highlight=False,
        )

    server = TokenServer(
        app_command(path.resolve(), read_only=read_only),
        address,
        title=f"cswork: {path.name}",
        announce=announce,
    )
    try:
        server.serve()
    except OSError as exc:
        fail(f"cannot listen on {host}:{address.port}: {exc.strerror or exc}", Exit.USAGE)
    stderr().print("Stopped.", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach ``serve`` to ``app``."""
    app.command()(serve)
