"""Money: agency spend and premium by team, and the agency rules (charges over cap, under three
years' PQE, project teams, assignments over 12 months), each a sortable, exportable table.

The figures are :func:`cswork.services.money.agency_costs`, exactly as ``cswork costs`` and
``cswork agency`` print them. Workers are named by reference only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.console import JustifyMethod
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.widgets.data_table import ColumnKey

from cswork.export.tables import write_table
from cswork.model.money import AgencyWorker, CapBreach, TeamSpend
from cswork.render.format import fte, pounds
from cswork.render.safe import user_label
from cswork.services.database import Database
from cswork.services.money import AgencyCosts, agency_costs
from cswork.tui.dialogs.export import ExportDialog
from cswork.tui.screens.base import DataScreen, fit_tab_labels, workforce_notice
from cswork.tui.widgets.columns import Column, export_rows, sort_key


def _workers(on: date) -> tuple[Column[AgencyWorker], ...]:
    return (
        Column("ref", "Worker ref", lambda w: w.worker_ref),
        Column("team", "Team", lambda w: w.team),
        Column("supplier", "Supplier", lambda w: w.supplier),
        Column("since", "Since", lambda w: w.since),
        Column("months", "Months", lambda w: w.months_on(on)),
        Column("pqe", "PQE months", lambda w: w.pqe_months),
    )


TEAM_COLUMNS: tuple[Column[TeamSpend], ...] = (
    Column("team", "Team", lambda t: t.team),
    Column("fte", "Agency FTE", lambda t: t.agency_fte, places=1),
    Column("spend_year", "Spend a year £", lambda t: float(round(t.spend_year)), places=0),
    Column("premium_year", "Premium a year £", lambda t: float(round(t.premium_year)), places=0),
    Column("spend_to_date", "Spend to date £", lambda t: float(round(t.spend_to_date)), places=0),
    Column(
        "premium_to_date", "Premium to date £", lambda t: float(round(t.premium_to_date)), places=0
    ),
)

CAP_COLUMNS: tuple[Column[CapBreach], ...] = (
    Column("ref", "Worker ref", lambda b: b.worker_ref),
    Column("team", "Team", lambda b: b.team),
    Column("job_type", "Core job type", lambda b: b.job_type.label),
    Column("charge", "Charge £/h", lambda b: b.hourly_charge, places=2),
    Column("cap", "Cap £/h", lambda b: b.hourly_cap, places=2),
    Column("fte", "FTE", lambda b: b.fte, places=1),
    Column("week", "Over a week £", lambda b: round(b.excess_week, 2), places=2),
    Column("year", "Over a year £", lambda b: float(round(b.excess_year)), places=0),
)

_NUMERIC = {"fte", "spend_year", "premium_year", "spend_to_date", "premium_to_date"}
_NUMERIC |= {"charge", "cap", "week", "year", "months", "pqe"}


@dataclass(slots=True)
class _Table:
    """One tab's table: its columns, rows, sort and what to call an export."""

    key: str
    title: str
    columns: Sequence[Column[Any]]
    rows: list[Any]
    sort_by: tuple[str, bool] = ("", False)


