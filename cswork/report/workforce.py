"""Sections 2 to 4: the workforce position, agency and cost, and caseload pressure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from cswork.model.measures import round_half_up
from cswork.model.position import Figures
from cswork.model.protection import Breach
from cswork.report import text
from cswork.report.document import Block, Chart, Panel, Paragraph, Section, Series, Table
from cswork.report.inputs import ReportInputs

Formatter = Callable[[float | None], str]

#: The workforce table's rows: label, ``cswork summary --json`` key, format, England's figure key.
POSITION_ROWS: tuple[tuple[str, str, Formatter, str | None], ...] = (
    ("In post (FTE)", "in_post_fte", text.fte, None),
    ("In post (headcount)", "in_post_headcount", text.count, None),
    ("Agency (FTE)", "agency_fte", text.fte, None),
    ("Agency (headcount)", "agency_headcount", text.count, None),
    ("Funded posts (FTE)", "establishment_fte", text.fte, None),
    ("Vacancies (FTE)", "vacancy_fte", text.fte, None),
    ("Vacancy rate", "vacancy_rate", text.pct, "vacancy_rate"),
    ("Agency rate", "agency_rate", text.pct, "agency_rate"),
    ("Turnover rate (12 months)", "turnover_rate", text.pct, "turnover_rate"),
    ("Agency cover of vacancies", "agency_cover_rate", text.pct, None),
    ("Caseload (cases per case-holding FTE)", "caseload", text.one_place, "caseload"),
)


def difference(now: float | None, then: float | None) -> float | None:
    """``now - then`` of two shown figures, to one decimal place (what a reader would subtract)."""
    shown_now, shown_then = round_half_up(now, 1), round_half_up(then, 1)
    if shown_now is None or shown_then is None:
        return None
    return round_half_up(shown_now - shown_then, 1)


def england_words(inputs: ReportInputs) -> str:
    """Which England figure stands beside ours, or that none is held for the date's census year."""
    england = inputs.now.figures["england"]
    if england is None:
        return "no England figure is held for the census year of this date"
    return f"England is the DfE figure at 30 September {england['year']}"


def _position_table(inputs: ReportInputs) -> Table:
    now, month, year = inputs.now, inputs.month_earlier, inputs.year_earlier
    england = now.figures["england"] or {}
    rows = []
    for label, key, show, england_key in POSITION_ROWS:
        a, b, c = now.figures[key], month.figures[key], year.figures[key]
        moved = text.count_change if show is text.count else text.change
        rows.append(
            (
                label,
                show(a),
                show(b),
                show(c),
                moved(difference(a, b)),
                moved(difference(a, c)),
                show(england[england_key]) if england_key and england else text.MISSING,
            )
        )
    return Table(
        key="position",
        caption=f"Workforce position on {text.day(now.as_at)}, a month and a year earlier, "
        + (f"and England at 30 September {england['year']}" if england else "(no England figure)"),
        headers=(
            "Measure",
            text.short_day(now.as_at),
            text.short_day(month.as_at),
            text.short_day(year.as_at),
            "Change in month",
            "Change in year",
            f"England {england['year']}" if england else "England",
        ),
        rows=tuple(rows),
        numeric=(False, *([True] * 6)),
    )


TEAM_COLUMNS: tuple[tuple[str, str, Formatter], ...] = (
    ("In post FTE", "in_post_fte", text.fte),
    ("Headcount", "in_post_headcount", text.count),
    ("Agency FTE", "agency_fte", text.fte),
    ("Vacancies FTE", "vacancy_fte", text.fte),
    ("Vacancy rate", "vacancy_rate", text.pct),
    ("Agency rate", "agency_rate", text.pct),
    ("Turnover rate", "turnover_rate", text.pct),
    ("Caseload", "caseload", text.one_place),
)


