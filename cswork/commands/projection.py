"""Projection commands: ``scenario`` (list, show, new, set, delete, export, import), ``calibrate``,
``project`` and ``backtest``. numpy is imported only inside the commands that project."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cswork.commands.common import (
    NEGATIVE_VALUES,
    AsAtOption,
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    print_json,
    require_workforce,
    resolve_as_at,
    stderr,
    stdout,
    write_file,
)

if TYPE_CHECKING:
    from cswork.model.projection.assumptions import Assumptions
    from cswork.services.database import Database

scenario_app = typer.Typer(
    name="scenario",
    help="Named projection scenarios: planned cohorts, leaver rates, recruitment, agency, costs.",
    no_args_is_help=True,
)


class Format(StrEnum):
    """Output formats of ``project``."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def _assumptions(store: Database, name: str, as_at: str | None) -> Assumptions:
    from cswork.services.projection import BASELINE, scenario_assumptions
    from cswork.services.scenarios import ScenarioError

    if name == BASELINE:
        require_workforce(store)
    try:
        return scenario_assumptions(store, name, resolve_as_at(store, as_at))
    except ScenarioError as exc:
        fail(str(exc), Exit.NO_DATA)


@scenario_app.command("list")
def list_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Stored scenarios; "baseline" is calibrated from history the first time it is used."""
    from cswork.services.scenarios import list_scenarios

    scenarios = list_scenarios(open_store(db))
    if as_json:
        print_json([{"name": s.name, "updated_at": s.updated_at} for s in scenarios])
        return
    if not scenarios:
        stderr().print("No scenarios yet: 'cswork scenario show baseline' calibrates one.")
    for scenario in scenarios:
        sys.stdout.write(f"{scenario.name}\t{scenario.updated_at}\n")


@scenario_app.command("show")
def show_command(
    name: str, db: DbOption = None, as_at: AsAtOption = None, as_json: JsonOption = False
) -> None:
    """A scenario's assumptions."""
    store = open_store(db)
    assumptions = _assumptions(store, name, as_at)
    if as_json:
        print_json({"name": name, **assumptions.to_dict()})
        return
    from cswork.render.projection import assumptions_table

    stdout().print(assumptions_table(name, assumptions))


@scenario_app.command("new")
def new_command(
    name: str,
    source: Annotated[
        str, typer.Option("--from", help="Scenario to copy (default: the calibrated baseline).")
    ] = "baseline",
    db: DbOption = None,
    as_at: AsAtOption = None,
) -> None:
    """Create a scenario as a copy of another."""
    from cswork.services.scenarios import ScenarioError, create_scenario

    store = open_store(db)
    assumptions = _assumptions(store, source, as_at)
    try:
        create_scenario(store, name, assumptions)
    except ScenarioError as exc:
        fail(str(exc))
    stderr().print(f"Created scenario {name!r} from {source!r}.", highlight=False)


@scenario_app.command("set", context_settings=NEGATIVE_VALUES)
def set_command(name: str, key: str, value: str, db: DbOption = None) -> None:
    """Change one assumption, e.g. cohorts "2026-01-26:12,2026-07-06:10" or no_show_rate 0.1."""
    from cswork.model.projection.assumptions import AssumptionError, parse_field
    from cswork.services.scenarios import save_scenario

    store = open_store(db)
    assumptions = _assumptions(store, name, None)
    try:
        changed = parse_field(assumptions, key, value)
    except AssumptionError as exc:
        fail(str(exc))
    save_scenario(store, name, changed)
    stderr().print(f"Scenario {name!r}: {key} set.", highlight=False)


@scenario_app.command("delete")
def delete_command(name: str, db: DbOption = None) -> None:
    """Delete a scenario (deleting "baseline" makes it recalibrate next time)."""
    from cswork.services.scenarios import ScenarioError, delete_scenario

    try:
        delete_scenario(open_store(db), name)
    except ScenarioError as exc:
        fail(str(exc), Exit.NO_DATA)
    stderr().print(f"Deleted scenario {name!r}.", highlight=False)