class MoneyScreen(DataScreen[AgencyCosts]):
    """What agency staff cost and who breaches the agency rules, as at the date."""

    MODE = "money"
    CSS_PATH = "money.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "Sort by column"),
        Binding("e", "export", "Export"),
    ]
    TABS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("teams", "Spend by team"),
        ("caps", "Over cap"),
        ("pqe", "Under 3 years' PQE"),
        ("project", "Project teams"),
        ("long", "Over 12 months"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, _Table] = {}
        self.costs: AgencyCosts | None = None
        #: Each tab's label in full and short (see :func:`fit_tab_labels`).
        self.tab_labels: dict[str, tuple[str, str]] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="money-figures")
        with TabbedContent(id="money-tabs"):
            for key, title in self.TABS:
                with TabPane(title, id=f"tab-{key}"):
                    yield DataTable(id=f"money-{key}", cursor_type="row", zebra_stripes=True)

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> AgencyCosts:
        return agency_costs(db, as_at)

    def show(self, data: AgencyCosts) -> None:
        self.costs = data
        self.query_one("#money-figures", Static).update(figures_text(data))
        rules = data.compliance
        workers = _workers(data.as_at)
        specs: dict[str, tuple[str, Sequence[Column[Any]], list[Any]]] = {
            "teams": ("agency spend by team", TEAM_COLUMNS, list(data.by_team)),
            "caps": ("assignments over cap", CAP_COLUMNS, list(rules.caps.breaches)),
            "pqe": ("agency workers under 3 years' PQE", workers, list(rules.under_pqe)),
            "project": ("project-team assignments", workers, list(rules.project_teams)),
            "long": ("assignments over 12 months", workers, list(rules.long_assignments)),
        }
        for key, (title, columns, rows) in specs.items():
            old = self.tables.get(key)
            self.tables[key] = _Table(
                key, title, columns, rows, old.sort_by if old else ("", False)
            )
            table = self.query_one(f"#money-{key}", DataTable)
            if not table.columns:
                for column in columns:
                    table.add_column(column.label, key=column.key)
            self._fill(key)
        caps, pqe = rules.caps.count, len(rules.under_pqe)
        project, long = len(rules.project_teams), len(rules.long_assignments)
        self.tab_labels = {
            "tab-teams": ("Spend by team", "By team"),
            "tab-caps": (f"Over cap ({caps})", f"Over cap ({caps})"),
            "tab-pqe": (f"Under 3 years' PQE ({pqe})", f"PQE < 3 yrs ({pqe})"),
            "tab-project": (f"Project teams ({project})", f"Project ({project})"),
            "tab-long": (f"Over 12 months ({long})", f"Over 12m ({long})"),
        }
        fit_tab_labels(self.query_one(TabbedContent), self.tab_labels, self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        """The tab labels for the new width."""
        if self.tab_labels:
            fit_tab_labels(self.query_one(TabbedContent), self.tab_labels, event.size.width)

    def _fill(self, key: str) -> None:
        spec = self.tables[key]
        rows = spec.rows
        column_key, reverse = spec.sort_by
        by_key = {c.key: c for c in spec.columns}
        if column_key in by_key:
            rows = sorted(rows, key=sort_key(by_key[column_key]), reverse=reverse)
        spec.rows = rows
        table = self.query_one(f"#money-{key}", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*(_cell(column, row) for column in spec.columns))
        for column in spec.columns:
            arrow = (" ▼" if reverse else " ▲") if column.key == column_key else ""
            table.columns[ColumnKey(column.key)].label = Text(column.label + arrow)
        table.border_title = f"{len(rows):,} {spec.title}"
        if not rows:
            table.border_subtitle = "None as at this date."
        else:
            table.border_subtitle = ""

    def _active(self) -> str:
        return (self.query_one(TabbedContent).active or "tab-teams").removeprefix("tab-")

    def _sort_on(self, key: str, column_key: str) -> None:
        spec = self.tables.get(key)
        if spec is None:
            return
        current, reverse = spec.sort_by
        spec.sort_by = (column_key, not reverse if current == column_key else False)
        self._fill(key)

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = (event.data_table.id or "").removeprefix("money-")
        self._sort_on(key, str(event.column_key.value))

    def action_sort(self) -> None:
        """Sort the table shown by the column under the cursor (again to reverse)."""
        key = self._active()
        spec = self.tables.get(key)
        if spec is not None:
            table = self.query_one(f"#money-{key}", DataTable)
            self._sort_on(key, spec.columns[table.cursor_column].key)

    def action_export(self) -> None:
        """Export the table shown, as sorted, to CSV or XLSX."""
        key = self._active()
        spec = self.tables.get(key)
        if spec is None or self.costs is None:
            self.notify("The money figures are still loading.", severity="warning")
            return
        suggested = Path.cwd() / f"money-{key}-{self.costs.as_at.isoformat()}.csv"
        headers = [c.label for c in spec.columns]
        rows = export_rows(spec.columns, spec.rows)

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(path, headers, rows, spec.title)

        self.app.push_screen(ExportDialog(f"{len(rows):,} {spec.title}", suggested), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self, path: Path, headers: list[str], rows: list[list[Any]], title: str) -> None:
        count = write_table(path, headers, rows, sheet="Money")
        self.app.call_from_thread(self.notify, f"Exported {count} {title} to {path}")


def _cell(column: Column[Any], row: object) -> Text:
    justify: JustifyMethod = "right" if column.key in _NUMERIC else "left"
    return user_label(column.text(row), justify=justify)


def figures_text(costs: AgencyCosts) -> Text:
    """The headline money figures, as ``cswork costs`` gives them."""
    rules = costs.compliance
    text = Text()
    text.append("Agency spend ", style="bold")
    text.append(
        f"this month {pounds(costs.spend_month)} · quarter {pounds(costs.spend_quarter)} · "
        f"year to date {pounds(costs.spend_year_to_date)} · a year at the run rate "
        f"{pounds(costs.spend_year)}\n"
    )
    text.append("Premium over permanent ", style="bold")
    text.append(
        f"{pounds(costs.premium_year)} a year ({pounds(costs.premium_year_to_date)} to date) · "
        f"cost of vacancies {pounds(costs.vacancy_cost_year)} a year\n"
    )
    text.append("Agency rules ", style="bold")
    text.append(
        f"{rules.caps.count} over cap ({fte(rules.caps.fte)} FTE, "
        f"{pounds(rules.caps.excess_year)} a year over) · {len(rules.under_pqe)} under 3 years' "
        f"PQE · {len(rules.project_teams)} in project teams · {len(rules.long_assignments)} over "
        f"12 months · {costs.agency_fte:,.1f} agency FTE in post"
    )
    return text
