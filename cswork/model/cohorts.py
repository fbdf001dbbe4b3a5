"""Academy cohorts: who started, who is still with us, who left (when and why), who got through.

For each cohort, its members are the workers recorded against it, and a member's *start* is their
first LA-employed spell. As at a date:

- ``starters``: members who had started by the date;
- ``left``: members who left the LA by the date. Leaving follows
  :func:`cswork.model.position.leaver_spells`: an LA-employed spell ending without another starting
  within a week. A move from the academy to a frontline team is not leaving; someone who left and
  later came back counts as having left, on their first departure;
- ``in_post``: starters who have not left;
- ``completed_asye``: members in post on their start + ``asye_months`` (the anniversary), by the date;
- ``in_asye``: members in post and not yet at that anniversary;
- ``progressed``: members who moved from an academy team to another team, or into OrgRole 1–4
  (senior practitioner or manager);
- ``retention`` at 6, 12, 18, 24 and 36 months: the Kaplan–Meier estimate (see
  :mod:`cswork.model.survival`), ``None`` where nobody in the cohort has been followed that long.

Cohorts starting after the date are *planned*: they are listed with their planned size only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cswork.model.months import add_months, completed_months
from cswork.model.position import leaver_spells
from cswork.model.survival import (
    FollowUp,
    SurvivalPoint,
    followed_months,
    survival_curve,
)
from cswork.model.workforce import RoleSpell

RETENTION_MONTHS: tuple[int, ...] = (6, 12, 18, 24, 36)


@dataclass(frozen=True, slots=True)
class AcademyCohort:
    """An academy intake as recorded: name, start date and planned size."""

    name: str
    start: date
    planned_size: int | None = None


@dataclass(frozen=True, slots=True)
class Departure:
    """A cohort member who left the LA: when (last day in post), why, after how long."""

    worker_ref: str
    left_on: date
    reason: str | None
    months_in_post: int


@dataclass(frozen=True, slots=True)
class CohortMember:
    """One member's path through the academy as at a date."""

    worker_ref: str
    start: date
    departure: Departure | None
    completed_asye: bool
    in_asye: bool
    progressed: bool

    @property
    def in_post(self) -> bool:
        """Started and not left."""
        return self.departure is None


@dataclass(frozen=True, slots=True)
class CohortOutcome:
    """A started cohort's figures as at a date."""

    cohort: AcademyCohort
    members: tuple[CohortMember, ...]
    retention: tuple[SurvivalPoint, ...]
    curve: tuple[SurvivalPoint, ...]

    @property
    def starters(self) -> int:
        """Members who had started."""
        return len(self.members)

    @property
    def in_post(self) -> int:
        """Starters still with the LA."""
        return sum(1 for m in self.members if m.in_post)

    @property
    def left(self) -> int:
        """Starters who have left the LA."""
        return sum(1 for m in self.members if not m.in_post)

    @property
    def completed_asye(self) -> int:
        """Starters in post at the end of their ASYE."""
        return sum(1 for m in self.members if m.completed_asye)

    @property
    def in_asye(self) -> int:
        """Starters in post and still in their ASYE."""
        return sum(1 for m in self.members if m.in_asye)

    @property
    def progressed(self) -> int:
        """Starters who moved to frontline teams or were promoted."""
        return sum(1 for m in self.members if m.progressed)

    @property
    def departures(self) -> tuple[Departure, ...]:
        """Who left, in the order they left."""
        left = (m.departure for m in self.members if m.departure is not None)
        return tuple(sorted(left, key=lambda d: (d.left_on, d.worker_ref)))

    @property
    def leaving_reasons(self) -> dict[str, int]:
        """Leavers by reason (``not_known`` where none was recorded)."""
        return dict(Counter(d.reason or "not_known" for d in self.departures).most_common())

    def retention_at(self, months: int) -> float | None:
        """Kaplan–Meier retention at one of :data:`RETENTION_MONTHS`."""
        return next((p.retention for p in self.retention if p.months == months), None)


