"""``project``, ``calibrate``, ``backtest`` and ``cohorts --json`` print what the record-by-record
code made them print.

The projection's history, starting positions and calibration figures are worked out in columns
since issue 18 (:mod:`cswork.model.spell_table`). Here the same commands run twice on copies of one
store: once as they are, once with the history, the starting positions, the agency charges, the
recruitment routes, leavers to agency, the absence rate, Kaplan–Meier retention, the actual
positions backtests score, the academy cohorts' members and the Monte Carlo draws' term-by-term sums
computed by the code they replaced
(``tests/model/projection_oracle.py``); every printed byte must agree, on the demo and on ten
times the demo.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.model.absence import AbsenceBook, AbsencePeriods
from cswork.model.census_build import Absence
from cswork.model.count_table import CaseCountTable, DatedCounts
from cswork.model.projection.state import StartingState
from cswork.model.workforce import CaseCount, EstablishmentLine, RoleSpell
from cswork.store.census import load_absences
from cswork.store.staff import load_role_spells
from tests.model.projection_oracle import (
    reference_absence_rate,
    reference_actual_figures,
    reference_cohort_outcomes,
    reference_leavers_to_agency,
    reference_monthly_history,
    reference_route_figures,
    reference_starting_state,
    reference_survival_curve,
    reference_terms,
)

COMMANDS = (
    ["calibrate", "--json"],
    ["project", "--format", "json", "--runs", "300", "--months", "24", "--seed", "5"],
    ["project", "--format", "json", "--runs", "1", "--months", "60"],
    ["backtest", "--all", "--months", "24", "--json"],
    ["cohorts", "--json"],
)


def use_the_oracle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the projection service compute its history and starting positions as it used to."""
    import cswork.model.cohorts as cohorts
    import cswork.model.projection.quantiles as quantiles
    import cswork.services.backtest as backtests
    import cswork.services.cohorts as cohort_service
    import cswork.services.projection as service

    def history(*args: Any, table: object = None) -> Any:
        return reference_monthly_history(*args)

    def state(
        spells: Sequence[RoleSpell],
        establishment: Sequence[EstablishmentLine],
        counts: Sequence[CaseCount] | CaseCountTable | DatedCounts,
        as_at: date,
        *rest: Any,
        table: object = None,
        **options: Any,
    ) -> StartingState:
        dated = isinstance(counts, CaseCountTable | DatedCounts)
        listed = counts.on_or_before(as_at) if dated else counts
        return reference_starting_state(
            list(spells), establishment, listed, as_at, *rest, **options
        )

    def charges(history: Any, as_at: date) -> list[tuple[float, float]]:
        spells = [s for s in history.spells if s.start <= as_at]
        return [
            (s.hourly_charge, s.fte)
            for s in spells
            if not s.la_employed and s.in_post(as_at) and s.hourly_charge is not None
        ]

    monkeypatch.setattr(service, "monthly_history", history)
    monkeypatch.setattr(service, "build_starting_state", state)
    monkeypatch.setattr(service, "_agency_charges", charges)
    monkeypatch.setattr(service, "route_figures", reference_route_figures)
    monkeypatch.setattr(service, "leavers_to_agency", reference_leavers_to_agency)
    # absence periods as records, for the rate summed period by period
    absences: list[Absence] = []

    def absence_periods(db: Any) -> AbsencePeriods:
        absences[:] = load_absences(db, date.min, date.max)
        return AbsencePeriods.of(absences)

    def absence_rate(book: AbsenceBook, fte_in_post: float, on: date, *_: object) -> float | None:
        return reference_absence_rate(replace(book, periods=tuple(absences)), fte_in_post, on)

    monkeypatch.setattr(service, "load_absence_periods", absence_periods)
    monkeypatch.setattr(AbsenceBook, "rate", absence_rate)
    monkeypatch.setattr(cohorts, "survival_curve", reference_survival_curve)
    monkeypatch.setattr(cohort_service, "cohort_outcomes", reference_cohort_outcomes)
    monkeypatch.setattr(
        cohort_service,
        "load_role_spells",
        lambda db, *, started_by, **_: load_role_spells(db, started_by=started_by),
    )
    monkeypatch.setattr(backtests, "actual_figures", reference_actual_figures)
    monkeypatch.setattr(quantiles, "_by_terms", reference_terms)


def printed(path: Path, commands: Sequence[list[str]]) -> list[str]:
    runner = CliRunner()
    outputs = []
    for command in commands:
        as_at = [] if command[0] == "backtest" else ["--as-at", "2025-09-30"]  # its latest data
        result = runner.invoke(app, [*command, "--db", str(path), *as_at])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    return outputs


def _assert_same(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now, before = tmp_path / "now.db", tmp_path / "before.db"
    shutil.copyfile(source, now)
    shutil.copyfile(source, before)
    got = printed(now, COMMANDS)
    with monkeypatch.context() as patch:
        use_the_oracle(patch)
        expected = printed(before, COMMANDS)
    for command, new, old in zip(COMMANDS, got, expected, strict=True):
        assert new == old, " ".join(command)


def test_the_demo_projects_what_it_projected(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_same(demo_path, tmp_path, monkeypatch)


@pytest.mark.slow
def test_ten_times_the_demo_projects_what_it_projected(
    scaled_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_same(scaled_path, tmp_path, monkeypatch)
