"""The best forecast anyone could make of a demo authority: its own generator's expected path.

A backtest asks whether the model beats "nothing changes" on an authority's past. On a demo
authority we can also ask how well *any* forecast could have done. At each start, the generator's
state (every person, post and rate, and every change of policy to come) is copied and run on many
times with fresh random streams; the median of those futures is the forecast of someone who knows
all of that. What it cannot foresee is the luck of who leaves and who is hired, which no model can.
Where even this forecast beats "nothing changes" at only some starts, winning at most starts is a
matter of luck, not skill, and a target that asks for it cannot be met.

Without foresight, the futures keep the policy of the start (the surge, the history shape's leaving
and hiring factors, the agency drive, funded posts) instead of following what is to come: the best
forecast from the rates of the day, which is all a model told nothing about the future can know.

Figures are the generator's own, at each month end: in-post FTE (LA-employed spells) and vacancy
FTE (funded FTE not filled by LA-employed staff, team by team and role by role), as the backtest
scores them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.demo import timeline
from cswork.demo.shapes import SHAPES
from cswork.demo.workforce import DemoCohort, Simulation, academy_cohorts
from cswork.model.months import add_months
from cswork.model.workforce import Contract

#: The figures followed, named as the backtest names them.
OUTPUTS = ("in_post_fte", "vacancy_fte")


@dataclass(frozen=True, slots=True)
class Futures:
    """At one start (a month end): each figure then, what happened in each month after it, and
    the median of the generator's futures from the same state."""

    start: date
    then: dict[str, float]
    actual: dict[str, list[float]]
    expected: dict[str, list[float]]


def figures(simulation: Simulation) -> dict[str, float]:
    """In-post and vacancy FTE of the simulation as it stands (the end of its last month)."""
    held: dict[tuple[str, int], float] = {}
    for index in simulation.open:
        spell = simulation.out.spells[index]
        if spell.contract is not Contract.AGENCY:
            key = (spell.team, spell.org_role)
            held[key] = held.get(key, 0.0) + spell.fte
    vacancy = sum(max(0.0, fte - held.get(key, 0.0)) for key, fte in simulation.funded.items())
    return {"in_post_fte": sum(held.values()), "vacancy_fte": vacancy}


def _run_on(
    fork: Simulation,
    start: date,
    months: int,
    cohorts: list[DemoCohort],
    rng: np.random.Generator,
    foresight: bool,
) -> list[dict[str, float]]:
    """One future: a copy of ``fork`` (at the end of ``start``'s month) run on ``months`` months,
    its policy as it was in ``start``'s month unless with ``foresight``."""
    simulation = copy.deepcopy(fork)
    simulation.rng = rng
    if not foresight:
        simulation.frozen = start.replace(day=1)
    path = []
    month = start.replace(day=1)
    for _ in range(months):
        month = add_months(month, 1)
        simulation.step(month, cohorts)
        path.append(figures(simulation))
    return path


def generator_futures(
    seed: int,
    as_at: date,
    history: str,
    starts: Sequence[date],
    months: int,
    replicates: int,
    *,
    foresight: bool = True,
) -> list[Futures]:
    """For the demo ``cswork demo --seed SEED --history HISTORY`` as at ``as_at``: at each start
    (month ends, each with ``months`` months after it by ``as_at``), what happened and the median
    of ``replicates`` futures run on from the generator's state then. With ``foresight`` the
    futures follow the policy to come (the surge, the shape's changing rates, the agency drive);
    without it, they keep the policy of the start's month, as a forecast from the rates of the day
    must (the fair ceiling for a model that cannot be told what is coming)."""
    shape = SHAPES[history]
    rng = np.random.default_rng(seed)
    first, surge_year = timeline(as_at, shape)
    # The same streams, drawn in the same order, as generate_demo's workforce.
    cohorts = academy_cohorts(rng, as_at)
    simulation = Simulation(rng, first, as_at, surge_year, shape, np.random.default_rng([seed, 2]))
    simulation.establish()
    wanted = {start.replace(day=1) for start in starts}
    path: dict[date, dict[str, float]] = {}
    forks: dict[date, Simulation] = {}
    month = first.replace(day=1)
    while month <= as_at:
        simulation.step(month, cohorts)
        path[month] = figures(simulation)
        if month in wanted:
            forks[month] = copy.deepcopy(simulation)
        month = add_months(month, 1)
    result = []
    for number, start in enumerate(sorted(starts)):
        fork = forks[start.replace(day=1)]
        runs = [
            _run_on(
                fork,
                start,
                months,
                cohorts,
                np.random.default_rng([seed, number, run, 99]),
                foresight,
            )
            for run in range(replicates)
        ]
        after = [path[add_months(start.replace(day=1), k)] for k in range(1, months + 1)]
        result.append(
            Futures(
                start=start,
                then=path[start.replace(day=1)],
                actual={o: [figure[o] for figure in after] for o in OUTPUTS},
                expected={
                    o: [float(v) for v in np.median([[f[o] for f in r] for r in runs], axis=0)]
                    for o in OUTPUTS
                },
            )
        )
    return result
