"""Model test fixtures: a hand-built projection starting position (no store needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from cswork.model.projection.state import Demand, StartingState

AS_AT = date(2025, 9, 30)


def make_state(
    *,
    nqsw: dict[int, float] | None = None,
    early: dict[int, float] | None = None,
    experienced: float = 100.0,
    senior: float = 10.0,
    agency: float = 10.0,
    establishment: float = 150.0,
    cases: float = 1000.0,
    noise_sd: float = 0.0,
    trend: float = 0.0,
) -> StartingState:
    """12 ASYE months, experienced at 36 months; everyone full time; slots given as {slot: people}."""
    slots = [0.0] * 36
    for slot, people in (nqsw or {}).items():
        assert slot < 12
        slots[slot] = people
    for slot, people in (early or {}).items():
        assert 12 <= slot < 36
        slots[slot] = people
    in_post = sum(slots) + experienced + senior
    return StartingState(
        as_at=AS_AT,
        asye_months=12,
        experienced_at=36,
        slots=tuple(slots),
        experienced=experienced,
        senior=senior,
        slot_fte=tuple(slots),
        experienced_fte=experienced,
        senior_fte=senior,
        agency_fte=agency,
        establishment_fte=establishment,
        over_establishment_fte=max(0.0, in_post - establishment),
        holding_share={
            "nqsw": 1.0,
            "early_career": 1.0,
            "experienced": 1.0,
            "senior": 0.0,
            "agency": 1.0,
        },
        capacity_per_fte={
            "nqsw": 18.0,
            "early_career": 18.0,
            "experienced": 18.0,
            "senior": 0.0,
            "agency": 18.0,
        },
        nqsw_factors=tuple(0.6 + 0.3 * m / 11 for m in range(12)),
        target_caseload=18.0,
        demand=Demand(
            cases={"CIN": cases}, weights={"CIN": 1.0}, trend={"CIN": trend}, noise_sd=noise_sd
        ),
    )


@pytest.fixture(scope="session")
def state_factory() -> Callable[..., StartingState]:
    """The :func:`make_state` factory."""
    return make_state