def _member(
    ref: str,
    spells: Sequence[RoleSpell],
    as_at: date,
    asye_months: int,
    academy_teams: frozenset[str],
) -> CohortMember:
    la = sorted((s for s in spells if s.la_employed and s.start <= as_at), key=lambda s: s.start)
    first = la[0]
    left = min(leaver_spells(la, date.min, as_at), key=lambda s: s.end or as_at, default=None)
    departure = None
    if left is not None and left.end is not None:
        months = completed_months(first.start, left.end + timedelta(days=1))
        departure = Departure(ref, left.end, left.leaving_reason, months)
    anniversary = add_months(first.start, asye_months)
    reached = anniversary <= as_at and (departure is None or departure.left_on >= anniversary)
    in_asye = departure is None and as_at < anniversary
    moved = first.team in academy_teams and any(s.team not in academy_teams for s in la)
    promoted = any(s.org_role <= 4 for s in la)
    return CohortMember(ref, first.start, departure, reached, in_asye, moved or promoted)


def _follow_up(member: CohortMember, as_at: date) -> FollowUp:
    if member.departure is not None:
        return FollowUp((member.departure.left_on - member.start).days + 1, left=True)
    return FollowUp((as_at - member.start).days, left=False)


def cohort_outcomes(
    cohorts: Iterable[AcademyCohort],
    spells: Sequence[RoleSpell],
    as_at: date,
    asye_months: int,
    academy_teams: Iterable[str] = (),
) -> list[CohortOutcome]:
    """Each cohort started by ``as_at`` (oldest first), with its members' outcomes and retention."""
    academy = frozenset(academy_teams)
    by_worker: dict[str, list[RoleSpell]] = {}
    for spell in spells:
        by_worker.setdefault(spell.worker_ref, []).append(spell)
    # each cohort's members in order of reference, found in one pass over the workers
    by_cohort: dict[str, list[str]] = defaultdict(list)
    for ref, worker_spells in sorted(by_worker.items()):
        if any(s.la_employed and s.start <= as_at for s in worker_spells):
            for name in dict.fromkeys(s.cohort for s in worker_spells if s.cohort is not None):
                by_cohort[name].append(ref)
    outcomes = []
    for cohort in sorted(cohorts, key=lambda c: (c.start, c.name)):
        if cohort.start > as_at:
            continue
        members = tuple(
            _member(ref, by_worker[ref], as_at, asye_months, academy)
            for ref in by_cohort.get(cohort.name, [])
        )
        outcomes.append(_outcome(cohort, members, as_at))
    return outcomes


def _outcome(
    cohort: AcademyCohort, members: tuple[CohortMember, ...], as_at: date
) -> CohortOutcome:
    follow_ups = [_follow_up(m, as_at) for m in members]
    return CohortOutcome(
        cohort=cohort,
        members=members,
        retention=survival_curve(follow_ups, RETENTION_MONTHS),
        curve=survival_curve(follow_ups, range(followed_months(follow_ups) + 1)),
    )


def planned_cohorts(cohorts: Iterable[AcademyCohort], as_at: date) -> list[AcademyCohort]:
    """Cohorts starting after ``as_at``, soonest first."""
    return sorted((c for c in cohorts if c.start > as_at), key=lambda c: (c.start, c.name))


def all_cohorts(
    outcomes: Sequence[CohortOutcome], as_at: date, name: str = "All cohorts"
) -> CohortOutcome:
    """Every started cohort pooled, each member on their own time since starting: the curve where
    censoring matters most, since recent cohorts have not yet reached the later months."""
    members = tuple(m for outcome in outcomes for m in outcome.members)
    first = min((o.cohort.start for o in outcomes), default=as_at)
    return _outcome(AcademyCohort(name, first, None), members, as_at)
