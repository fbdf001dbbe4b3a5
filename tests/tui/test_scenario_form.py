"""The scenario form: edits post valid assumptions; problems show beside their field."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input, Label

from cswork.model.projection.assumptions import Assumptions, PlannedCohort
from cswork.model.projection.calibration import leaver_rate
from cswork.tui.widgets.scenario_form import ScenarioForm

START = Assumptions(cohorts=(PlannedCohort(date(2026, 1, 26), 12),), runs=200)


class FormApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.edits: list[Assumptions] = []

    def compose(self) -> ComposeResult:
        yield ScenarioForm(START, {"nqsw": leaver_rate("nqsw", 4, 40.0)})

    @on(ScenarioForm.Edited)
    def _edited(self, event: ScenarioForm.Edited) -> None:
        self.edits.append(event.assumptions)


def _error(form: ScenarioForm, key: str) -> str:
    return str(form.query_one(f"#error-{key}", Label).render())


async def test_changing_a_cohort_size_posts_the_new_assumptions() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        size = form.cohort_rows()[0].query_one(".cohort-size", Input)
        size.focus()
        size.value = ""
        await pilot.press("1", "5")
        await pilot.pause()
        assert app.edits[-1].cohorts == (PlannedCohort(date(2026, 1, 26), 15),)
        assert app.edits[-1].runs == 200  # everything else as it was


async def test_a_bad_value_is_explained_beside_its_field_and_not_sent() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        form.field_input("runs").value = "lots"
        await pilot.pause()
        assert _error(form, "runs") == "Must be a whole number, not 'lots'"
        form.field_input("leaver_rate_senior").value = "7"
        await pilot.pause()
        assert _error(form, "leaver_rate_senior") == "Must be between 0 and 5, not 7.0"
        assert not any("_" in message for message in form.errors.values())  # no internal names
        assert app.edits == []
        form.field_input("runs").value = "300"
        form.field_input("leaver_rate_senior").value = "0.2"
        await pilot.pause()
        assert _error(form, "runs") == ""
        assert app.edits[-1].runs == 300
        assert app.edits[-1].leaver_rate_senior == 0.2


async def test_a_problem_quoting_what_was_typed_shows_it_as_typed() -> None:
    """What a user typed is data: square brackets in it are neither styles nor broken markup."""
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        form.field_input("runs").value = "[/x]"  # a closing tag with no opening one
        await pilot.pause()
        assert _error(form, "runs") == "Must be a whole number, not '[/x]'"
        form.field_input("runs").value = "[b]lots"
        await pilot.pause()
        assert _error(form, "runs") == "Must be a whole number, not '[b]lots'"
        row = form.cohort_rows()[0]
        row.query_one(".cohort-start", Input).value = "[red]2026"
        await pilot.pause()
        shown = str(row.query_one(".form-error", Label).render())
        assert "'[red]2026:12'" in shown
        await pilot.click("#add-route")
        route = form.route_rows()[0]
        route.query_one(".route-name", Input).value = "[i]nowhere"
        route.query_one(".route-per-year", Input).value = "5"
        route.query_one(".route-lead", Input).value = "3"
        await pilot.pause()
        shown = str(route.query_one(".form-error", Label).render())
        assert "'[i]nowhere'" in shown
        assert app.edits == []


async def test_demand_growth_takes_a_rate_or_trend() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        assert form.field_input("demand_growth").value == "trend"
        form.field_input("demand_growth").value = "0.05"
        await pilot.pause()
        assert app.edits[-1].demand_growth == 0.05
        form.field_input("demand_growth").value = "trend"
        await pilot.pause()
        assert app.edits[-1].demand_growth is None


async def test_cohort_rows_can_be_added_checked_and_removed() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        await pilot.click("#add-cohort")
        await pilot.pause()
        rows = form.cohort_rows()
        assert len(rows) == 2
        assert app.edits == []  # an empty row is not a cohort yet
        start, size = rows[1].query(Input)
        assert app.focused is start
        start.value = "2026-07-06"
        size.value = "-3"
        await pilot.pause()
        message = str(rows[1].query_one(".form-error", Label).render())
        assert message == "Size must be at least 0, not -3"
        size.value = "10"
        await pilot.pause()
        assert app.edits[-1].cohorts == (
            PlannedCohort(date(2026, 1, 26), 12),
            PlannedCohort(date(2026, 7, 6), 10),
        )
        start.value = "2026-02-30"
        await pilot.pause()
        message = str(rows[1].query_one(".form-error", Label).render())
        assert message == "'2026-02-30:10' is not DATE:SIZE (e.g. 2026-01-26:12)"
        await pilot.click(rows[0].query_one(".cohort-remove"))
        await pilot.pause()
        start.value = "2026-07-06"
        await pilot.pause()
        assert len(form.cohort_rows()) == 1
        assert app.edits[-1].cohorts == (PlannedCohort(date(2026, 7, 6), 10),)


async def test_the_calibrated_leaver_rate_shows_beside_its_field() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)):
        form = app.query_one(ScenarioForm)
        hints = [str(label.render()) for label in form.query("#row-leaver_rate_nqsw .form-hint")]
        # 4 leavers over 40 person-years: 0.100; Garwood's exact 95 % interval 0.027-0.256.
        assert hints == ["cal. 0.100 (0.027–0.256)"]
        hints = [str(label.render()) for label in form.query("#row-leaver_rate_senior .form-hint")]
        assert hints == ["cal.: no history"]


async def test_route_intakes_can_be_added_checked_and_removed() -> None:
    from cswork.model.projection.assumptions import RouteIntake

    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        assert form.route_rows() == []
        form.query_one("#add-route").scroll_visible()
        await pilot.pause()
        await pilot.click("#add-route")
        await pilot.pause()
        [row] = form.route_rows()
        route, per_year, lead, cost = row.query(Input)
        assert app.focused is route
        assert app.edits == []  # an empty row is not an intake yet
        route.value = "Overseas"
        per_year.value = "10"
        lead.value = "6"
        cost.value = "8000"
        await pilot.pause()
        message = str(row.query_one(".form-error", Label).render())
        assert message.startswith("Unknown recruitment route 'Overseas'; known: academy")
        assert app.edits == []
        route.value = "international"
        await pilot.pause()
        assert str(row.query_one(".form-error", Label).render()) == ""
        assert app.edits[-1].route_intakes == (RouteIntake("international", 10.0, 6, 8000.0),)
        assert app.edits[-1].cohorts == START.cohorts  # the rest as it was
        lead.value = "6.5"
        await pilot.pause()
        assert "is not ROUTE:PER_YEAR:LEAD_MONTHS:COST_PER_HIRE" in str(
            row.query_one(".form-error", Label).render()
        )
        lead.value = "6"
        await pilot.pause()
        row.query_one(".route-remove").scroll_visible()
        await pilot.pause()
        await pilot.click(row.query_one(".route-remove"))
        await pilot.pause()
        assert form.route_rows() == []
        assert app.edits[-1].route_intakes == ()


async def test_loading_shows_new_assumptions_in_the_widgets_there_are() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        runs = form.field_input("runs")
        runs.value = "lots"  # a problem shown, then a scenario loaded over it
        await pilot.pause()
        assert _error(form, "runs") != ""
        assumed = PlannedCohort(date(2026, 7, 6), 20, assumed=True)
        form.load(Assumptions(cohorts=(assumed,), runs=50), {})
        await pilot.pause()
        assert form.field_input("runs") is runs  # the same input, not made again
        assert runs.value == "50" and runs.cursor_position == 2
        assert _error(form, "runs") == "" and not form.errors
        start, size = form.cohort_rows()[0].query(Input).results(Input)
        assert (start.value, size.value) == ("2026-07-06", "20")
        assert str(form.query_one(".cohort-assumed", Label).render()) == "assumed"
        hint = form.query_one("#row-leaver_rate_nqsw .form-hint", Label)
        assert str(hint.render()) == "cal.: no history"
        assert app.edits == []  # loading is not an edit
        form.load(Assumptions(cohorts=(assumed, PlannedCohort(date(2027, 1, 4), 9))), {})
        await pilot.pause()
        assert len(form.cohort_rows()) == 2  # more rows: made again
        assert form.field_input("runs").value == "1000"
        assert app.edits == []


async def test_loading_another_number_of_route_intakes_shows_exactly_those() -> None:
    from cswork.model.projection.assumptions import RouteIntake

    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ScenarioForm)
        intake = RouteIntake("international", 10.0, 6, 8000.0)
        for intakes in [(intake,), (), (intake, RouteIntake("step_up", 4.0, 12)), (intake,)]:
            form.load(Assumptions(cohorts=START.cohorts, route_intakes=intakes), {})
            await pilot.pause()
            assert [row.text() for row in form.route_rows()] == [
                f"{i.route}:{i.per_year:g}:{i.lead_months}:{i.cost_per_hire:g}" for i in intakes
            ]
            assert form.assumptions.route_intakes == intakes and not form.errors
        assert app.edits == []
