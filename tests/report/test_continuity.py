"""The board report's continuity section: every cell as ``cswork continuity --json`` gives it, the
sentence in plain words, the chart's alt text, and the sentence saying what to import when none is
held."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cswork.report.build import build_document
from cswork.report.continuity import continuity_section
from cswork.report.inputs import ReportInputs, ReportOptions, gather
from cswork.store import open_db
from tests.report.conftest import AS_AT, html_tables


def test_every_cell_is_the_command_s_figure(
    demo_files: dict[str, Path], cli_json: Callable[..., Any]
) -> None:
    data = cli_json("continuity", "--as-at", AS_AT, "--json")
    headers, rows = html_tables(demo_files["html"])["continuity"]
    assert headers == ["Team", "Children", "1", "2", "3", "4 or more", "3 or more", "Worker left"]
    expected = [*data["teams"], data["total"]]
    assert len(rows) == len(expected)
    for row, figures in zip(rows, expected, strict=True):
        assert row == [
            figures["team"],
            f"{figures['children']:,}",
            f"{figures['one_worker']:,}",
            f"{figures['two_workers']:,}",
            f"{figures['three_workers']:,}",
            f"{figures['four_plus_workers']:,}",
            f"{figures['three_plus_pct']:.1f} %",
            f"{figures['worker_left_12_months']:,}",
        ]


def test_the_sentence_and_the_chart_say_the_figure_in_words(
    demo_files: dict[str, Path], cli_json: Callable[..., Any]
) -> None:
    data = cli_json("continuity", "--as-at", AS_AT, "--json")
    total = data["total"]
    [year_before] = [p for p in data["trend"] if p["month_end"] == "2024-09-30"]
    page = " ".join(demo_files["html"].read_text(encoding="utf-8").split())
    sentence = (
        f"{total['three_plus']:,} of the {total['children']:,} children allocated to a social "
        f"worker at the end of September 2025 ({total['three_plus_pct']:.1f} %) had three or "
        f"more social workers in the last 12 months, compared with "
        f"{year_before['three_plus_pct']:.1f} % a year earlier; "
        f"{total['worker_left_12_months']:,} children had a new worker in the year because "
        "theirs left the authority."
    )
    assert sentence in page
    assert "Continuity of social worker over the year" in page
    assert f"to {total['three_plus_pct']:.1f} % at September 2025." in page  # the alt text
    markdown = demo_files["md"].read_text(encoding="utf-8")
    assert "Continuity of social worker" in markdown and sentence in " ".join(markdown.split())


def test_without_counts_the_section_says_what_to_import(report_db: Path, tmp_path: Path) -> None:
    store = open_db(report_db, create=False)
    try:
        inputs: ReportInputs = gather(
            store, ReportOptions(as_at=date(2023, 1, 31), sections=("continuity",))
        )
    finally:
        store.close()
    section = continuity_section(inputs)
    assert section.tables == ()
    [paragraph] = section.blocks
    assert "import an allocation history ('cswork import allocations FILE')" in str(paragraph)
    assert [s.key for s in build_document(inputs).sections] == ["continuity"]
