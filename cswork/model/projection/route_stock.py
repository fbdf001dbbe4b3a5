"""Starters by planned recruitment route, as the engine carries them: their own stock, leaving at
their route's rate, counted in the experience bands as they age.

Each planned intake (:class:`~cswork.model.projection.assumptions.RouteIntake`) keeps people and FTE
by months since starting, up to the experienced threshold, where the rest gather. Newly qualified
routes (academy, Step Up, Frontline, apprenticeship) start at month 0 of the ASYE; the others join
as experienced workers. A route with a leaver rate in the scenario's ``route_leaver_rates`` leaves
at that constant rate whatever the months served; a route without one follows the band rates (NQSW,
early career, experienced) as everyone else does.

Starters arrive steadily, ``per_year ÷ 12`` a month (Poisson in Monte Carlo runs), from the month
the lead time ends: month ``lead_months`` (at least month 1), never before. They take a funded post
or do not start: what the room left by the funded posts cannot take is counted as capped. With no
intakes the stock makes no random draws, so a scenario without them projects exactly as before.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from cswork.model.projection.assumptions import Assumptions
from cswork.model.projection.state import StartingState

Array = npt.NDArray[Any]


class RouteDraws(Protocol):
    """The draws the route stock needs (the engine's random or expected-value draws)."""

    def people(self, amount: Array) -> Array: ...
    def binomial(self, flow: str, n: Array, p: Array | float, row: Any = None) -> Array: ...
    def poisson(self, flow: str, lam: Array | float, runs: int, row: Any = None) -> Array: ...
    def floor(self, amount: Array) -> Array: ...


class RouteStock:
    """People and FTE of every planned route intake, (intake, months since start, run)."""

    def __init__(
        self,
        state: StartingState,
        assumptions: Assumptions,
        band_hazards: tuple[Array, Array, Array],
        rate_factor: Array,
        runs: int,
        draws: RouteDraws,
    ) -> None:
        self.intakes = assumptions.route_intakes
        self.asye, self.top = state.asye_months, state.experienced_at
        self.runs = runs
        self.draws = draws
        shape = (len(self.intakes), self.top + 1, runs)
        self.heads = draws.people(np.zeros(shape))
        self.fte = np.zeros(shape)
        self.fte_each = [state.nqsw_fte if i.qualifying else state.hire_fte for i in self.intakes]
        nqsw, early, experienced = band_hazards
        by_month = np.stack(
            [*([nqsw] * self.asye), *([early] * (self.top - self.asye)), experienced]
        )
        self.hazards = []
        for intake in self.intakes:
            rate = assumptions.route_leaver_rate(intake.route)
            if rate is None:
                self.hazards.append(by_month)
            else:
                monthly = 1.0 - np.exp(-rate * rate_factor / 12.0)
                self.hazards.append(np.broadcast_to(monthly, (self.top + 1, runs)))

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The blocks of uniforms the stock draws each month: one per slot of every intake for
        leavers and one per intake for starters (the engine draws them whether used or not)."""
        intakes = len(self.intakes)  # none: empty blocks, which draw nothing
        return {
            "route_leavers": (intakes, self.top + 1, self.runs),
            "route_starts": (intakes, self.runs),
        }

    @property
    def empty(self) -> bool:
        """Whether the scenario plans no route intakes."""
        return not self.intakes

    def leave(self) -> tuple[Array, Array]:
        """Draw this month's leavers in place: leavers per band (nqsw, early, experienced) and run,
        (3, runs), and the FTE they took."""
        out = np.zeros((3, self.runs), dtype=self.heads.dtype)
        fte_left = np.zeros(self.runs)
        for index in range(len(self.intakes)):
            heads, fte = self.heads[index], self.fte[index]
            rows = np.flatnonzero(heads.any(axis=1))
            if rows.size == 0:
                continue
            held = heads[rows]
            drawn = self.draws.binomial(
                "route_leavers", held, self.hazards[index][rows], (index, rows)
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.where(held > 0, drawn / held, 0.0)
            taken = fte[rows] * share
            fte_left += taken.sum(axis=0)
            fte[rows] -= taken
            heads[rows] = held - drawn
            for band, chosen in enumerate(self._band_rows(rows)):
                out[band] += drawn[chosen].sum(axis=0)
        return out, fte_left

    def _band_rows(self, rows: Array) -> tuple[Array, Array, Array]:
        return rows < self.asye, (rows >= self.asye) & (rows < self.top), rows == self.top

    def age(self) -> tuple[Array, Array]:
        """Everyone a month on: those completing the ASYE and those becoming experienced, per run."""
        completing = self.heads[:, self.asye - 1].sum(axis=0)
        progressing = self.heads[:, self.top - 1].sum(axis=0)
        for stock in (self.heads, self.fte):
            stock[:, self.top] += stock[:, self.top - 1]
            stock[:, 1 : self.top] = stock[:, 0 : self.top - 1].copy()
            stock[:, 0] = 0
        return completing, progressing

    def arrive(self, month: int, room: Array) -> tuple[Array, Array, Array, Array]:
        """This month's starters, as far as ``room`` (vacant funded FTE) allows: newly qualified
        and experienced starters per run, their recruitment cost, and the starts asked for that
        the funded posts had no room for. ``room`` is reduced in place."""
        qualified = np.zeros(self.runs, dtype=self.heads.dtype)
        experienced = np.zeros(self.runs, dtype=self.heads.dtype)
        cost = np.zeros(self.runs)
        capped = np.zeros(self.runs)
        for index, intake in enumerate(self.intakes):
            if month < max(intake.lead_months, 1) or intake.per_year <= 0:
                continue
            asked = self.draws.poisson("route_starts", intake.per_year / 12.0, self.runs, index)
            each = self.fte_each[index]
            started = np.minimum(asked, self.draws.floor(room / each))
            room -= started * each
            capped += asked - started
            cost += started * intake.cost_per_hire
            slot = 0 if intake.qualifying else self.top
            self.heads[index, slot] += started
            self.fte[index, slot] += started * each
            if intake.qualifying:
                qualified += started
            else:
                experienced += started
        return qualified, experienced, cost, capped

    def by_band(self, stock: Array) -> Array:
        """``stock`` (heads or FTE) summed into the bands nqsw, early career and experienced,
        (3, runs)."""
        return np.stack(
            [
                stock[:, : self.asye].sum(axis=(0, 1)),
                stock[:, self.asye : self.top].sum(axis=(0, 1)),
                stock[:, self.top].sum(axis=0),
            ]
        )

    def nqsw_capacity(self, per_fte_by_month: Array) -> Array:
        """Caseload capacity of the newly qualified in their ASYE, per run."""
        total: Array = np.einsum("m,imr->r", per_fte_by_month, self.fte[:, : self.asye])
        return total
