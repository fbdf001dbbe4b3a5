"""Staff: the workforce table with filters, search, sorting, a worker's detail, and export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static

from cswork.model.usertext import printable
from cswork.model.workforce import ORG_ROLES
from cswork.render.safe import user_text
from cswork.services.database import Database, open_db
from cswork.services.staff import IN_POST, LEFT, StaffRow, WorkerDetail, build_staff, worker_detail
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable

COLUMNS: tuple[Column[StaffRow], ...] = (
    Column("ref", "Ref", lambda r: r.ref),
    Column("team", "Team", lambda r: r.team),
    Column("role", "Role", lambda r: r.role),
    Column("contract", "Contract", lambda r: r.contract),
    Column("fte", "FTE", lambda r: r.fte, places=2),
    Column("start", "Start", lambda r: r.start, unit="date"),
    Column("end", "End", lambda r: r.end, unit="date"),
    Column("cohort", "Cohort", lambda r: r.cohort),
    Column("pqe", "PQE", lambda r: r.pqe_years, places=1),
    Column("cases", "Cases", lambda r: r.cases, unit="count"),
)
FILTERS = ("team", "contract", "role", "cohort", "status")


@dataclass(frozen=True, slots=True)
class StaffFilters:
    """What the table is narrowed to (``None`` = everything)."""

    team: str | None = None
    contract: str | None = None
    role: str | None = None
    cohort: str | None = None
    status: str | None = IN_POST
    search: str = ""

    def narrowed(self, name: str, value: str | None) -> StaffFilters:
        """These filters with one of them (team, contract, role, cohort, status) set to ``value``."""
        if name not in FILTERS:
            raise ValueError(f"no staff filter called {name!r}")
        values: dict[str, str | None] = {key: getattr(self, key) for key in FILTERS}
        values[name] = value
        return StaffFilters(
            team=values["team"],
            contract=values["contract"],
            role=values["role"],
            cohort=values["cohort"],
            status=values["status"],
            search=self.search,
        )

    def admits(self, row: StaffRow) -> bool:
        """Whether ``row`` passes every filter and the search."""
        wanted = (
            (self.team, row.team),
            (self.contract, row.contract),
            (self.role, row.role),
            (self.cohort, row.cohort),
            (self.status, row.status),
        )
        if any(want is not None and want != have for want, have in wanted):
            return False
        needle = self.search.strip().lower()
        haystack = " ".join(str(v) for v in (row.ref, row.team, row.cohort or "", row.role))
        return not needle or needle in haystack.lower()


class DetailLoaded(Message):
    """One worker's detail, loaded by a worker."""

    def __init__(self, detail: WorkerDetail) -> None:
        super().__init__()
        self.detail = detail


