"""The scenario editor: planned cohorts as rows of date and size, and the assumptions a user changes.

Cohorts the baseline assumes (the academy's yearly pattern carried on after the stored plans) are
marked "assumed"; editing one's date or size makes it a plan of the user's own.

Every value is checked by the assumptions' own rules (:func:`parse_field`), so the form says exactly
what ``cswork scenario set`` would; a problem is shown beside its field and nothing is sent until the
whole form is valid. Each valid change posts :class:`ScenarioForm.Edited` with the new assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from cswork.model.projection.assumptions import (
    AssumptionError,
    Assumptions,
    PlannedCohort,
    RouteIntake,
    optional_word,
    parse_field,
    pattern_text,
)
from cswork.model.projection.calibration import LeaverRate


@dataclass(frozen=True, slots=True)
class FormField:
    """An assumption the form edits: its key and the caption shown."""

    key: str
    caption: str


#: The fields below the cohorts, in display order.
FORM_FIELDS: tuple[FormField, ...] = (
    FormField("leaver_rate_nqsw", "Leavers/yr NQSW"),
    FormField("leaver_rate_early_career", "Leavers/yr early career"),
    FormField("leaver_rate_experienced", "Leavers/yr experienced"),
    FormField("leaver_rate_senior", "Leavers/yr senior"),
    FormField("academy_pattern", "Academy pattern"),
    FormField("experienced_hires_per_month", "Experienced hires/month"),
    FormField("vacancy_fill_rate", "Hires/month per vacancy"),
    FormField("agency_share_of_vacancies", "Agency FTE per vacancy"),
    FormField("agency_conversion_rate", "Agency to permanent/yr"),
    FormField("demand_growth", "Demand growth/yr"),
    FormField("horizon_months", "Horizon (months)"),
    FormField("runs", "Runs"),
)


def field_text(assumptions: Assumptions, key: str) -> str:
    """The value of ``key`` as the form shows it (``trend`` for demand following the history,
    ``vacancies`` for hiring that follows the vacancies)."""
    if key == "academy_pattern":
        return pattern_text(assumptions.academy_pattern) or "none"
    value = getattr(assumptions, key)
    if value is None:
        return optional_word(key) or ""
    return str(value)


def calibrated_text(rate: LeaverRate | None) -> str:
    """The calibrated leaver rate and its 95 % interval, as shown beside the field."""
    if rate is None or rate.rate is None or rate.low is None or rate.high is None:
        return "cal.: no history"
    return f"cal. {rate.rate:.3f} ({rate.low:.3f}–{rate.high:.3f})"


def plain_error(message: str, key: str) -> str:
    """An assumption's error as shown beside its field: in plain words, without the internal name
    ("must be between 0 and 5, not 7", not "leaver_rate_nqsw must be ...")."""
    for prefix in (f"{key}: ", f"{key} "):
        if message.startswith(prefix):
            message = message.removeprefix(prefix)
            break
    for field in FORM_FIELDS:
        message = message.replace(field.key, field.caption)
    return message[:1].upper() + message[1:]


def _put(entry: Input, value: str) -> None:
    """Show ``value`` in ``entry`` as a new input would (the cursor after it)."""
    if entry.value != value:
        entry.value = value
        entry.cursor_position = len(value)


def _say(label: Label, message: str) -> None:
    """Show ``message`` in ``label``, leaving it be if it says that already (every change asks
    for the whole screen to be laid out again, and a check of the form mostly finds no errors)."""
    if label.content != message:
        label.update(message)


class CohortRow(Horizontal):
    """One planned cohort: start date, size, a remove button and its problem, if any."""

    def __init__(self, cohort: PlannedCohort | None) -> None:
        super().__init__(classes="cohort-row")
        self.cohort = cohort

    def compose(self) -> ComposeResult:
        start, size, assumed = self._cells()
        yield Input(start, placeholder="YYYY-MM-DD", classes="cohort-start", compact=True)
        yield Input(size, placeholder="size", classes="cohort-size", compact=True)
        yield Button("✕", classes="cohort-remove", tooltip="Remove this cohort", compact=True)
        yield Label(assumed, classes="cohort-assumed")
        yield Label("", classes="form-error", markup=False)  # quotes what was typed

    def _cells(self) -> tuple[str, str, str]:
        cohort = self.cohort
        if cohort is None:
            return "", "", ""
        return cohort.start.isoformat(), str(cohort.size), "assumed" if cohort.assumed else ""

    def show(self, cohort: PlannedCohort) -> None:
        """Show ``cohort`` in this row's widgets."""
        self.cohort = cohort
        start, size, assumed = self._cells()
        _put(self.query_one(".cohort-start", Input), start)
        _put(self.query_one(".cohort-size", Input), size)
        _say(self.query_one(".cohort-assumed", Label), assumed)

    def kept(self, parsed: PlannedCohort) -> PlannedCohort:
        """``parsed``, still marked assumed if it is the assumed cohort this row showed."""
        shown = self.cohort
        if (
            shown is not None
            and shown.assumed
            and (shown.start, shown.size)
            == (
                parsed.start,
                parsed.size,
            )
        ):
            return shown
        return parsed

    def text(self) -> str:
        """The row as ``DATE:SIZE`` (empty when both are blank)."""
        start = self.query_one(".cohort-start", Input).value.strip()
        size = self.query_one(".cohort-size", Input).value.strip()
        return f"{start}:{size}" if start or size else ""


