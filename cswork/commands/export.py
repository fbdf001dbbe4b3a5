"""``cswork export``: data leaving cswork; ``export csww`` writes the DfE census return."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cswork.commands.census import YearOption
from cswork.commands.common import (
    DbOption,
    Exit,
    fail,
    open_store,
    stderr,
    warn_after_last_data,
    write_file,
)

export_app = typer.Typer(name="export", help="Export data from the store.", no_args_is_help=True)


@export_app.command("csww")
def csww(
    year: YearOption,
    out: Annotated[Path, typer.Option("--out", help="The XML file to write.")],
    db: DbOption = None,
    la_code: Annotated[
        str | None,
        typer.Option("--la-code", help="DfE LA code. Default: the authority.la_code setting."),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Write the file even if it does not pass the schema."),
    ] = False,
) -> None:
    """Write the CSWW census return for the year ending 30 September YYYY.

    Checked against the census schema first: a failing return is not written unless --draft.

    'cswork census check' lists what to fix.
    """
    from cswork.export.census import census_document
    from cswork.model.census import census_date
    from cswork.services.census import (
        CensusError,
        NoWorkersError,
        build_census,
        default_la_code,
    )

    store = open_store(db)
    warn_after_last_data(store, census_date(year))
    try:
        census = build_census(store, year, la_code or default_la_code(store))
    except NoWorkersError as exc:
        fail(str(exc), Exit.NO_DATA)
    except CensusError as exc:
        fail(str(exc), Exit.USAGE)
    document = census_document(census)
    errors = document.schema_errors
    console = stderr()
    if errors and not draft:
        for error in errors[:20]:
            console.print(f"  {error}", highlight=False, markup=False)
        if len(errors) > 20:
            console.print(f"  ... and {len(errors) - 20} more", highlight=False)
        fail(
            f"the return does not pass the census schema ({len(errors)} problems); nothing written. "
            f"Run 'cswork census check --year {year}' for the fixes, or pass --draft"
        )
    write_file(out, document.xml)
    agency = sum(1 for w in census.workers if w.agency)
    note = f", NOT schema-valid ({len(errors)} problems)" if errors else ", schema-valid"
    console.print(
        f"Wrote {out}: CSWW {year} for LA {census.la_code}, {len(census.workers) - agency} "
        f"LA-employed and {agency} agency workers{note}.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Attach the ``export`` group to ``app``."""
    app.add_typer(export_app)
