"""The workforce position and caseload pressure at a run of month ends, worked out in columns.

The Overview shows its figures at each of 24 month ends. Record by record
(:func:`cswork.model.position.workforce_position` and :class:`cswork.model.pressure.PressureCalculator`
for each month) that was 48 passes over every spell and worker: 28 s at fifty times the demo. Here
the spells are a :class:`~cswork.model.spell_table.SpellTable`, the counts a
:class:`~cswork.model.count_table.CaseCountTable`, and each month end a few array operations.

The figures are the record-by-record code's to the last bit: every float sum adds in the order that
code adds (``np.bincount`` adds each group's values one after another in the order given), and a
utilisation within a millionth of 100 % is rounded by Python itself, as that code rounds it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.count_table import CaseCountTable
from cswork.model.money import WEEKS_PER_YEAR, weekly_charge
from cswork.model.months import year_before
from cswork.model.position import Figures, funded_fte
from cswork.model.pressure import PressureCalculator, WorkerPressure, utilisation_of
from cswork.model.settings import CASE_TYPES, Settings
from cswork.model.spell_table import (
    NO_DATE,
    OPEN_END,
    SpellTable,
    month_and_day,
    weighted_counts,
)
from cswork.model.workforce import (
    CASE_HOLDING_ROLES,
    CONTINUITY_DAYS,
    CaseCount,
    EstablishmentLine,
    RoleSpell,
)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

#: Utilisations this close to 100 % are rounded by Python, as the record-by-record code rounds them.
_NEAR = 1e-6


@dataclass(frozen=True, slots=True)
class Position:
    """The authority's figures on a date and, when asked for, each team's (by name)."""

    total: Figures
    teams: dict[str, Figures]


@dataclass(frozen=True, slots=True)
class Pressure:
    """Caseload pressure on a date, as the Overview needs it.

    ``team_utilisation`` holds the teams :func:`cswork.model.team_pressure.by_team` keeps (those
    holding cases or capacity), by name; ``team_over_capacity`` the teams with a worker over.
    """

    over_capacity: int
    measured: int  # workers with capacity who hold cases
    team_utilisation: dict[str, float | None]
    team_over_capacity: dict[str, int]
    in_asye: tuple[str, ...]  # workers in their ASYE, by reference


class MonthEnds:
    """Positions and pressures at any dates for one set of spells, counts and settings."""

    def __init__(
        self,
        table: SpellTable,
        covering: Sequence[bool],
        establishment: Sequence[EstablishmentLine],
        counts: CaseCountTable,
        settings: Settings,
        team_targets: Mapping[str, float],
        cohort_starts: Mapping[str, date],
    ) -> None:
        """``covering``: whether each of the table's spells covers a vacancy."""
        self.table = table
        self.establishment = establishment
        self.counts = counts
        self.settings = settings
        self.team_targets = dict(team_targets)
        self.cohort_starts = dict(cohort_starts)
        workers = len(table.refs)
        self.rank = table.ranks()
        self.covering = np.array(covering, dtype=np.bool_)
        # Teams of the spells and of the establishment, by name: a position's groups.
        self.team_names = sorted({*table.teams, *(line.team for line in establishment)})
        group_of = {name: i for i, name in enumerate(self.team_names)}
        self.group = np.array([group_of[t] for t in table.teams], dtype=np.int64)[table.team]
        # Workers in reference order, as the pressure lists them.
        by_ref = np.argsort(np.array(table.refs, dtype=object), kind="stable")
        self.ref_rank = np.empty(workers, dtype=np.int64)
        self.ref_rank[by_ref] = np.arange(workers)
        # Each LA-employed spell's worker's other LA-employed spells, for moves and second roles.
        self.la_rows = np.flatnonzero(table.la)
        la_worker = table.worker[self.la_rows]
        self.la_count = np.bincount(la_worker, minlength=workers)
        self.la_by_worker = self.la_rows[np.argsort(la_worker, kind="stable")]
        self.la_first = np.cumsum(self.la_count) - self.la_count
        first_la = np.full(workers, len(table.fte), dtype=np.int64)
        np.minimum.at(first_la, la_worker, self.la_rows)
        self.first_la = first_la
        #: The count tables' workers (``refs``) and the table's number of each, once worked out.
        self._numbered: tuple[tuple[str, ...], Ints] | None = None
        self.count_worker = self._count_workers(counts)
        self._count_starts = _date_starts(counts)
        #: The rows in post and each worker's primary row among them, by day (ordinal): a
        #: position and a pressure on the same day both need them, whatever the counts.
        self._in_post: dict[int, tuple[Ints, Ints]] = {}
        #: What :meth:`_held` gave, by day (ordinal), for these counts.
        self._held_on: dict[int, tuple[Floats, Floats]] = {}
        weights = settings.weights
        self.weight_of = np.array([*(weights.get(t, 1.0) for t in CASE_TYPES), 1.0])
        self.began = table.asye_began(self.cohort_starts)
        self.factors = np.array(
            [settings.nqsw_factor(m) for m in range(max(settings.asye_months, 1))]
        )
        self.target = np.array(
            [self.team_targets.get(t) or settings.target_caseload for t in table.teams]
        )
        self.holding = np.isin(table.role, list(CASE_HOLDING_ROLES))

    def with_counts(self, counts: CaseCountTable) -> MonthEnds:
        """These spells, settings and targets with other caseload counts (the counts of a longer
        run of months, say), without working out again what the spells give."""
        other = copy(self)
        other.counts = counts
        other.count_worker = other._count_workers(counts)
        other._count_starts = _date_starts(counts)
        other._held_on = {}
        return other

    # --- counts ---------------------------------------------------------------------------------

    def _count_workers(self, counts: CaseCountTable) -> Ints:
        """Each count row's worker as the table numbers them (-1: a worker with no spell here)."""
        known = self._numbered
        if known is None or known[0] != counts.refs:  # the same workers: numbered as before
            number = {ref: i for i, ref in enumerate(self.table.refs)}
            known = (counts.refs, np.array([number.get(r, -1) for r in counts.refs], np.int64))
            self._numbered = known
        workers: Ints = known[1][counts.worker]
        return workers

    def _count_rows(self, day: date) -> slice:
        """The rows of the latest count on or before ``day`` (empty if there is none)."""
        index = bisect_right(self.counts.dates, day)
        if not index:
            return slice(0, 0)
        return slice(self._count_starts[index - 1], self._count_starts[index])

    def _held(self, day: date) -> tuple[Floats, Floats]:
        """Cases and weighted cases each worker held at the latest count on or before ``day``,
        each worker's summed in the counts' order."""
        held = self._held_on.get(day.toordinal())
        if held is None:
            held = self._held_on[day.toordinal()] = self._held_now(day)
        return held

    def _held_now(self, day: date) -> tuple[Floats, Floats]:
        rows = self._count_rows(day)
        worker, cases = self.count_worker[rows], self.counts.cases[rows].astype(np.float64)
        known = worker >= 0
        weighted = cases * self.weight_of[self.counts.case_type[rows]]
        size = len(self.table.refs)
        held = weighted_counts(worker[known], cases[known], size)
        return held, weighted_counts(worker[known], weighted[known], size)

    def _in_post_and_primary(self, day: date) -> tuple[Ints, Ints]:
        """The rows in post on ``day``, and each worker's primary row among them."""
        found = self._in_post.get(day.toordinal())
        if found is None:
            in_post = self.table.in_post(day.toordinal())
            found = in_post, self.table.primary(in_post, self.rank)
            self._in_post[day.toordinal()] = found
        return found

    # --- the position ---------------------------------------------------------------------------

    def _others(self, rows: Ints) -> tuple[Ints, Ints]:
        """Each of the LA-employed ``rows`` paired with every LA-employed spell of its worker:
        (index into ``rows``, the other spell's row)."""
        n = self.la_count[self.table.worker[rows]]
        which = np.repeat(np.arange(len(rows)), n)
        offset = np.arange(len(which)) - np.repeat(np.cumsum(n) - n, n)
        other = self.la_by_worker[self.la_first[self.table.worker[rows]][which] + offset]
        return which, other

    def _in_position_order(self, rows: Ints) -> Ints:
        """``rows`` ordered as the position's loops meet them: workers by their first
        LA-employed spell, then each worker's spells in order."""
        ordered: Ints = rows[np.lexsort((rows, self.first_la[self.table.worker[rows]]))]
        return ordered

    def leavers(self, start: date, end: date) -> Ints:
        """The rows of :func:`cswork.model.position.leaver_spells` over ``(start, end]``."""
        t = self.table
        rows = self.la_rows
        ends = t.end[rows]
        rows = rows[(ends != OPEN_END) & (ends > start.toordinal()) & (ends <= end.toordinal())]
        which, other = self._others(rows)
        mine = rows[which]
        continues = (other != mine) & (t.start[other] <= t.end[mine] + CONTINUITY_DAYS)
        continues &= t.end[other] > t.end[mine]
        kept = np.bincount(which[continues], minlength=len(rows)) == 0
        return self._in_position_order(rows[kept])

    def starters(self, start: date, end: date) -> Ints:
        """The rows of :func:`cswork.model.position.starter_spells` over ``(start, end]``."""
        t = self.table
        rows = self.la_rows
        begins = t.start[rows]
        rows = rows[(begins > start.toordinal()) & (begins <= end.toordinal())]
        which, other = self._others(rows)
        mine = rows[which]
        continued = (other != mine) & (t.start[other] < t.start[mine])
        continued &= t.end[other] >= t.start[mine] - CONTINUITY_DAYS
        kept = np.bincount(which[continued], minlength=len(rows)) == 0
        return self._in_position_order(rows[kept])

    def position(self, day: date, *, by_team: bool = False) -> Position:
        """:func:`cswork.model.position.workforce_position` on ``day`` (teams only if asked)."""
        t = self.table
        size = len(self.team_names) if by_team else 1
        group = self.group if by_team else np.zeros(len(t.fte), dtype=np.int64)
        touched = np.zeros(size, dtype=np.bool_)

        def fte(rows: Ints) -> Floats:
            touched[group[rows]] = True
            sums: Floats = weighted_counts(group[rows], t.fte[rows], size)
            return sums

        def heads(rows: Ints) -> Ints:
            if not by_team:  # the workers among the rows, counted without sorting them
                workers = np.bincount(t.worker[rows], minlength=len(t.refs))
                return np.array([np.count_nonzero(workers)], dtype=np.int64)
            pairs = np.unique(group[rows] * len(t.refs) + t.worker[rows])
            counted: Ints = np.bincount(pairs // len(t.refs), minlength=size)
            return counted

        in_post, primary = self._in_post_and_primary(day)
        la = in_post[t.la[in_post]]
        agency = in_post[~t.la[in_post]]
        cover = agency[self.covering[agency]]
        figures: dict[str, Floats | Ints] = {
            "in_post_fte": fte(la),
            "in_post_headcount": heads(la),
            "agency_fte": fte(agency),
            "agency_headcount": heads(agency),
            "agency_cover_fte": fte(cover),
            "agency_cover_headcount": heads(cover),
        }

        posts = 16  # OrgRoles are 1 to 9
        by_post = weighted_counts(
            t.team[la] * posts + t.role[la], t.fte[la], len(t.teams) * posts
        ).tolist()
        team_index = {name: i for i, name in enumerate(t.teams)}
        group_of = {name: i for i, name in enumerate(self.team_names)}
        vacancy, funded_total = [0.0] * size, [0.0] * size
        for (team, role), funded in funded_fte(self.establishment, day).items():
            held = by_post[team_index[team] * posts + role] if team in team_index else 0.0
            g = group_of[team] if by_team else 0
            touched[g] = True
            funded_total[g] += funded
            vacancy[g] += max(0.0, funded - held)
        figures["vacancy_fte"] = np.array(vacancy)
        figures["establishment_fte"] = np.array(funded_total)

        window = year_before(day)
        figures["leavers_fte"] = fte(self.leavers(window, day))
        figures["starters_fte"] = fte(self.starters(window, day))

        held, _ = self._held(day)
        holders = primary[held[t.worker[primary]] > 0]
        figures["case_holders_fte"] = fte(holders)
        figures["case_holders_headcount"] = np.bincount(group[holders], minlength=size)
        figures["cases"] = weighted_counts(group[holders], held[t.worker[holders]], size).astype(
            np.int64
        )

        columns = {name: values.tolist() for name, values in figures.items()}

        def freeze(g: int) -> Figures:
            return Figures(
                **{
                    name: round(values[g], 6) if isinstance(values[g], float) else values[g]
                    for name, values in columns.items()
                }
            )

        if not by_team:
            return Position(freeze(0), {})
        teams = {name: freeze(g) for g, name in enumerate(self.team_names) if touched[g]}
        return Position(self.position(day).total, teams)

    # --- the pressure ---------------------------------------------------------------------------

    def pressure(self, day: date, *, by_team: bool = True) -> Pressure:
        """The pressure of :class:`cswork.model.pressure.PressureCalculator` on ``day``, counted
        and rolled up by team as :func:`cswork.model.team_pressure.by_team` rolls it up (with
        ``by_team=False``, not rolled up: the teams' figures are left empty)."""
        t = self.table
        primary = self._in_post_and_primary(day)[1]
        worker = t.worker[primary]
        by_ref = np.argsort(self.ref_rank[worker], kind="stable")
        primary, worker = primary[by_ref], worker[by_ref]
        held, weighted_all = self._held(day)
        cases, weighted = held[worker], weighted_all[worker]

        month, day_of_month = month_and_day(np.array([day.toordinal()], dtype=np.int64))
        began = self.began.ordinal[worker]
        asye_month = (
            month[0] - self.began.month[worker] - (day_of_month[0] < self.began.day[worker])
        )
        in_asye = (began != NO_DATE) & (asye_month >= 0) & (asye_month < self.settings.asye_months)
        factor = np.where(in_asye, self.factors[np.clip(asye_month, 0, len(self.factors) - 1)], 1.0)
        fte, team = t.fte[primary], t.team[primary]
        capacity = np.where(self.holding[primary], fte * self.target[team] * factor, 0.0)

        measurable = capacity > 0
        ratio = np.divide(weighted, capacity, out=np.zeros_like(weighted), where=measurable)
        over = measurable & (ratio > 1.0)
        # A ratio of exactly 1 is 1 when Python rounds it too: not over.
        near = measurable & (ratio != 1.0) & (np.abs(ratio - 1.0) < _NEAR)
        for i in np.flatnonzero(near).tolist():
            over[i] = round(weighted[i] / capacity[i], 9) > 1.0

        in_asye_refs = tuple(t.refs[w] for w in worker[in_asye].tolist())
        if not by_team:
            return Pressure(
                over_capacity=int(over.sum()),
                measured=int((measurable & (cases > 0)).sum()),
                team_utilisation={},
                team_over_capacity={},
                in_asye=in_asye_refs,
            )
        teams = len(t.teams)
        members = np.bincount(team, minlength=teams).tolist()
        team_cases = weighted_counts(team, cases, teams).tolist()
        team_weighted = weighted_counts(team, weighted, teams).tolist()
        team_capacity = weighted_counts(team, capacity, teams).tolist()
        team_over = np.bincount(team[over], minlength=teams).tolist()
        utilisation: dict[str, float | None] = {}
        for i, name in enumerate(t.teams):
            capacity_held = round(team_capacity[i], 6)
            if members[i] and (team_cases[i] or capacity_held):
                utilisation[name] = utilisation_of(round(team_weighted[i], 6), capacity_held)
        return Pressure(
            over_capacity=int(over.sum()),
            measured=int((measurable & (cases > 0)).sum()),
            team_utilisation=utilisation,
            team_over_capacity={t.teams[i]: n for i, n in enumerate(team_over) if n},
            in_asye=in_asye_refs,
        )

    def records(self, keep: Bools) -> list[RoleSpell]:
        """The spells of the rows where ``keep`` holds, in order, as records (made only for those
        rows when the table makes its records as they are asked for)."""
        spells = self.table.spells
        return [spells[row] for row in np.flatnonzero(keep).tolist()]

    def agency_spells(self, days: Sequence[date]) -> list[RoleSpell]:
        """The agency spells of the workers in post as agency on any of ``days``: all of those
        workers' agency spells (when each one's current run of assignments began needs them), in
        order. Agency money on the days, from these, is the same as from every agency spell."""
        t = self.table
        agency = ~t.la
        on = np.zeros(len(t.refs), dtype=np.bool_)
        for day in days:
            ordinal = day.toordinal()
            on[t.worker[agency & (t.start <= ordinal) & (t.end >= ordinal)]] = True
        return self.records(agency & on[t.worker])

    def worker_pressures(self, day: date, refs: Sequence[str]) -> list[WorkerPressure]:
        """The pressure of each worker in ``refs`` in post on ``day``, by reference, worked out
        record by record (for the few an alert names)."""
        wanted = set(refs)
        named = np.array([ref in wanted for ref in self.table.refs], dtype=np.bool_)
        spells = self.records(named[self.table.worker])
        rows = self._count_rows(day)
        names = [*CASE_TYPES, "OTHER"]  # index -1: any other type
        on = self.counts.dates[int(self.counts.day[rows.start])] if rows.stop > rows.start else day
        counts = [
            CaseCount(self.counts.refs[w], on, names[kind], n)
            for w, kind, n in zip(
                self.counts.worker[rows].tolist(),
                self.counts.case_type[rows].tolist(),
                self.counts.cases[rows].tolist(),
                strict=True,
            )
            if self.counts.refs[w] in wanted
        ]
        calculator = PressureCalculator(
            spells, self.settings, self.team_targets, self.cohort_starts
        )
        return calculator.at(day, counts)


def _date_starts(counts: CaseCountTable) -> list[int]:
    """Where each count date's rows begin in ``counts`` (rows are in date order), and the end."""
    starts: list[int] = np.searchsorted(counts.day, np.arange(len(counts.dates) + 1)).tolist()
    return starts


def annualised_spends(
    agency: Sequence[RoleSpell], days: Sequence[date], standard_hours: float
) -> list[float]:
    """:func:`cswork.model.money.annualised_spend` of the agency spells ``agency`` on each of
    ``days``: each spell's weekly charge worked out once, the spells in post on a day picked in
    columns, and their charges added one after another in the spells' order, as that adds them."""
    weekly = np.array([weekly_charge(s, standard_hours) for s in agency], dtype=np.float64)
    start = np.array([s.start.toordinal() for s in agency], dtype=np.int64)
    end = np.array(
        [OPEN_END if s.end is None else s.end.toordinal() for s in agency], dtype=np.int64
    )
    spends = []
    for day in days:
        on = day.toordinal()
        charges: list[float] = weekly[(start <= on) & (end >= on)].tolist()
        spends.append(sum(charges) * WEEKS_PER_YEAR)
    return spends
