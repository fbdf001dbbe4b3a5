"""The generator's own forecast (cswork.demo.ceiling) follows the same authority the demo writes."""

from __future__ import annotations

from datetime import date

from cswork.demo.ceiling import OUTPUTS, generator_futures
from cswork.model.months import add_months_keeping_month_end
from cswork.services.backtest import actual_figures
from cswork.services.projection import load_projection_history
from cswork.store import Database
from tests.conftest import DEMO_AS_AT, DEMO_SEED

STARTS = [date(2022, 9, 30), date(2023, 9, 30)]
MONTHS = 12


def test_the_generator_figures_are_the_demo_database_figures(demo_db: Database) -> None:
    """The generator's in-post and vacancy FTE are the database's at each start and each month
    after, but for a leaver on a month's last day, whom DfE counts in post that day."""
    futures = generator_futures(DEMO_SEED, DEMO_AS_AT, "surge", STARTS, MONTHS, replicates=2)
    history = load_projection_history(demo_db)
    agree = total = 0
    for future in futures:
        for k in range(MONTHS + 1):
            on = add_months_keeping_month_end(future.start, k)
            figures = actual_figures(history, on)
            for output in OUTPUTS:
                ours = future.actual[output][k - 1] if k else future.then[output]
                gap = abs(ours - getattr(figures, output))
                assert gap <= 1.0 + 1e-6
                agree += gap < 1e-4
                total += 1
    assert agree >= 0.8 * total


def test_the_futures_are_fresh_draws_and_reproducible() -> None:
    """The expected path is the median of futures with their own streams: not what happened, and
    the same on every run."""
    first = generator_futures(DEMO_SEED, DEMO_AS_AT, "steady", STARTS[:1], MONTHS, replicates=3)
    again = generator_futures(DEMO_SEED, DEMO_AS_AT, "steady", STARTS[:1], MONTHS, replicates=3)
    assert first == again
    (future,) = first
    assert future.expected["in_post_fte"] != future.actual["in_post_fte"]
    assert len(future.expected["vacancy_fte"]) == MONTHS


def test_without_foresight_the_futures_do_not_see_the_surge_coming() -> None:
    """From a start before the surge year, the futures with foresight lose staff in it (fewer hires,
    more leavers) and those without keep the start's policy, as a forecast of the day must."""
    start = date(2021, 9, 30)
    seen, unseen = (
        generator_futures(DEMO_SEED, DEMO_AS_AT, "surge", [start], MONTHS, 5, foresight=f)[0]
        for f in (True, False)
    )
    assert seen.then == unseen.then and seen.actual == unseen.actual
    assert seen.expected["in_post_fte"][-1] < unseen.expected["in_post_fte"][-1] - 3
    # a steady authority has no policy to foresee: the two are the same futures
    calm = [
        generator_futures(DEMO_SEED, DEMO_AS_AT, "steady", [start], 6, 3, foresight=f)[0]
        for f in (True, False)
    ]
    assert calm[0] == calm[1]
