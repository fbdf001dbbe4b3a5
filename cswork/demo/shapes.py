"""The demo authority's possible histories, so that a model's skill is not tuned to one story.

- ``surge`` (the default): a year of surging demand three years before the as-at date, with more
  leavers, fewer hires and more agency cover that year, funded posts added for it, then recovery;
- ``steady``: no surge; the authority ticks along;
- ``shrinking``: recruitment dries up and more people leave as the years go by (hires fall to under
  half their first rate, leaving rises by a third);
- ``agency-reduction``: for the last 30 months a drive to cut agency cover: fewer agency workers
  sought for each vacancy (down to a third as many), placements ended sooner, a third of those
  ended converting to permanent posts, and harder recruiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cswork.model.months import add_months, completed_months

#: Months before the as-at date the agency-reduction drive began.
DRIVE_MONTHS = 30


@dataclass(frozen=True, slots=True)
class HistoryShape:
    """How a demo history departs from a steady one, month by month."""

    name: str
    surge: bool = False
    final_leaving: float = 1.0  # leaver-rate factor reached by the as-at date (from 1.0)
    final_hiring: float = 1.0  # hiring factor reached by the as-at date (from 1.0)
    drive: bool = False

    def _progress(self, month: date, start: date, as_at: date) -> float:
        return min(
            max(completed_months(start, month) / max(completed_months(start, as_at), 1), 0), 1
        )

    def in_drive(self, month: date, as_at: date) -> bool:
        """Whether the agency-reduction drive is on in ``month``."""
        return self.drive and month > add_months(as_at, -DRIVE_MONTHS)

    def leaving(self, month: date, start: date, as_at: date) -> float:
        """Factor on every leaver rate in ``month``."""
        if self.final_leaving == 1.0:
            return 1.0
        return 1.0 + (self.final_leaving - 1.0) * self._progress(month, start, as_at)

    def hiring(self, month: date, start: date, as_at: date) -> float:
        """Factor on the chance of filling a vacancy in ``month``."""
        if self.in_drive(month, as_at):
            return 1.4
        if self.final_hiring == 1.0:
            return 1.0
        return 1.0 + (self.final_hiring - 1.0) * self._progress(month, start, as_at)

    def agency_share(self, month: date, as_at: date) -> float:
        """Agency FTE sought per vacant FTE in ``month`` (0.85, falling in the drive)."""
        if not self.in_drive(month, as_at):
            return 0.85
        into = completed_months(add_months(as_at, -DRIVE_MONTHS), month) / DRIVE_MONTHS
        return 0.85 - (0.85 - 0.3) * min(into, 1.0)

    def agency_end(self, month: date, as_at: date) -> float:
        """The chance an agency placement ends in ``month``."""
        return 0.12 if self.in_drive(month, as_at) else 0.07


SHAPES: dict[str, HistoryShape] = {
    "surge": HistoryShape("surge", surge=True),
    "steady": HistoryShape("steady"),
    "shrinking": HistoryShape("shrinking", final_leaving=1.35, final_hiring=0.45),
    "agency-reduction": HistoryShape("agency-reduction", drive=True),
}