def _team_table(inputs: ReportInputs) -> Table:
    figures = inputs.now.figures
    teams = [(t["team"], t) for t in figures["teams"]]
    rows = [
        (name, *(show(row[key]) for _, key, show in TEAM_COLUMNS))
        for name, row in [*teams, ("All teams", figures)]
    ]
    return Table(
        key="position-teams",
        caption=f"By team on {text.day(inputs.now.as_at)}",
        headers=("Team", *(h for h, _, _ in TEAM_COLUMNS)),
        rows=tuple(rows),
        numeric=(False, *([True] * len(TEAM_COLUMNS))),
        total=True,
    )


#: The lines of the workforce chart: label and the figure drawn.
FTE_LINES: tuple[tuple[str, Callable[[Figures], float | None]], ...] = (
    ("In post", lambda f: f.in_post_fte),
    ("Agency", lambda f: f.agency_fte),
    ("Vacancies", lambda f: f.vacancy_fte),
)
RATE_LINES: tuple[tuple[str, Callable[[Figures], float | None]], ...] = (
    ("Vacancy rate", lambda f: f.vacancy_rate),
    ("Agency rate", lambda f: f.agency_rate),
    ("Turnover rate", lambda f: f.turnover_rate),
)


def _trend_chart(inputs: ReportInputs) -> Chart:
    months = tuple(p.as_at for p in inputs.trend)
    now = inputs.now.figures

    def lines(
        chosen: tuple[tuple[str, Callable[[Figures], float | None]], ...],
    ) -> tuple[Series, ...]:
        return tuple(
            Series(label, tuple(pick(p.total) for p in inputs.trend)) for label, pick in chosen
        )

    fte_panel = Panel(
        title="Staff (FTE)",
        x=months,
        x_label="Month end",
        y_label="FTE",
        series=lines(FTE_LINES),
        y_from_zero=True,
    )
    rate_panel = Panel(
        title="Rates (%)",
        x=months,
        x_label="Month end",
        y_label="Per cent",
        series=lines(RATE_LINES),
        y_from_zero=True,
    )
    alt = (
        f"Line charts of the last {len(months)} month ends. On {text.day(inputs.now.as_at)} "
        f"{text.fte(now['in_post_fte'])} FTE were in post, {text.fte(now['agency_fte'])} agency FTE "
        f"and {text.fte(now['vacancy_fte'])} FTE vacant; the vacancy rate was "
        f"{text.pct(now['vacancy_rate'])}, the agency rate {text.pct(now['agency_rate'])} and "
        f"turnover {text.pct(now['turnover_rate'])}."
    )
    return Chart("trend", "Workforce over the last two years", alt, (fte_panel, rate_panel), 2)


def workforce_section(inputs: ReportInputs) -> Section:
    """In post, agency, vacancies, rates and caseload: ours, a month and a year earlier, England."""
    scope = (
        f"As at {text.day(inputs.now.as_at)}. Counts social workers in post on the date (FTE and "
        "headcount, LA-employed unless marked agency), funded posts and vacancies, leavers in the "
        "12 months to the date, and cases held by case-holding workers. Rates follow the DfE "
        f"census definitions; {england_words(inputs)}."
    )
    blocks: list[Block] = [_position_table(inputs), _trend_chart(inputs), _team_table(inputs)]
    return Section("workforce", "Workforce position", scope, tuple(blocks))


