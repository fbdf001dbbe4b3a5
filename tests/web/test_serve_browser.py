"""``cswork serve`` end to end, in a real headless Chromium driven by Playwright.

The page draws the terminal on a canvas, so its text is not in the DOM. The test records what the
page's terminal receives over its websocket (a script wraps ``WebSocket`` before the page loads) and
plays those bytes into a terminal emulator (pyte) at the size the page asked for: the text read is
exactly what the browser's terminal was sent.
"""

from __future__ import annotations

import base64
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyte
import pytest

from cswork.services.summary import build_summary, summary_json
from cswork.store import open_db
from tests.conftest import DEMO_AS_AT

pytestmark = pytest.mark.slow

#: Debian's Chromium (Playwright's own browser download is not used).
CHROMIUM = Path("/usr/bin/chromium")
#: Longest wait for any one step: the server's address, the Overview's figures, a screen change.
STEP_SECONDS = 90.0

RECORDER = """
(() => {
  const Native = window.WebSocket;
  const record = { chunks: [], size: null };
  window.__terminal = record;
  function Recording(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    const query = new URL(url).searchParams;
    record.size = [Number(query.get("width")), Number(query.get("height"))];
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (typeof data === "string" && data.startsWith('["resize"')) {
        const size = JSON.parse(data)[1];
        record.size = [size.width, size.height];
      }
      return send(data);
    };
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;
      const bytes = new Uint8Array(event.data);
      let text = "";
      for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
      record.chunks.push(btoa(text));
    });
    return socket;
  }
  Recording.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recording[name] = Native[name];
  window.WebSocket = Recording;
})();
"""


def _chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("no Chromium here: install Debian's chromium (apt-get install -y chromium)")
    return Path(found)


class Server:
    """A ``cswork serve`` process in its own process group, always stopped at the end."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cswork", "serve", "--db", str(db), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.url = self._first_line()

    def _first_line(self) -> str:
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout=STEP_SECONDS):
                raise AssertionError("cswork serve printed no address in time")
        line = self.process.stdout.readline().decode().strip()
        assert line.startswith("http://127.0.0.1:"), (line, self.stop())
        return line

    def stop(self, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """SIGTERM, as a service manager would (or SIGINT, as Ctrl+C); then make sure nothing of
        it is left."""
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        _, err = self.process.communicate()
        return code, err.decode(errors="replace")

    def group_alive(self) -> bool:
        """Whether any process of the server's group (a tab's app) is still running."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.fixture
def server(tmp_path: Path, demo_path: Path) -> Iterator[Server]:
    db = tmp_path / "demo.db"
    shutil.copy(demo_path, db)
    running = Server(db)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()
        if running.group_alive():
            os.killpg(running.process.pid, signal.SIGKILL)


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=STEP_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


class Terminal:
    """What the page's terminal shows, replayed from the bytes it received."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None

    def text(self) -> str:
        record = self.page.evaluate(
            "({size: window.__terminal.size, chunks: window.__terminal.chunks.splice(0)})"
        )
        if record["size"] is None:
            return ""
        columns, lines = record["size"]
        if self.screen is None:
            self.screen = pyte.Screen(columns, lines)
            self.stream = pyte.ByteStream(self.screen)
        elif (self.screen.columns, self.screen.lines) != (columns, lines):
            self.screen.resize(lines, columns)
        assert self.stream is not None
        for chunk in record["chunks"]:
            self.stream.feed(base64.b64decode(chunk))
        return "\n".join(self.screen.display)

    def wait_for(self, ready: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + STEP_SECONDS
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if ready(text):
                return text
            self.page.wait_for_timeout(250)
        raise AssertionError(f"the page never showed {what}; it showed:\n{text}")


def test_the_app_in_a_browser_behind_a_token(
    server: Server, demo_path: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    base = server.url.split("?")[0]
    assert _status(base) == 403
    assert _status(base + "?token=not-the-token") == 403
    assert _status(base + "static/js/textual.js") == 403
    assert _status(base + "ws") == 403

    store = open_db(demo_path, create=False)
    figures = summary_json(build_summary(store, DEMO_AS_AT))
    store.close()
    in_post = f"{figures['in_post_fte']:.1f}"
    vacancy_rate = f"{figures['vacancy_rate']:.1f}%"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox"], timeout=STEP_SECONDS * 1000
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(STEP_SECONDS * 1000)
            refused = page.goto(base + "?token=wrong")
            assert refused is not None and refused.status == 403
            page.add_init_script(RECORDER)
            opened = page.goto(server.url)
            assert opened is not None and opened.status == 200
            terminal = Terminal(page)
            overview = terminal.wait_for(
                lambda text: all(
                    part in text for part in ("In post (FTE)", in_post, vacancy_rate, "30 Sep 2025")
                ),
                f"the Overview as at 30 Sep 2025, {in_post} FTE in post, {vacancy_rate} vacancy rate",
            )
            assert "Turnover rate" in overview
            page.screenshot(path=str(tmp_path / "overview.png"))
            assert (tmp_path / "overview.png").stat().st_size > 10_000

            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("3")
            pressure = terminal.wait_for(
                lambda text: "NQSW protection" in text and "In post (FTE)" not in text,
                "the Caseload pressure screen after pressing 3",
            )
            assert "Util" in pressure
            page.screenshot(path=str(tmp_path / "pressure.png"))
        finally:
            browser.close()

    assert server.group_alive()
    code, err = server.stop()
    assert code == 0, err
    assert "Stopped." in err
    assert not server.group_alive()  # no tab's app outlives the server


def test_a_chosen_token_read_only_and_ctrl_c(tmp_path: Path, demo_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_path, db)
    running = Server(db, "--read-only", "--token", "a-token-of-ours")
    try:
        assert running.url.endswith("/?token=a-token-of-ours")
        assert _status(running.url) == 200
        websocket = running.url.replace("/?", "/ws?")
        upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                   "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}  # fmt: skip
        # a page of another site cannot open the app, even with the token
        assert _status(websocket, {**upgrade, "Origin": "http://elsewhere.example"}) == 403
        # (the page's own websocket, same origin, is let through: the browser test above)
    finally:
        code, err = running.stop(signal.SIGINT)
    assert code == 0, err
    assert "read-only" in err and "Stopped." in err
