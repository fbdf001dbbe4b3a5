"""Draws by inversion: the packed term-by-term sums give every count the row-by-row sums gave (the
code before issue 18, kept in ``projection_oracle`` as the oracle), to the last draw."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cswork.model.projection import quantiles
from tests.model.projection_oracle import reference_terms


@pytest.fixture
def oracle(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Draw with the packed sums, then again with the oracle's."""

    def both(draw: Any) -> tuple[Any, Any]:
        packed = draw()
        with monkeypatch.context() as patch:
            patch.setattr(quantiles, "_by_terms", reference_terms)
            before = draw()
        return packed, before

    return both


@pytest.mark.parametrize("seed", range(12))
def test_binomial_draws_are_the_oracles(seed: int, oracle: Any) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.choice([1, 7, 300, 5000]))
    u = rng.random(size)
    u[: size // 10] = rng.choice([0.0, 1e-300, 1.0 - 1e-16, 0.999999], size // 10)
    n = rng.integers(0, int(rng.choice([2, 20, 400, 5000])), size)
    p = rng.random(size) * rng.choice([0.001, 0.05, 0.3, 1.0], size)
    packed, before = oracle(lambda: quantiles.binomial(u, n, p))
    assert packed.dtype == before.dtype
    assert np.array_equal(packed, before)


@pytest.mark.parametrize("seed", range(12))
def test_poisson_draws_are_the_oracles(seed: int, oracle: Any) -> None:
    rng = np.random.default_rng(100 + seed)
    size = int(rng.choice([1, 7, 300, 5000]))
    u = rng.random(size)
    u[: size // 10] = rng.choice([0.0, 1e-300, 1.0 - 1e-16, 0.999999], size // 10)
    lam = rng.random(size) * rng.choice([0.01, 1.0, 10.0, 30.0, 60.0])
    packed, before = oracle(lambda: quantiles.poisson(u, lam))
    assert np.array_equal(packed, before)


def test_a_block_of_runs_draws_what_it_drew(oracle: Any) -> None:
    """Month-shaped blocks (slots by runs), as the engine draws leavers, with some rows empty."""
    rng = np.random.default_rng(7)
    u = rng.random((24, 2048))
    n = rng.integers(0, 60, (24, 1)) * rng.integers(0, 2, (24, 2048))
    p = 1.0 - np.exp(-0.2 * rng.gamma(20.0, 1 / 20.0, 2048) / 12.0)
    packed, before = oracle(lambda: quantiles.binomial(u, n, p))
    assert np.array_equal(packed, before)
    assert packed.sum() > 0


def binomial_live_only(u: Any, n: Any, p: Any) -> Any:
    """:func:`quantiles.binomial` as it was: the exact draws inverted only where someone is at
    risk with some chance (p at most 0.5 here)."""
    u = np.asarray(u, dtype=np.float64)
    n = np.broadcast_to(np.asarray(n), u.shape).astype(np.int64)
    p = np.broadcast_to(np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0), u.shape)
    out = np.zeros(u.shape, dtype=np.int64)
    live = (n > 0) & (p > 0)
    mean = n * p
    exact = live & (mean <= quantiles.EXACT_UP_TO)
    if exact.any():
        out[exact] = quantiles._exact_binomial(u[exact], n[exact], p[exact])
    large = live & ~exact
    if large.any():
        nl, pl = n[large], p[large]
        sd = np.sqrt(nl * pl * (1.0 - pl))
        skew = (1.0 - 2.0 * pl) / sd
        out[large] = np.minimum(quantiles._approximate(u[large], nl * pl, sd, skew), nl)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_inverting_every_draw_at_once_gives_the_live_ones_draws(seed: int) -> None:
    """When no draw needs the approximation, the whole block is inverted at once, those with none
    at risk or no chance among them (each gives 0), as if they had been left out."""
    rng = np.random.default_rng(200 + seed)
    u = rng.random((6, 1000))
    u[0, :50] = 0.0
    n = rng.integers(0, 40, (6, 1)) * rng.integers(0, 2, (6, 1000))
    p = np.where(rng.random(1000) < 0.1, 0.0, rng.random(1000) * 0.5)
    assert not (n * p > quantiles.EXACT_UP_TO).any()
    drawn = quantiles.binomial(u, n, p)
    assert np.array_equal(drawn, binomial_live_only(u, n, p))
    assert drawn[n * p == 0].sum() == 0 and drawn.sum() > 0
