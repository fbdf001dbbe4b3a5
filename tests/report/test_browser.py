"""The demo's HTML paper in a real headless browser: Debian's Chromium driven by Playwright (its own
browser download is unreachable here). No console errors, a screenshot, and "Print to PDF" on A4 in
at most 12 pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MAX_PAGES = 12


def chromium() -> str:
    """The system Chromium, or a skip that says why (``.ci/run`` installs it with apt-get)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no Chromium on this machine: install the 'chromium' package (apt-get)")
    return path


def test_the_paper_opens_cleanly_and_prints_to_at_most_12_a4_pages(
    demo_files: dict[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    executable = chromium()
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"request {r.url}"))
            page.goto(demo_files["html"].as_uri())
            assert page.title() == "Children's social care workforce report"
            assert page.locator("section").count() == 10
            assert page.locator("figure svg").count() == 5
            screenshot = tmp_path / "first-page.png"
            page.screenshot(path=str(screenshot))
            pdf = tmp_path / "paper.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    assert problems == []
    assert screenshot.stat().st_size > 10_000
    reader = PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= MAX_PAGES
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
