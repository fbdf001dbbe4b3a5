"""The workforce position as at a date: in post, agency, vacancies, leavers and caseload, by team.

This is where role spells, establishment and caseload counts become the DfE figures of docs/design.md, Measures.
Definitions:

- *in post* on a date: a spell that covers the date; LA-employed = permanent or fixed-term.
- *leaver*: an LA-employed spell ending in the 12 months to the date (after the day a year before,
  up to and including the date) when the worker holds no other LA-employed spell in the week after
  it ends: a move within the authority is not a leaver, and nor is ending one of two concurrent
  roles while keeping the other (DfE counts a leaver only on leaving the authority).
- *starter*: likewise an LA-employed spell starting when the worker held no other LA-employed spell
  in the week before; a second concurrent role is not a start.
- *vacancy FTE*: per team and OrgRole, funded FTE less LA-employed FTE in post, if positive; summed.
  Over-establishment in one team does not fill a vacancy in another.
- *caseload*: cases held by in-post workers (LA-employed and agency) at the latest count on or before
  the date, over the FTE of those holding at least one case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cswork.model import measures
from cswork.model.months import year_before
from cswork.model.workforce import CONTINUITY_DAYS, CaseCount, EstablishmentLine, RoleSpell


class FigureRates:
    """The DfE rates any set of counts gives: mixed into :class:`Figures` and into the backtest's
    :class:`cswork.model.projection.actuals.ScoredFigures`, so both measure alike."""

    __slots__ = ()
    in_post_fte: float
    agency_fte: float
    vacancy_fte: float
    establishment_fte: float
    cases: int
    case_holders_fte: float

    @property
    def vacancy_rate(self) -> float | None:
        """Vacancy rate (%); None with no funded posts recorded, when there is nothing to measure."""
        if self.establishment_fte <= 0:
            return None
        return measures.vacancy_rate(self.vacancy_fte, self.in_post_fte)

    @property
    def agency_rate(self) -> float | None:
        """Agency rate (%)."""
        return measures.agency_rate(self.agency_fte, self.in_post_fte)

    @property
    def caseload(self) -> float | None:
        """Cases per case-holding FTE."""
        return measures.caseload(self.cases, self.case_holders_fte)


@dataclass(frozen=True, slots=True)
class Figures(FigureRates):
    """The counts behind the DfE measures, for the authority or one team."""

    in_post_fte: float = 0.0
    in_post_headcount: int = 0
    agency_fte: float = 0.0
    agency_headcount: int = 0
    agency_cover_fte: float = 0.0
    vacancy_fte: float = 0.0
    establishment_fte: float = 0.0
    leavers_fte: float = 0.0
    starters_fte: float = 0.0
    cases: int = 0
    case_holders_fte: float = 0.0
    case_holders_headcount: int = 0
    agency_cover_headcount: int = 0

    @property
    def turnover_rate(self) -> float | None:
        """Turnover rate (%) over the 12 months to the date."""
        return measures.turnover_rate(self.leavers_fte, self.in_post_fte)

    @property
    def agency_cover_rate(self) -> float | None:
        """Share (%) of vacancy FTE covered by agency workers."""
        return measures.agency_cover_rate(self.agency_cover_fte, self.vacancy_fte)


@dataclass(frozen=True, slots=True)
class WorkforcePosition:
    """Authority-wide figures and the same per team, as at a date."""

    as_at: date
    total: Figures
    teams: dict[str, Figures] = field(default_factory=dict)


@dataclass(slots=True)
class _Tally:
    in_post_fte: float = 0.0
    in_post_heads: set[str] = field(default_factory=set)
    agency_fte: float = 0.0
    agency_heads: set[str] = field(default_factory=set)
    agency_cover_fte: float = 0.0
    agency_cover_heads: set[str] = field(default_factory=set)
    vacancy_fte: float = 0.0
    establishment_fte: float = 0.0
    leavers_fte: float = 0.0
    starters_fte: float = 0.0
    cases: int = 0
    holders_fte: float = 0.0
    holders: set[str] = field(default_factory=set)

    def freeze(self) -> Figures:
        return Figures(
            in_post_fte=round(self.in_post_fte, 6),
            in_post_headcount=len(self.in_post_heads),
            agency_fte=round(self.agency_fte, 6),
            agency_headcount=len(self.agency_heads),
            agency_cover_fte=round(self.agency_cover_fte, 6),
            vacancy_fte=round(self.vacancy_fte, 6),
            establishment_fte=round(self.establishment_fte, 6),
            leavers_fte=round(self.leavers_fte, 6),
            starters_fte=round(self.starters_fte, 6),
            cases=self.cases,
            case_holders_fte=round(self.holders_fte, 6),
            case_holders_headcount=len(self.holders),
            agency_cover_headcount=len(self.agency_cover_heads),
        )


def leaver_spells(spells: Iterable[RoleSpell], start: date, end: date) -> list[RoleSpell]:
    """LA-employed spells ending in ``(start, end]`` that are real departures from the LA.

    A worker leaving two concurrent roles on the same day has both spells here (their FTE is the
    FTE that left); count people with :func:`departures`."""
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        if spell.la_employed:
            by_worker[spell.worker_ref].append(spell)
    leavers = []
    for worker_spells in by_worker.values():
        for spell in worker_spells:
            if spell.end is None or not (start < spell.end <= end):
                continue
            window_end = spell.end + timedelta(days=CONTINUITY_DAYS)
            # another role held on any day of the week after: a move, or a concurrent role kept
            continues = any(
                other is not spell
                and other.start <= window_end
                and (other.end is None or other.end > spell.end)
                for other in worker_spells
            )
            if not continues:
                leavers.append(spell)
    return leavers


def starter_spells(spells: Iterable[RoleSpell], start: date, end: date) -> list[RoleSpell]:
    """LA-employed spells starting in ``(start, end]`` that are real arrivals at the LA."""
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        if spell.la_employed:
            by_worker[spell.worker_ref].append(spell)
    starters = []
    for worker_spells in by_worker.values():
        for spell in worker_spells:
            if not (start < spell.start <= end):
                continue
            window_start = spell.start - timedelta(days=CONTINUITY_DAYS)
            # another role held on any day of the week before: a move, or a second concurrent role
            continued = any(
                other is not spell
                and other.start < spell.start
                and (other.end is None or other.end >= window_start)
                for other in worker_spells
            )
            if not continued:
                starters.append(spell)
    return starters


def _one_per_person(spells: Iterable[RoleSpell], day: str) -> list[RoleSpell]:
    chosen: dict[tuple[str, date | None], RoleSpell] = {}
    for spell in spells:
        key = (spell.worker_ref, getattr(spell, day))
        current = chosen.get(key)
        if current is None or (spell.org_role, -spell.fte) < (current.org_role, -current.fte):
            chosen[key] = spell
    return list(chosen.values())


def departures(spells: Iterable[RoleSpell], start: date, end: date) -> list[RoleSpell]:
    """Leavers as people: one spell per worker and leaving day, the more senior role (the lower
    OrgRole, then the larger FTE), as DfE counts a person holding two roles."""
    return _one_per_person(leaver_spells(spells, start, end), "end")


def arrivals(spells: Iterable[RoleSpell], start: date, end: date) -> list[RoleSpell]:
    """Starters as people: one spell per worker and start day, the more senior role."""
    return _one_per_person(starter_spells(spells, start, end), "start")


def funded_fte(
    establishment: Iterable[EstablishmentLine], as_at: date
) -> dict[tuple[str, int], float]:
    """Funded FTE per (team, OrgRole) in force on ``as_at``."""
    latest: dict[tuple[str, int], EstablishmentLine] = {}
    for line in establishment:
        if line.effective_from > as_at:
            continue
        key = (line.team, line.org_role)
        if key not in latest or line.effective_from > latest[key].effective_from:
            latest[key] = line
    return {key: line.funded_fte for key, line in latest.items()}


def latest_case_counts(counts: Iterable[CaseCount], as_at: date) -> dict[str, int]:
    """Total cases per worker at the latest count date on or before ``as_at``."""
    dated = [c for c in counts if c.as_at <= as_at]
    if not dated:
        return {}
    latest = max(c.as_at for c in dated)
    totals: dict[str, int] = defaultdict(int)
    for count in dated:
        if count.as_at == latest:
            totals[count.worker_ref] += count.cases
    return dict(totals)


def primary_spells(in_post: Iterable[RoleSpell]) -> dict[str, RoleSpell]:
    """Each worker's main in-post spell (largest FTE, then latest start), for caseload purposes.

    A worker holding two concurrent roles has one caseload; it is counted once, against the main role.
    """
    primary: dict[str, RoleSpell] = {}
    for spell in in_post:
        current = primary.get(spell.worker_ref)
        if current is None or (spell.fte, spell.start) > (current.fte, current.start):
            primary[spell.worker_ref] = spell
    return primary


def workforce_position(
    spells: Sequence[RoleSpell],
    establishment: Iterable[EstablishmentLine],
    case_counts: Iterable[CaseCount],
    as_at: date,
) -> WorkforcePosition:
    """Compute the authority's and each team's figures as at ``as_at``."""
    total = _Tally()
    teams: dict[str, _Tally] = defaultdict(_Tally)
    in_post = [s for s in spells if s.in_post(as_at)]
    la_fte_by_post: dict[tuple[str, int], float] = defaultdict(float)

    for spell in in_post:
        for tally in (total, teams[spell.team]):
            if spell.la_employed:
                tally.in_post_fte += spell.fte
                tally.in_post_heads.add(spell.worker_ref)
            else:
                tally.agency_fte += spell.fte
                tally.agency_heads.add(spell.worker_ref)
                if spell.covering_vacancy:
                    tally.agency_cover_fte += spell.fte
                    tally.agency_cover_heads.add(spell.worker_ref)
        if spell.la_employed:
            la_fte_by_post[(spell.team, spell.org_role)] += spell.fte

    for (team, role), funded in funded_fte(establishment, as_at).items():
        vacant = max(0.0, funded - la_fte_by_post.get((team, role), 0.0))
        for tally in (total, teams[team]):
            tally.establishment_fte += funded
            tally.vacancy_fte += vacant

    window_start = year_before(as_at)
    for spell in leaver_spells(spells, window_start, as_at):
        for tally in (total, teams[spell.team]):
            tally.leavers_fte += spell.fte
    for spell in starter_spells(spells, window_start, as_at):
        for tally in (total, teams[spell.team]):
            tally.starters_fte += spell.fte

    cases = latest_case_counts(case_counts, as_at)
    for spell in primary_spells(in_post).values():
        held = cases.get(spell.worker_ref, 0)
        if held <= 0:
            continue
        for tally in (total, teams[spell.team]):
            tally.cases += held
            tally.holders.add(spell.worker_ref)
            tally.holders_fte += spell.fte

    return WorkforcePosition(
        as_at=as_at,
        total=total.freeze(),
        teams={name: tally.freeze() for name, tally in sorted(teams.items())},
    )