#: The classes of a route intake row's inputs, in order.
ROUTE_CELLS = ("route-name", "route-per-year", "route-lead", "route-cost")


class RouteRow(Vertical):
    """One planned route intake: route, starters a year, lead time in months, cost per hire and a
    remove button, with its problem, if any, on the line below (the inputs fill the width)."""

    def __init__(self, intake: RouteIntake | None) -> None:
        super().__init__(classes="route-row")
        self.intake = intake

    def compose(self) -> ComposeResult:
        with Horizontal(classes="route-inputs"):
            yield from self._inputs()
        yield Label("", classes="form-error", markup=False)  # quotes what was typed

    def _cells(self) -> tuple[str, str, str, str]:
        intake = self.intake
        if intake is None:
            return "", "", "", ""
        return (
            intake.route,
            f"{intake.per_year:g}",
            str(intake.lead_months),
            f"{intake.cost_per_hire:g}",
        )

    def show(self, intake: RouteIntake) -> None:
        """Show ``intake`` in this row's inputs."""
        self.intake = intake
        for name, value in zip(ROUTE_CELLS, self._cells(), strict=True):
            _put(self.query_one(f".{name}", Input), value)

    def _inputs(self) -> ComposeResult:
        route, per_year, lead, cost = self._cells()
        yield Input(
            route,
            placeholder="route",
            classes="route-name",
            compact=True,
            tooltip="academy, step_up, frontline, apprenticeship, return_to_practice, "
            "international, experienced, agency_conversion or other",
        )
        yield Input(per_year, placeholder="/yr", classes="route-per-year", compact=True)
        yield Input(lead, placeholder="lead", classes="route-lead", compact=True)
        yield Input(cost, placeholder="£ each", classes="route-cost", compact=True)
        yield Button("✕", classes="route-remove", tooltip="Remove this route intake", compact=True)

    def text(self) -> str:
        """The row as ``ROUTE:PER_YEAR:LEAD:COST`` (``ROUTE:PER_YEAR:LEAD`` without a cost; empty
        when every cell is blank)."""
        cells = [self.query_one(f".{name}", Input).value.strip() for name in ROUTE_CELLS]
        if not any(cells):
            return ""
        return ":".join(cells if cells[-1] else cells[:-1])  # no cost given: none