def agency_section(inputs: ReportInputs) -> Section:
    """Agency workers in post by team, the vacancies they cover, and their hourly charges."""
    agency = inputs.agency
    scope = (
        f"As at {text.day(agency.as_at)}. Counts agency workers in post on the date by team, the "
        "FTE recorded as covering a vacancy, and the hourly charges recorded on their placements. "
        f"Weekly charge = hourly charge × FTE × {text.count(agency.standard_hours)} hours; "
        "annualised = weekly × 52, as if today's placements ran all year."
    )
    if not agency.held:
        return Section(
            "agency",
            "Agency and cost",
            scope,
            (
                Paragraph(
                    f"No agency worker is in post on {text.day(agency.as_at)}: import staff rows "
                    "with contract 'agency' and their hourly charge ('cswork import staff FILE') "
                    "to fill this section."
                ),
            ),
        )
    rows = [
        (
            group.name,
            text.count(group.headcount),
            text.fte(group.fte),
            text.fte(group.covering_vacancy_fte),
            text.pence(group.average_charge),
            text.pounds(group.weekly_charge),
            text.pounds(group.annual_charge),
        )
        for group in (*agency.teams, agency.total)
    ]
    table = Table(
        key="agency",
        caption=f"Agency workers in post on {text.day(agency.as_at)}, by team",
        headers=(
            "Team",
            "Workers",
            "FTE",
            "Covering vacancies (FTE)",
            "Average hourly charge",
            "Weekly charge",
            "Annualised charge",
        ),
        rows=tuple(rows),
        numeric=(False, *([True] * 6)),
        total=True,
    )
    total = agency.total
    uncharged = total.fte - total.charged_fte
    notes = [
        f"{text.plural(total.headcount, 'agency worker')} ({text.fte(total.fte)} FTE) "
        f"are in post; hourly charges run from {text.pence(total.lowest_charge)} to "
        f"{text.pence(total.highest_charge)}."
    ]
    if uncharged > 0.005:
        notes.append(
            f"{text.fte(uncharged)} agency FTE have no hourly charge recorded and are left out of "
            "the charges."
        )
    blocks: list[Block] = [Paragraph(" ".join(notes)), table]
    if inputs.money:
        blocks.append(money_table(inputs.money, inputs.rules))
    return Section("agency", "Agency and cost", scope, tuple(blocks))


def money_table(money: dict[str, Any], rules: dict[str, Any]) -> Table:
    """Agency spend, premium, cost of vacancies and the agency rules: `cswork costs` and
    `cswork agency` figures, one row each."""
    over = money["over_cap"]
    rows = (
        ("Agency spend this month", text.pounds(money["spend"]["month"])),
        ("Agency spend this quarter", text.pounds(money["spend"]["quarter"])),
        ("Agency spend, year to date", text.pounds(money["spend"]["year_to_date"])),
        ("Agency spend a year at today's run rate", text.pounds(money["spend"]["annualised"])),
        ("Premium over permanent cost, a year", text.pounds(money["premium"]["annualised"])),
        (
            "Premium over permanent cost, year to date",
            text.pounds(money["premium"]["year_to_date"]),
        ),
        ("Cost of vacancies, a year", text.pounds(money["cost_of_vacancies"]["annualised"])),
        ("Assignments over the regional price cap", text.count(over["count"])),
        ("Charges over the cap, a year", text.pounds(over["excess_year"])),
        ("Agency workers under three years' PQE", text.count(len(rules["under_three_years_pqe"]))),
        ("Assignments in a project team", text.count(len(rules["project_teams"]))),
        ("Assignments running over 12 months", text.count(len(rules["over_12_months"]))),
    )
    return Table(
        key="money",
        caption=f"Agency spend and the agency rules on {text.day(date.fromisoformat(money['as_at']))}"
        f" (financial year from {text.day(date.fromisoformat(money['periods']['year_from']))})",
        headers=("Measure", "Value"),
        rows=rows,
        numeric=(False, True),
    )


BAND_HEADERS = ("Under 85 %", "85–100 %", "100–110 %", "Over 110 %")


