"""textual-serve's server with a token in front: each browser tab runs its own ``cswork tui``.

Every request, the page, its scripts and the websocket alike, must carry the token: as ``?token=``
in the URL first opened, after which the page's own requests carry it in a cookie (HttpOnly,
SameSite=Strict, named for the port). Anything else gets 403. A websocket opened from another site's
page is refused too (its Origin is not this server). Ctrl+C or SIGTERM stops the server, and with it
every tab's app.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from cswork.web.access import Address, token_matches

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

FORBIDDEN = (
    "403 Forbidden: open the address 'cswork serve' printed, with its ?token=, "
    "or ask whoever started it for the link.\n"
)


def app_command(db_path: Path, *, read_only: bool) -> str:
    """The shell command each tab runs: this Python's ``cswork tui`` on the database."""
    words = [sys.executable, "-m", "cswork", "tui", "--db", str(db_path)]
    if read_only:
        words.append("--read-only")
    return shlex.join(words)


class TokenServer(Server):
    """Serve ``command`` at ``address``, refusing every request without its token."""

    def __init__(
        self,
        command: str,
        address: Address,
        *,
        title: str,
        announce: Callable[[str], None],
    ) -> None:
        super().__init__(command, host=address.host, port=address.port, title=title)
        self.address = address
        self.cookie = f"cswork_token_{address.port}"
        self._announce = announce

    def initialize_logging(self) -> None:
        """Warnings only, on stderr: aiohttp's access log would print every URL, token and all."""
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._require_token)
        return app

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        token = self.address.token
        if token is None:
            return await handler(request)
        in_url = token_matches(request.query.get("token"), token)
        if not (in_url or token_matches(request.cookies.get(self.cookie), token)):
            raise web.HTTPForbidden(text=FORBIDDEN)
        if request.path == "/ws" and not self._same_origin(request):
            raise web.HTTPForbidden(text=FORBIDDEN)
        response = await handler(request)
        if in_url and not response.prepared:
            response.set_cookie(self.cookie, token, httponly=True, samesite="Strict", path="/")
        return response

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        """Whether a websocket comes from a page of this server (browsers always send Origin)."""
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with its script and websocket addresses on the host the browser used (so the
        cookie goes with them, whatever name or address reached this server)."""
        base = f"{request.scheme}://{request.host}"
        websocket = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}/ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the address is announced once the socket listens (see :meth:`serve`)."""

    async def _run(self, stopped: asyncio.Event) -> None:
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            self._announce(self.address.url)
            await stopped.wait()
        finally:
            await runner.cleanup()  # closes every tab's websocket, which quits its app

    def serve(self, debug: bool = False) -> None:
        """Listen, say where, and run until Ctrl+C or SIGTERM; then close every tab's app."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        try:
            stopped = asyncio.Event()
            for stop in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(stop, stopped.set)
            loop.run_until_complete(self._run(stopped))
        finally:
            loop.close()
