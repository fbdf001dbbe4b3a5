"""``cswork report``: the workforce paper for the scrutiny board, as HTML, Word or Markdown."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cswork.commands.common import (
    AsAtOption,
    DbOption,
    Exit,
    fail,
    open_store,
    resolve_as_at,
    stderr,
)

#: Kept here as well as in :mod:`cswork.report.inputs` so ``--help`` does not import the report.
SECTION_NAMES = (
    "key-messages, workforce, agency, pressure, continuity, academy, demand, indicators, outlook,"
    " data"
)


class ReportFormat(StrEnum):
    """The formats ``cswork report`` writes."""

    HTML = "html"
    DOCX = "docx"
    MD = "md"


def _sections(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from cswork.report.inputs import SECTION_KEYS

    asked = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [part for part in asked if part not in SECTION_KEYS]
    if unknown or not asked:
        what = f"unknown section {', '.join(repr(u) for u in unknown)}" if unknown else "no section"
        raise typer.BadParameter(f"{what}; the sections are: {', '.join(SECTION_KEYS)}")
    return tuple(key for key in SECTION_KEYS if key in asked)


def report(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File to write. Default: workforce-report-DATE.FORMAT here.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            help="html, docx or md. Default: from the --out suffix, else html.",
            show_default=False,
        ),
    ] = None,
    sections: Annotated[
        str | None,
        typer.Option(
            "--sections",
            help=f"Comma-separated sections to include (default all): {SECTION_NAMES}.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        str, typer.Option("--scenario", help="Scenario for the outlook.")
    ] = "baseline",
    other: Annotated[
        str | None,
        typer.Option("--compare", help="A second scenario: the outlook shows the differences."),
    ] = None,
    months: Annotated[int, typer.Option("--months", help="Months the outlook projects.")] = 24,
    title: Annotated[
        str,
        typer.Option("--title", help="The paper's title."),
    ] = "Children's social care workforce report",
    include_workers: Annotated[
        bool,
        typer.Option(
            "--include-workers",
            help="List over-capacity workers and NQSW breaches by worker reference (never names).",
        ),
    ] = False,
    db: DbOption = None,
    as_at: AsAtOption = None,
) -> None:
    """Write the workforce paper for the scrutiny board: key messages, tables, charts, outlook.

    Every figure is the one the matching --json command prints; no names, and worker references
    only with --include-workers. The file is created readable by its owner only.
    """
    chosen = _sections(sections)
    if not 1 <= months <= 240:
        fail(f"--months must be between 1 and 240, not {months}", Exit.USAGE)
    if out is not None and output is not None:
        from cswork.report.write import suffix_format

        named = suffix_format(out)
        if named is not None and named != output.value:
            fail(
                f"--format {output.value} does not match --out {out.name}: name the file "
                f"{out.stem}.{output.value}, or leave --format out",
                Exit.USAGE,
            )
    store = open_store(db)
    if not store.execute("SELECT 1 FROM role_spells LIMIT 1").fetchone():
        fail("no workforce in the database: import staff or run 'cswork demo' first", Exit.NO_DATA)
    when = resolve_as_at(store, as_at)
    from cswork.report.inputs import SECTION_KEYS, ReportOptions
    from cswork.report.write import (
        ReportDestinationError,
        ReportWriteError,
        default_path,
        format_for,
        write_report,
    )

    options = ReportOptions(
        as_at=when,
        sections=chosen or SECTION_KEYS,
        scenario=scenario,
        compare=other,
        months=months,
        title=title,
        include_workers=include_workers,
    )
    if options.wants("outlook") or options.wants("key-messages"):
        from cswork.services.projection import scenario_assumptions
        from cswork.services.scenarios import ScenarioError

        for name in filter(None, (scenario, other)):
            try:
                scenario_assumptions(store, name, when)
            except ScenarioError as exc:
                fail(str(exc), Exit.USAGE)
    from cswork.report.build import build_report

    document = build_report(store, options)
    fmt = format_for(out, output.value if output else None)
    path = out if out is not None else default_path(document, fmt)
    try:
        written = write_report(document, path, fmt)
    except ReportDestinationError as exc:
        fail(str(exc), Exit.INVALID_INPUT)  # a destination refused, as for every written file
    except ReportWriteError as exc:
        fail(str(exc), Exit.ENVIRONMENT)
    from cswork.render.format import plural

    charts = len(written) - 1
    extra = f" and {plural(charts, 'chart file')}" if charts else ""
    stderr().print(
        f"Board report written to {path} ({fmt}, {plural(len(document.sections), 'section')}"
        f"{extra}, as at {when.isoformat()}).",
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Attach ``report`` to ``app``."""
    app.command()(report)