def _pressure_rows(figures: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for group in [*figures["teams"], figures["total"]]:
        bands = list(group["band_counts"].values())
        rows.append(
            (
                group["team"],
                text.count(group["case_holders"]),
                text.count(group["cases"]),
                text.one_place(group["caseload"]),
                text.one_place(group["weighted_caseload"]),
                text.pct(group["utilisation"]),
                *(text.count(n) for n in bands),
                text.count(group["workers_over_capacity"]),
            )
        )
    return rows


def pressure_section(inputs: ReportInputs) -> Section:
    """Utilisation bands by team, the DfE and weighted caseloads, over capacity, NQSW breaches."""
    report, figures = inputs.pressure, inputs.pressure_figures
    as_at = inputs.options.as_at
    if report is None or report.count_date is None:
        return Section(
            "pressure",
            "Caseload pressure",
            f"As at {text.day(as_at)}.",
            (
                Paragraph(
                    f"No caseload counts are held on or before {text.day(as_at)}: import them "
                    "('cswork import caseloads FILE') to fill this section."
                ),
            ),
        )
    settings = figures["settings"]
    weights = ", ".join(f"{k} {v:g}" for k, v in settings["weights"].items())
    scope = (
        f"As at {text.day(as_at)}, from the caseload count of {text.day(report.count_date)}. Counts "
        "case-holding workers in post. DfE caseload = cases ÷ case-holding FTE; weighted caseload "
        f"uses the case weights ({weights}); capacity = FTE × team target (default "
        f"{settings['target_caseload']:g}) × experience factor; utilisation = weighted cases ÷ "
        "capacity, banded."
    )
    table = Table(
        key="pressure",
        caption=f"Caseload pressure by team, count of {text.day(report.count_date)} "
        "(workers in each utilisation band)",
        headers=(
            "Team",
            "Case holders",
            "Cases",
            "DfE caseload",
            "Weighted caseload",
            "Utilisation",
            *BAND_HEADERS,
            "Over capacity",
        ),
        rows=tuple(_pressure_rows(figures)),
        numeric=(False, *([True] * 10)),
        total=True,
    )
    breaches = report.breaches
    kinds = [
        (
            breach.label[0].upper() + breach.label[1:],
            sum(1 for c in breaches if breach in c.breaches),
        )
        for breach in Breach
    ]
    breach_table = Table(
        key="breaches",
        caption=f"NQSWs in their ASYE whose protection is breached ({len(report.nqsw_checks)} "
        "checked)",
        headers=("Breach", "NQSWs"),
        rows=(
            *((label, text.count(n)) for label, n in kinds),
            ("Any breach", text.count(len(breaches))),
        ),
        numeric=(False, True),
        total=True,
    )
    total = figures["total"]
    lead = Paragraph(
        f"{text.plural(total['workers_over_capacity'], 'worker')} of "
        f"{text.count(total['case_holders'])} case holders are over capacity; "
        f"{text.plural(len(breaches), 'NQSW')} in the protected year "
        f"{'has' if len(breaches) == 1 else 'have'} a breach of protection."
    )
    blocks: list[Block] = [lead, table, breach_table]
    if inputs.options.include_workers:
        blocks += _worker_tables(inputs)
    return Section("pressure", "Caseload pressure", scope, tuple(blocks))


def _worker_tables(inputs: ReportInputs) -> list[Block]:
    """Over-capacity workers and breached NQSWs by reference (only with --include-workers)."""
    report = inputs.pressure
    assert report is not None
    over = Table(
        key="over-capacity-workers",
        caption="Workers over capacity, by reference",
        headers=("Worker", "Team", "Cases", "Weighted caseload", "Utilisation"),
        rows=tuple(
            (
                w.worker_ref,
                w.team,
                text.count(w.cases),
                text.one_place(w.weighted_caseload),
                text.pct(None if w.utilisation is None else 100 * w.utilisation),
            )
            for w in report.over_capacity
        ),
        numeric=(False, False, True, True, True),
    )
    breached = Table(
        key="breach-workers",
        caption="NQSWs whose protection is breached, by reference",
        headers=("Worker", "Team", "ASYE month", "Breach"),
        rows=tuple(
            (
                c.worker.worker_ref,
                c.worker.team,
                text.count((c.worker.asye_month or 0) + 1),
                ", ".join(b.label for b in c.breaches),
            )
            for c in report.breaches
        ),
        numeric=(False, False, True, False),
    )
    return [over, breached]
