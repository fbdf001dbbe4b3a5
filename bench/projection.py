"""Benchmark: 10,000 Monte Carlo runs × 60 months for an authority of 2,000 workers.

The vectorised engine (``cswork.model.projection.engine.simulate`` plus the p10/p50/p90 summary) is
timed against a straightforward per-worker pure-Python loop (the same leaver, ASYE, progression and
hire flows, one worker at a time) run on fewer runs and scaled up linearly to 10,000. Target: the
vectorised run under one second.

Run: ``python bench/projection.py [--runs N] [--loop-runs N]``.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import time
from datetime import date

from cswork.model.projection.assumptions import Assumptions, PlannedCohort
from cswork.model.projection.engine import monthly_probability, simulate
from cswork.model.projection.outputs import output_paths, quantile_bands
from cswork.model.projection.state import Demand, StartingState

MONTHS = 60
AS_AT = date(2025, 9, 30)
ASSUMPTIONS = Assumptions(
    cohorts=tuple(
        PlannedCohort(date(year, month, 20), 40) for year in range(2026, 2031) for month in (1, 7)
    ),
    leaver_rate_nqsw=0.08,
    leaver_rate_early_career=0.2,
    leaver_rate_experienced=0.14,
    leaver_rate_senior=0.1,
    no_show_rate=0.1,
    experienced_hires_per_month=15.0,
    agency_conversion_rate=0.05,
)


def synthetic_state() -> StartingState:
    """2,000 LA-employed workers: 120 NQSWs, 240 early career, 1,410 experienced, 230 senior."""
    slots = [0.0] * 36
    slots[2], slots[8] = 60.0, 60.0
    for slot in range(12, 36):
        slots[slot] = 10.0
    experienced, senior = 1410.0, 230.0
    return StartingState(
        as_at=AS_AT,
        asye_months=12,
        experienced_at=36,
        slots=tuple(slots),
        experienced=experienced,
        senior=senior,
        slot_fte=tuple(people * (1.0 if slot < 12 else 0.95) for slot, people in enumerate(slots)),
        experienced_fte=0.9 * experienced,
        senior_fte=0.95 * senior,
        agency_fte=250.0,
        establishment_fte=2200.0,
        over_establishment_fte=20.0,
        holding_share={
            "nqsw": 1.0,
            "early_career": 1.0,
            "experienced": 0.9,
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
            cases={"CIN": 12000.0, "CP": 5000.0, "CLA": 6000.0},
            weights={"CIN": 1.0, "CP": 1.5, "CLA": 1.0},
            trend={"CIN": 0.02, "CP": 0.01, "CLA": 0.03},
            noise_sd=0.03,
        ),
    )


def vectorised(runs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds across threads) for the engine and the percentile summary."""
    state = synthetic_state()
    started, cpu = time.perf_counter(), time.process_time()
    paths = simulate(state, ASSUMPTIONS, MONTHS, runs, seed=1)
    quantile_bands(output_paths(paths, state.target_caseload))
    return time.perf_counter() - started, time.process_time() - cpu


def per_worker_loop(runs: int) -> float:
    """Seconds for the same flows, one worker at a time, in plain Python."""
    state = synthetic_state()
    hazard = {
        band: monthly_probability(ASSUMPTIONS.leaver_rate(band))
        for band in ("nqsw", "early_career", "experienced", "senior")
    }
    start_workers: list[tuple[str, int]] = []
    for slot, people in enumerate(state.slots):
        band = "nqsw" if slot < 12 else "early_career"
        start_workers += [(band, slot)] * int(people)
    start_workers += [("experienced", 0)] * int(state.experienced)
    start_workers += [("senior", 0)] * int(state.senior)
    rng = random.Random(1)
    started = time.perf_counter()
    for _ in range(runs):
        workers = list(start_workers)
        for month in range(1, MONTHS + 1):
            survivors, senior_leavers = [], 0
            for band, slot in workers:
                if rng.random() < hazard[band]:
                    senior_leavers += band == "senior"
                    continue
                if band in ("nqsw", "early_career"):
                    slot += 1
                    band = "nqsw" if slot < 12 else "early_career" if slot < 36 else "experienced"
                survivors.append((band, slot))
            for _ in range(senior_leavers):
                index = next((i for i, w in enumerate(survivors) if w[0] == "experienced"), None)
                if index is not None:
                    survivors[index] = ("senior", 0)
            if month % 6 == 4:
                survivors += [("nqsw", 0)] * sum(
                    rng.random() >= ASSUMPTIONS.no_show_rate for _ in range(40)
                )
            hires = _poisson(rng, ASSUMPTIONS.experienced_hires_per_month)
            survivors += [("experienced", 0)] * hires
            workers = survivors
    return time.perf_counter() - started


def _poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def main() -> None:
    """Time both and print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--loop-runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="Vectorised repeats (best shown).")
    args = parser.parse_args()
    vectorised(100)  # warm up numpy
    timings = [vectorised(args.runs) for _ in range(args.repeat)]
    fast, cpu = min(timings)
    slow = per_worker_loop(args.loop_runs)
    scaled = slow * args.runs / args.loop_runs
    print(
        f"vectorised engine: {args.runs:,} runs x {MONTHS} months, 2,000 workers: {fast:.3f} s "
        f"wall (best of {args.repeat}; {cpu:.3f} s CPU over {os.cpu_count()} cores), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"per-worker Python loop: {args.loop_runs} runs in {slow:.2f} s, "
        f"scaled to {args.runs:,} runs: {scaled:.0f} s"
    )
    print(
        f"ratio (loop / vectorised): {scaled / fast:,.0f}x; target under 1 s: "
        f"{'met' if fast < 1.0 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