class ScenarioForm(Widget):
    """Edit a scenario's assumptions; posts :class:`Edited` for every valid change."""

    DEFAULT_CSS = """
    ScenarioForm { height: 1fr; }
    ScenarioForm VerticalScroll { height: 1fr; }
    ScenarioForm .form-heading { text-style: bold; margin-top: 1; width: 100%; height: auto; }
    ScenarioForm Input.-invalid { background: $error 30%; }
    ScenarioForm #cohort-rows { height: auto; }
    ScenarioForm .cohort-row, ScenarioForm .form-row { height: auto; }
    ScenarioForm .cohort-start { width: 14; }
    ScenarioForm .cohort-size { width: 7; margin-left: 1; }
    ScenarioForm .cohort-remove { min-width: 3; width: 3; margin-left: 1; }
    ScenarioForm .cohort-assumed { color: $text-muted; margin-left: 1; width: auto; }
    ScenarioForm #route-rows { height: auto; }
    ScenarioForm .route-row, ScenarioForm .route-inputs { height: auto; }
    ScenarioForm .route-row .form-error { margin-left: 0; }
    ScenarioForm .route-name { width: 12; }
    ScenarioForm .route-per-year { width: 4; margin-left: 1; }
    ScenarioForm .route-lead { width: 4; margin-left: 1; }
    ScenarioForm .route-cost { width: 6; margin-left: 1; }
    ScenarioForm .route-remove { min-width: 3; width: 3; margin-left: 1; }
    ScenarioForm .form-caption { width: 24; }
    ScenarioForm .form-row Input { width: 9; }
    ScenarioForm .form-row.-error .form-hint { display: none; }
    ScenarioForm .form-hint { color: $text-muted; margin-left: 1; width: auto; }
    ScenarioForm .form-error { color: $text-error; margin-left: 1; width: 1fr; height: auto; }
    """

    class Edited(Message):
        """The form holds a new, valid set of assumptions."""

        def __init__(self, form: ScenarioForm, assumptions: Assumptions) -> None:
            super().__init__()
            self.form = form
            self.assumptions = assumptions

        @property
        def control(self) -> ScenarioForm:
            """The form that changed."""
            return self.form

    HINTS: ClassVar[dict[str, str]] = {
        "academy_pattern": "MONTH:SIZE after the list",
        "experienced_hires_per_month": "a number, or 'vacancies'",
        "vacancy_fill_rate": "when following vacancies",
        "agency_share_of_vacancies": "agency policy",
        "agency_conversion_rate": "share a year",
        "demand_growth": "a rate, or 'trend'",
        "horizon_months": "1–240",
        "runs": "1 = expected values",
    }

    def __init__(
        self,
        assumptions: Assumptions | None = None,
        calibrated: Mapping[str, LeaverRate] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.assumptions = assumptions or Assumptions()
        self.calibrated: Mapping[str, LeaverRate] = calibrated or {}
        self.errors: dict[str, str] = {}
        self._check_pending = False
        # Without assumptions the form stays empty until :meth:`load` gives some: a hundred widgets
        # made and styled for defaults nobody sees would be made again straight away.
        self._loaded = assumptions is not None

    def compose(self) -> ComposeResult:
        if self._loaded:
            yield from self._compose_form()

    def _compose_form(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("Planned cohorts (start, size)", classes="form-heading")
            with Vertical(id="cohort-rows"):
                for cohort in self.assumptions.cohorts:
                    yield CohortRow(cohort)
            yield Button("+ Add cohort", id="add-cohort", compact=True)
            yield Label(
                "Recruitment by route (route, a year, lead months, £ a hire)",
                classes="form-heading",
            )
            with Vertical(id="route-rows"):
                for intake in self.assumptions.route_intakes:
                    yield RouteRow(intake)
            yield Button("+ Add route intake", id="add-route", compact=True)
            yield Label(
                "Assumptions (cal. = calibrated, 95 % interval)",
                classes="form-heading",
            )
            for form_field in FORM_FIELDS:
                with Horizontal(classes="form-row", id=f"row-{form_field.key}"):
                    yield Label(form_field.caption, classes="form-caption")
                    yield Input(
                        field_text(self.assumptions, form_field.key),
                        id=f"field-{form_field.key}",
                        compact=True,
                    )
                    yield Label(self._hint(form_field.key), classes="form-hint")
                    yield Label(
                        "", classes="form-error", id=f"error-{form_field.key}", markup=False
                    )

    def _hint(self, key: str) -> str:
        if key.startswith("leaver_rate_"):
            return calibrated_text(self.calibrated.get(key.removeprefix("leaver_rate_")))
        return self.HINTS.get(key, "")

    def load(
        self, assumptions: Assumptions, calibrated: Mapping[str, LeaverRate] | None = None
    ) -> None:
        """Show ``assumptions`` (and the calibrated rates beside them) without posting an edit."""
        self.assumptions = assumptions
        if calibrated is not None:
            self.calibrated = calibrated
        self.errors = {}
        if self._loaded and self._show_in_place():
            return
        self._loaded = True
        self.refresh(recompose=True)

    def _show_in_place(self) -> bool:
        """Show the assumptions in the widgets already made, if there are as many cohort and
        route rows as they need (a hundred widgets not made again); ``False`` if there are not."""
        assumptions = self.assumptions
        cohort_rows, route_rows = self.cohort_rows(), self.route_rows()
        if (
            not self.query("#field-runs")
            or len(cohort_rows) != len(assumptions.cohorts)
            or len(route_rows) != len(assumptions.route_intakes)
        ):
            return False
        for row, cohort in zip(cohort_rows, assumptions.cohorts, strict=True):
            row.show(cohort)
        for route_row, intake in zip(route_rows, assumptions.route_intakes, strict=True):
            route_row.show(intake)
        for form_field in FORM_FIELDS:
            _put(self.field_input(form_field.key), field_text(assumptions, form_field.key))
            hint = self.query_one(f"#row-{form_field.key} .form-hint", Label)
            _say(hint, self._hint(form_field.key))
        self._revalidate()  # clears the problems shown, as the assumptions are valid
        return True

    def field_input(self, key: str) -> Input:
        """The input of assumption ``key``."""
        return self.query_one(f"#field-{key}", Input)

    def cohort_rows(self) -> list[CohortRow]:
        """The cohort rows, top to bottom."""
        return list(self.query(CohortRow))

    @on(Button.Pressed, "#add-cohort")
    async def add_cohort(self) -> None:
        """Add an empty cohort row and put the cursor in its date."""
        row = CohortRow(None)
        await self.query_one("#cohort-rows").mount(row)
        row.query_one(".cohort-start", Input).focus()

    def route_rows(self) -> list[RouteRow]:
        """The route intake rows, top to bottom."""
        return list(self.query(RouteRow))

    @on(Button.Pressed, "#add-route")
    async def add_route(self) -> None:
        """Add an empty route intake row and put the cursor in its route."""
        row = RouteRow(None)
        await self.query_one("#route-rows").mount(row)
        row.query_one(".route-name", Input).focus()

    @on(Button.Pressed, ".route-remove")
    async def _remove_route(self, event: Button.Pressed) -> None:
        event.stop()
        inputs = event.button.parent
        row = inputs.parent if inputs is not None else None
        if isinstance(row, RouteRow):
            await row.remove()
            self._revalidate()

    @on(Button.Pressed, ".cohort-remove")
    async def _remove_cohort(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        if isinstance(row, CohortRow):
            await row.remove()
            self._revalidate()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Check the form once the changes in hand have arrived: a loaded form's every input
        reports its first value, and checking the whole form for each would be the form's size
        squared (seconds at fifty times the demo)."""
        event.stop()
        if not self._check_pending:
            self._check_pending = True
            self.call_later(self._check)

    def _check(self) -> None:
        self._check_pending = False
        self._revalidate()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def _revalidate(self) -> None:
        """Check every field with the assumptions' own rules; post the result if valid and new."""
        candidate = self.assumptions
        errors: dict[str, str] = {}
        cohorts: list[PlannedCohort] = []
        for index, row in enumerate(self.cohort_rows()):
            message = ""
            text = row.text()
            if text:
                try:
                    cohorts += [
                        row.kept(c) for c in parse_field(Assumptions(), "cohorts", text).cohorts
                    ]
                except AssumptionError as exc:
                    message = plain_error(str(exc), "cohorts")
                    errors[f"cohort-{index}"] = message
            _say(row.query_one(".form-error", Label), message)
            for entry in row.query(Input):
                entry.set_class(bool(message), "-invalid")
        intakes: list[RouteIntake] = []
        for index, route_row in enumerate(self.route_rows()):
            message = ""
            text = route_row.text()
            if text:
                try:
                    intakes += parse_field(Assumptions(), "route_intakes", text).route_intakes
                except AssumptionError as exc:
                    message = plain_error(str(exc), "route_intakes")
                    errors[f"route-{index}"] = message
            _say(route_row.query_one(".form-error", Label), message)
            for entry in route_row.query(Input):
                entry.set_class(bool(message), "-invalid")
        for form_field in FORM_FIELDS:
            entry = self.field_input(form_field.key)
            try:
                candidate = parse_field(candidate, form_field.key, entry.value.strip())
                message = ""
            except AssumptionError as exc:
                message = plain_error(str(exc), form_field.key)
                errors[form_field.key] = message
            _say(self.query_one(f"#error-{form_field.key}", Label), message)
            self.query_one(f"#row-{form_field.key}").set_class(bool(message), "-error")
            entry.set_class(bool(message), "-invalid")
        self.errors = errors
        if errors:
            return
        candidate = replace(candidate, cohorts=tuple(cohorts), route_intakes=tuple(intakes))
        if candidate != self.assumptions:
            self.assumptions = candidate
            self.post_message(self.Edited(self, candidate))