@scenario_app.command("export")
def export_command(
    name: str,
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a scenario as TOML."""
    from cswork.services.scenarios import to_toml

    text = to_toml(name, _assumptions(open_store(db), name, None))
    if out is None:
        sys.stdout.write(text)
        return
    write_file(out, text.encode("utf-8"))
    stderr().print(f"Wrote {out}.", highlight=False)


@scenario_app.command("import")
def import_command(
    file: Path,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a scenario of that name.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Read a scenario from a TOML file (as 'scenario export' writes)."""
    from cswork.services.scenarios import ScenarioError, create_scenario, from_toml, save_scenario

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}")
    try:
        name, assumptions = from_toml(text)
    except ScenarioError as exc:
        fail(f"{file}: {exc}")
    store = open_store(db)
    try:
        (save_scenario if replace else create_scenario)(store, name, assumptions)
    except ScenarioError as exc:
        fail(f"{exc}; pass --replace to overwrite it")
    stderr().print(f"Imported scenario {name!r} from {file}.", highlight=False)


def calibrate(db: DbOption = None, as_at: AsAtOption = None, as_json: JsonOption = False) -> None:
    """Leaver rates by band (recency-weighted, shrunk to the long run, half-life chosen by
    backtest: shown with why), hiring per vacancy, the academy pattern, agency (conversions: the
    rate since a step up, when one shows) and demand, and recruitment routes (starts a year,
    Kaplan–Meier retention by route)."""
    from cswork.services.pipeline import agency_flow_json, routes_json
    from cswork.services.projection import calibrate as fit_history
    from cswork.services.projection import conversion_step_json, load_projection_history

    store = open_store(db)
    require_workforce(store)
    fit = fit_history(load_projection_history(store), resolve_as_at(store, as_at))
    if as_json:

        def r4(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        print_json(
            {
                "as_at": fit.as_at.isoformat(),
                "half_life_months": fit.choice.half_life,
                "half_life_reason": fit.choice.reason,
                "half_life_errors": [
                    {"half_life_months": h, "error": round(e, 3)}
                    for h, e in fit.choice.errors.items()
                ],
                "leaver_rates": {
                    band: {
                        "leavers": r.leavers,
                        "exposure_years": round(r.exposure_years, 2),
                        "long_run": r4(r.long_run),
                        "recent": r4(r.recent),
                        "rate": r4(r.rate),
                        "low": r4(r.low),
                        "high": r4(r.high),
                    }
                    for band, r in fit.leaver_rates.items()
                },
                "vacancy_fill_rate": round(fit.vacancy_fill_rate, 4),
                "leaver_spread": round(fit.fit.leaver_spread, 3),
                "hiring_spread": round(fit.fit.hiring_spread, 3),
                "academy_pattern": [
                    {"month": i.month, "size": i.size} for i in fit.academy_pattern
                ],
                "demand_persistence": round(fit.demand_persistence, 3),
                "demand_growth_sd": round(fit.demand_growth_sd, 4),
                "demand_damping": fit.demand_damping,
                "experienced_hires_per_month": round(fit.hires_per_month, 3),
                "agency_conversion_rate": round(fit.agency_conversion_rate, 4),
                "agency_conversion_step": conversion_step_json(fit.fit.conversion_step),
                "no_show_rate": round(fit.no_show_rate, 4),
                "agency_share_of_vacancies": round(fit.agency_share_of_vacancies, 4),
                "agency_charge_per_hour": fit.agency_charge_per_hour
                and round(fit.agency_charge_per_hour, 2),
                "demand_growth": {k: round(v, 4) for k, v in fit.demand_growth.items()},
                "demand_noise_sd": round(fit.demand_noise_sd, 4),
                "routes": routes_json(fit.routes),
                "leavers_to_agency": agency_flow_json(fit.agency_flow),
                "absence_rate": r4(fit.absence_rate),
            }
        )
        return
    from cswork.render.projection import calibration_renderable

    stdout().print(calibration_renderable(fit))


def project(
    scenario: Annotated[str, typer.Option("--scenario", help="Scenario to project.")] = "baseline",
    months: Annotated[
        int | None, typer.Option("--months", help="Months ahead (default: the scenario's horizon).")
    ] = None,
    runs: Annotated[
        int | None,
        typer.Option("--runs", help="Monte Carlo runs; 1 = expected values (default: scenario's)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same output.")] = 1,
    output: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.TABLE,
    other: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="A second scenario to show beside the first, with the difference from paired runs.",
        ),
    ] = None,
    db: DbOption = None,
    as_at: AsAtOption = None,
) -> None:
    """Project vacancies, agency use, caseloads and cost month by month, with p10/p50/p90 bands."""
    from cswork.services.projection import (
        compare,
        compare_paired,
        comparison_json,
        difference_json,
        projection_json,
    )

    if months is not None and not 1 <= months <= 240:
        fail(f"--months must be between 1 and 240, not {months}", Exit.USAGE)
    if runs is not None and not 1 <= runs <= 100_000:
        fail(f"--runs must be between 1 and 100000, not {runs}", Exit.USAGE)
    store = open_store(db)
    require_workforce(store)
    when = resolve_as_at(store, as_at)
    names = [scenario] if other is None else [scenario, other]
    for name in names:
        _assumptions(store, name, when.isoformat())
    paired = None
    if other is None:
        results = compare(store, names, months, runs, seed, when)
    else:
        paired = compare_paired(store, scenario, other, months, runs, seed, when)
        results = [paired.base, paired.other]
    for result in results:
        for warning in result.warnings:
            stderr().print(f"Warning ({result.scenario}): {warning}", highlight=False, markup=False)
    if output is Format.JSON:
        print_json(projection_json(results[0]) if paired is None else comparison_json(paired))
    elif output is Format.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["scenario", "month", "output", "p10", "p50", "p90"])
        for result in results:
            for row in projection_json(result):
                for key, band in row.items():
                    if key != "month":
                        writer.writerow([result.scenario, row["month"], key, *band.values()])
        if paired is not None:
            label = f"{paired.other.scenario} - {paired.base.scenario}"
            for row in difference_json(paired):
                for key, band in row.items():
                    if key != "month":
                        writer.writerow([label, row["month"], f"{key}_difference", *band.values()])
    else:
        from cswork.render.projection import ProjectionTableToFit

        stdout().print(ProjectionTableToFit(results))
        if paired is not None:
            from cswork.render.projection import difference_table

            stdout().print(difference_table(paired))


