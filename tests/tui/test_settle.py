"""The tests' ``settle`` waits for every worker, and a worker a newer one of its exclusive group
cancelled meanwhile (the Staff screen's detail of the row highlighted before) is no failure."""

from __future__ import annotations

import asyncio
import threading

from textual import work
from textual.app import App

from tests.tui.conftest import settle


class _Details(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()
        self.shown: list[str] = []

    @work(thread=True, exclusive=True, group="detail")
    def detail(self, ref: str) -> None:
        self.started.set()
        self.release.wait(5)
        if ref == "new":
            self.call_from_thread(self.shown.append, ref)


async def test_a_worker_replaced_while_settling_is_no_failure() -> None:
    app = _Details()
    async with app.run_test() as pilot:
        app.detail("old")
        assert await asyncio.to_thread(app.started.wait, 5)
        settling = asyncio.create_task(settle(pilot))  # waiting for the old detail
        await asyncio.sleep(0.05)
        app.detail("new")  # the cursor moved: the old detail is cancelled
        await asyncio.sleep(0.05)
        app.release.set()
        await settling
        assert app.shown == ["new"]  # and the newer one was waited for
