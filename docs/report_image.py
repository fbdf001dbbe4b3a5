"""Render the first page of the demo authority's board report to ``docs/images/board-report.png``
with headless Chromium (Debian's, driven by Playwright), as the README shows it.

    .venv/bin/python docs/report_image.py

Builds the demo (seed 7, as at 30 September 2025) in a temporary folder, writes the HTML paper with
``cswork report`` and screenshots it with print media on an A4-sized page (96 dpi, the print
margins added), at 1.5 times for a crisp picture.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

IMAGE = Path(__file__).resolve().parent / "images" / "board-report.png"
A4_PX = (794, 1123)  # 210 × 297 mm at 96 px per inch


def main() -> None:
    """Build the demo, write the paper, screenshot its first page."""
    from playwright.sync_api import sync_playwright

    cswork = str(Path(sys.executable).with_name("cswork"))
    browser_path = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        db, paper = Path(folder) / "demo.db", Path(folder) / "paper.html"
        subprocess.run(
            [cswork, "demo", "--db", str(db), "--as-at", "2025-09-30", "--no-open"], check=True
        )
        subprocess.run(
            [cswork, "report", "--db", str(db), "--as-at", "2025-09-30", "--out", str(paper)],
            check=True,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path)
            page = browser.new_page(
                viewport={"width": A4_PX[0], "height": A4_PX[1]}, device_scale_factor=1.5
            )
            page.emulate_media(media="print")
            page.goto(paper.as_uri())
            page.add_style_tag(content="body { padding: 16mm 15mm; background: #fff; }")
            page.screenshot(
                path=str(IMAGE), clip={"x": 0, "y": 0, "width": A4_PX[0], "height": A4_PX[1]}
            )
            browser.close()
    print(f"Wrote {IMAGE}")


if __name__ == "__main__":
    main()