def backtest(
    start: Annotated[
        str | None, typer.Option("--from", help="Month to project from (YYYY-MM).")
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every half-yearly start with 24 months of history before it."),
    ] = False,
    months: Annotated[int, typer.Option("--months", help="Months to project and compare.")] = 12,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit on history up to a past month, project, and score against what happened, "nothing
    changes" and the straight-line trend, with the share of months inside the 10-90 % band."""
    from cswork.services.backtest import (
        BacktestError,
        backtest_json,
        parse_month,
        run_backtest,
        run_backtests,
        summary_json,
    )

    if (start is None) == (not every):
        fail("give --from YYYY-MM or --all (not both)", Exit.USAGE)
    if start is not None:  # a bad month or count is a usage error, before the database is read
        try:
            parse_month(start)
        except BacktestError as exc:
            fail(str(exc), Exit.USAGE)
        if months < 1:
            fail(f"--months must be at least 1, not {months}", Exit.USAGE)
    store = open_store(db)
    require_workforce(store)
    if every:
        if months not in (12, 24):
            fail(f"--months must be 12 or 24 with --all, not {months}", Exit.USAGE)
        summary = run_backtests(store, months, resolve_as_at(store, None))
        if as_json:
            print_json(summary_json(summary))
            return
        from cswork.render.projection import backtests_table

        stdout().print(backtests_table(summary))
        return
    assert start is not None
    try:
        result = run_backtest(store, start, months, resolve_as_at(store, None))
    except BacktestError as exc:
        fail(str(exc))
    if as_json:
        print_json(backtest_json(result))
        return
    from cswork.render.projection import backtest_table

    stdout().print(backtest_table(result))


def register(app: typer.Typer) -> None:
    """Attach the projection commands to ``app``."""
    app.add_typer(scenario_app, name="scenario")
    app.command()(calibrate)
    app.command()(project)
    app.command()(backtest)
