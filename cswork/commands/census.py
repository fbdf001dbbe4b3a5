"""``cswork census check``: the pre-submission report for the CSWW census return."""

from __future__ import annotations

from typing import Annotated

import typer

from cswork.commands.common import (
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    print_json,
    stdout,
    warn_after_last_data,
)

census_app = typer.Typer(
    name="census",
    help="The DfE children's social work workforce census.",
    no_args_is_help=True,
)

YearOption = Annotated[
    int, typer.Option("--year", help="Census year: the year ending 30 September YYYY.", min=2000)
]


@census_app.command("check")
def check(
    year: YearOption,
    db: DbOption = None,
    la_code: Annotated[
        str | None,
        typer.Option("--la-code", help="DfE LA code. Default: the authority.la_code setting."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Everything DfE validation or a reviewer would query in the return, before you export it.

    Exits 1 if any finding is an error that would fail DfE's validation.
    """
    from cswork.model.census import census_date
    from cswork.model.census_check import Severity
    from cswork.services.census import CensusError, NoWorkersError, check_census

    store = open_store(db)
    warn_after_last_data(store, census_date(year))
    try:
        findings = check_census(store, year, la_code)
    except NoWorkersError as exc:
        fail(str(exc), Exit.NO_DATA)
    except CensusError as exc:
        fail(str(exc), Exit.USAGE)
    if as_json:
        print_json(
            [
                {
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "worker": f.worker_ref,
                    "message": f.message,
                    "fix": f.fix,
                }
                for f in findings
            ]
        )
    else:
        from cswork.render.census import findings_renderable

        stdout().print(findings_renderable(year, findings))
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(int(Exit.INVALID_INPUT))


def register(app: typer.Typer) -> None:
    """Attach the ``census`` group to ``app``."""
    app.add_typer(census_app)
