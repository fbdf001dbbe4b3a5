"""Arbitrary Unicode as a team name and a reference: refused cleanly at import, or shown as written
by ``summary``, ``pressure`` and every export, never as markup or terminal control."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from cswork.cli import app
from cswork.export.tables import write_table
from cswork.importers.labels import label_problem

runner = CliRunner()

#: Brackets, ESC, C0 and C1 controls, bidi marks and anything else that is a character.
HOSTILE_ALPHABET = st.one_of(
    st.sampled_from("[]/\\=@+-\x1b\x9b\x07\x08\r\n\t\u200e\u200f\u202a\u202e\u2066\u2069\u2028"),
    st.characters(exclude_categories=("Cs",)),
)
NAMES = st.text(HOSTILE_ALPHABET, min_size=1, max_size=230)


def _no_control(output: str) -> None:
    assert "\x1b" not in output and "\x9b" not in output and "\x07" not in output
    assert "Traceback" not in output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team=NAMES, ref=NAMES)
@example(team="North", ref="'")  # a value that is only an apostrophe is written as it is
@example(team="+44", ref="E1")
def test_arbitrary_names_are_refused_or_shown_as_written(team: str, ref: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = str(tmp / "t.db")
        staff = tmp / "staff.csv"
        with staff.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Employee Ref", "Team", "Start Date", "FTE", "Contract", "Role"])
            writer.writerow([ref, team, "2020-01-01", "1", "Permanent", "4"])
        result = runner.invoke(app, ["import", "staff", str(staff), "--db", db])
        _no_control(result.output)
        expected_ok = all(
            value.strip()
            and not value.strip().startswith("=")
            and "\x00" not in value
            and label_problem(value.strip()) is None
            for value in (team, ref)
        )
        if not expected_ok:
            assert result.exit_code == 1, result.output
            return
        assert result.exit_code == 0, result.output
        cases = tmp / "cases.csv"
        with cases.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["Worker", "As At", "CIN"], [ref, "2025-09-30", "12"]])
        counted = runner.invoke(app, ["import", "caseloads", str(cases), "--db", db])
        assert counted.exit_code == 0, counted.output
        for command in ("summary", "pressure"):
            shown = runner.invoke(app, [command, "--db", db, "--as-at", "2025-09-30"])
            assert shown.exit_code == 0, shown.output
            _no_control(shown.output)
        as_json = runner.invoke(app, ["summary", "--db", db, "--as-at", "2025-09-30", "--json"])
        assert as_json.exit_code == 0, as_json.output
        # Compared as data: a quote or backslash in the name is escaped in the JSON text.
        assert team.strip() in {row["team"] for row in json.loads(as_json.stdout)["teams"]}
        for suffix in ("csv", "xlsx"):
            out = tmp / f"export.{suffix}"
            write_table(out, ["Team", "Ref"], [[team.strip(), ref.strip()]])
            if suffix == "csv":
                with out.open(encoding="utf-8", newline="") as handle:
                    rows = list(csv.reader(handle))
                written = rows[1]
            else:
                sheet = load_workbook(out, read_only=True).worksheets[0]
                written = [str(c) for c in next(sheet.iter_rows(min_row=2, values_only=True))]
            for cell, value in zip(written, (team.strip(), ref.strip()), strict=True):
                # text a spreadsheet would read as a formula gains one leading apostrophe
                leads = value.startswith(("=", "+", "-", "@"))
                assert cell == ("'" + value if leads else value)