class StaffScreen(DataScreen[list[StaffRow]]):
    """Every worker as at the date, filtered and sorted as the user asks."""

    MODE = "staff"
    AUTO_FOCUS = "#staff-table"
    # The detail pane sits beside the table only when all ten columns still fit.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012 (Textual declares it)
    CSS_PATH = "staff.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("c", "clear_filters", "Clear filters"),
    ]

    filters: reactive[StaffFilters] = reactive(StaffFilters, init=False)

    #: A list this long is searched a moment after typing stops, not at every key: each search
    #: refills and redraws the table (about a second for a pooled authority's 18,000 workers).
    SEARCH_PAUSE_ROWS = 2_000
    SEARCH_PAUSE = 0.3

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StaffRow] = []
        self._pending_ref: str | None = None
        self._search_timer: Timer | None = None

    @property
    def table(self) -> ExploreTable[StaffRow]:
        """The staff table."""
        return self.query_one("#staff-table", ExploreTable)

    @property
    def shown(self) -> list[StaffRow]:
        """The workers shown, in the order shown."""
        return self.table.shown

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="staff-filters"):
            for name in FILTERS:
                yield Select[str]([], prompt=name.title(), id=f"filter-{name}", compact=True)
            yield Input(placeholder="Search ref, team…", id="staff-search", compact=True)
        with Horizontal(id="staff-main"):
            yield ExploreTable(
                COLUMNS, lambda row: row.ref, sort_by="ref", title="workers", id="staff-table"
            )
            with VerticalScroll(id="staff-detail"):
                yield Static("Select a worker to see their roles and caseloads.", id="detail")

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> list[StaffRow]:
        return build_staff(db, as_at)

    def show(self, data: list[StaffRow]) -> None:
        self.rows = data
        options = {
            "team": sorted({r.team for r in data}),
            "contract": sorted({r.contract for r in data}),
            "role": [ORG_ROLES[k] for k in sorted({r.org_role for r in data})],
            "cohort": sorted({r.cohort for r in data if r.cohort}),
            "status": [IN_POST, LEFT],
        }
        with self.prevent(Select.Changed):
            for name, values in options.items():
                select = self.query_one(f"#filter-{name}", Select)
                select.set_options((user_text(value), value) for value in values)
                current = getattr(self.filters, name)
                if current in values:
                    select.value = current
        self._apply()

    def _apply(self) -> None:
        table = self.table
        table.show_rows([row for row in self.rows if self.filters.admits(row)])
        table.border_title = f"{len(table.shown):,} of {len(self.rows):,} workers"
        if self._pending_ref is not None:
            self._move_to(self._pending_ref)

    def shown_ref(self) -> str | None:
        """The worker under the cursor, if any."""
        return self.table.current_key()

    def export_filters(self) -> list[tuple[str, str]]:
        """The staff filters and search in force."""
        chosen = [(name.title(), getattr(self.filters, name)) for name in FILTERS]
        shown = [(name, value) for name, value in chosen if value is not None]
        if self.filters.search.strip():
            shown.append(("Search", self.filters.search.strip()))
        return shown

    def watch_filters(self) -> None:
        self._apply()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        value = None if event.value is Select.NULL else str(event.value)
        self.filters = self.filters.narrowed(name, value)

    @on(Input.Submitted, "#staff-search")
    def _search_done(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:  # Enter searches at once
            self._search_for(event.value)
        self.table.focus()

    @on(Input.Changed, "#staff-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if len(self.rows) < self.SEARCH_PAUSE_ROWS:
            self._search_for(event.value)
            return
        if self._search_timer is not None:  # still typing: wait for the pause after this key
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(self.SEARCH_PAUSE, lambda: self._search_for(value))

    def _search_for(self, text: str) -> None:
        """Search for ``text`` now, dropping any search still waiting for a pause."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self.filters = replace(self.filters, search=text)

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#staff-search", Input).focus()

    def action_clear_filters(self) -> None:
        """Show everyone again (in post and left)."""
        self.query_one("#staff-search", Input).value = ""
        self.filters = StaffFilters(status=None)
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()

    def select_worker(self, ref: str) -> None:
        """Put the cursor on worker ``ref`` (clearing filters that hide them)."""
        self._pending_ref = ref
        if self.rows and ref not in {row.ref for row in self.shown}:
            self.action_clear_filters()
        elif self.rows:
            self._move_to(ref)

    def _move_to(self, ref: str) -> None:
        if self.table.move_to(ref):
            self.table.focus()
            self._pending_ref = None

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None and self._shown_as_at is not None:
            self._load_detail(self.cswork.db_path, str(event.row_key.value), self._shown_as_at)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _load_detail(self, path: Path, ref: str, as_at: date) -> None:
        db = open_db(path, create=False)
        try:
            detail = worker_detail(db, ref, as_at)
        finally:
            db.close()
        self.post_message(DetailLoaded(detail))

    @on(DetailLoaded)
    def _show_detail(self, message: DetailLoaded) -> None:
        detail = message.detail
        text = Text()
        text.append(f"{printable(detail.ref)}\n", style="bold")
        text.append("Role spells\n", style="underline")
        for spell in detail.spells:
            end = spell.end.isoformat() if spell.end else "in post"
            text.append(
                f"{spell.start} – {end}\n  {printable(spell.team)}, {ORG_ROLES.get(spell.org_role)}, "
                f"{spell.contract.value}, {spell.fte:.2f} FTE\n"
            )
            if spell.leaving_reason:
                text.append(f"  left: {spell.leaving_reason}\n", style="italic")
        text.append("Cases held (latest 12 counts)\n", style="underline")
        if not detail.caseloads:
            text.append("no caseload counts\n")
        for day, cases in detail.caseloads[-12:]:
            text.append(f"{day}  {cases:>3}  {'█' * min(cases, 30)}\n")
        self.query_one("#detail", Static).update(text)
