"""Permanent staff leaving for agency work: the share of leavers whose recorded destination is
agency or consultancy social work, which the projection returns to the authority as agency cover.

The share is of leavers with a known destination (the census LeaverDestination list: "not known" and
"not yet collected" are left out of both counts), over a window of months to the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cswork.model.months import add_months
from cswork.model.spell_table import SpellTable, departure_rows, record_field
from cswork.model.workforce import LeaverDestination, RoleSpell

#: Months of leavers the share is counted over.
WINDOW_MONTHS = 24
_UNKNOWN = {None, LeaverDestination.NOT_KNOWN.value, LeaverDestination.NOT_YET_COLLECTED.value}


@dataclass(frozen=True, slots=True)
class AgencyFlow:
    """Leavers over the window, those with a known destination, and those who went to agency work."""

    since: date
    until: date
    leavers: int
    known: int
    to_agency: int

    @property
    def share(self) -> float | None:
        """To agency ÷ leavers with a known destination, ``None`` when none is known."""
        return self.to_agency / self.known if self.known else None


def leavers_to_agency(
    spells: Sequence[RoleSpell],
    as_at: date,
    window_months: int = WINDOW_MONTHS,
    *,
    table: SpellTable | None = None,
) -> AgencyFlow:
    """How many LA-employed leavers in the ``window_months`` to ``as_at`` went to agency work
    (``table``, when given, must be ``SpellTable.of(spells)``)."""
    since = add_months(as_at, -window_months)
    columns = table if table is not None else SpellTable.of(spells)
    left = record_field(columns.spells, "destination", departure_rows(columns, since, as_at))
    known = [destination for destination in left if destination not in _UNKNOWN]
    to_agency = sum(1 for d in known if d == LeaverDestination.AGENCY_ENGLAND.value)
    return AgencyFlow(since, as_at, len(left), len(known), to_agency)
