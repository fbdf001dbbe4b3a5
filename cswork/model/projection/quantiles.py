"""Whole-number draws by inversion: one uniform number for each draw, whatever the count.

Monte Carlo runs of two scenarios are paired when they use the same random numbers. Numpy's own
binomial and Poisson samplers take a varying number of uniforms for each draw, so as soon as one
count differs between two scenarios every later draw in the stream differs too, and the band of a
difference widens with noise that is not in either scenario. Drawing by inversion (the smallest
``k`` whose cumulative probability reaches the uniform ``u``) uses exactly one uniform a draw, and
couples the two scenarios monotonically: with one more person at risk a run has the same number of
leavers or one more, never fewer.

Small expected counts (up to ``EXACT_UP_TO``) are inverted exactly by summing the probabilities
term by term; larger ones by the normal approximation with a continuity and skewness
(Cornish–Fisher) correction, whose error at that size is far below the other uncertainties the
projection carries.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

#: Expected counts up to this are inverted exactly, term by term.
EXACT_UP_TO = 30.0


def normal_quantile(u: Array) -> Array:
    """The standard normal quantile of each ``u`` in (0, 1) (Acklam's rational approximation,
    relative error under 1.2e-9)."""
    a: tuple[float, ...] = (-39.69683028665376, 220.9460984245205, -275.9285104469687)
    a += (138.3577518672690, -30.66479806614716, 2.506628277459239)
    b: tuple[float, ...] = (-54.47609879822406, 161.5858368580409, -155.6989798598866)
    b += (66.80131188771972, -13.28068155288572)
    c: tuple[float, ...] = (-0.007784894002430293, -0.3223964580411365, -2.400758277161838)
    c += (-2.549732539343734, 4.374664141464968, 2.938163982698783)
    d = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
    u = np.clip(np.asarray(u, dtype=np.float64), 1e-300, 1.0 - 1e-16)
    low, high = 0.02425, 1.0 - 0.02425
    z = np.empty_like(u)

    def tail(q: Array) -> Array:
        num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
        result: Array = num / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
        return result

    lower, upper = u < low, u > high
    middle = ~(lower | upper)
    q = u[middle] - 0.5
    r = q * q
    num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    z[middle] = num / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    z[lower] = tail(np.sqrt(-2.0 * np.log(u[lower])))
    z[upper] = -tail(np.sqrt(-2.0 * np.log1p(-u[upper])))
    return z


def _by_terms(u: Array, first: Array, ratio: Any, params: tuple[Array, ...], limit: Array) -> Array:
    """The smallest ``k`` with P(0) + … + P(k) ≥ ``u``, where P(0) = ``first`` and
    P(k) = P(k − 1) · ratio(k, *params) (``params`` taken row by row); ``limit`` caps each answer.

    The sums are the same term by term, to the last bit, as summing each row on its own; the rows
    still short are kept packed together (repacked when half have stopped), so each term is a few
    passes over contiguous arrays rather than scattered reads and writes; a few rows are summed a
    block of terms at a time (:func:`_by_blocks`), to the same sums."""
    k = np.zeros(u.shape, dtype=np.int64)
    rows = np.flatnonzero(u > first)
    if not rows.size:
        return k
    short, pmf, cdf, cap = u[rows], first[rows], first[rows], limit[rows]
    params = tuple(column[rows] for column in params)
    if rows.size <= FEW_ROWS:
        k[rows] = _by_blocks(short, pmf, cdf, cap, ratio, params)
        return k
    steps = np.zeros(rows.size, dtype=np.int64)  # terms added to each packed row so far
    live = np.ones(rows.size, dtype=bool)
    short_yet = np.empty(rows.size, dtype=bool)
    term = np.empty(rows.size, dtype=np.float64)  # each step's ratio, made in place
    left = rows.size
    step = 0
    lowest_cap = int(cap.min())  # no row is at its cap before this step
    while left:
        step += 1
        # rows that have stopped are carried along (their sums no longer matter) until repacked
        pmf *= ratio(step, *params, out=term)
        cdf += pmf
        steps += live
        # a row stops when its cumulative probability reaches u, or at its cap (rounding can leave
        # the sum a hair short of 1)
        live &= np.greater(short, cdf, out=short_yet)
        if step >= lowest_cap:
            live &= step < cap
        left = int(np.count_nonzero(live))
        if left and 2 * left < live.size:
            k[rows] = steps
            keep = np.flatnonzero(live)
            rows, short, pmf, cdf, cap, steps = (
                column[keep] for column in (rows, short, pmf, cdf, cap, steps)
            )
            params = tuple(column[keep] for column in params)
            live = np.ones(left, dtype=bool)
            short_yet = np.empty(left, dtype=bool)
            term = np.empty(left, dtype=np.float64)
            lowest_cap = int(cap.min())
    k[rows] = steps
    return k


#: Draws this few are summed a block of terms at a time (see :func:`_by_blocks`).
FEW_ROWS = 1024


def _by_blocks(
    short: Array, pmf: Array, cdf: Array, cap: Array, ratio: Any, params: tuple[Array, ...]
) -> Array:
    """The step at which each row's running sum reaches ``short`` (or its cap), as
    :func:`_by_terms` steps it: for a few rows the work is Python's, step by step, more than
    numpy's, so the term ratios of a block of steps are made at once and the sums kept step by
    step, and whether each row has stopped is read once a block (a row stops for good: the sums
    never fall)."""
    found = np.zeros(len(short), dtype=np.int64)
    rows = np.arange(len(short))
    done, block = 0, 8
    while True:
        steps = np.arange(done + 1, done + block + 1, dtype=np.float64)[:, None]
        terms = ratio(steps, *params)  # the ratios, then each step's probability
        sums = np.empty_like(terms)
        np.multiply(pmf, terms[0], out=terms[0])
        np.add(cdf, terms[0], out=sums[0])
        for step in range(1, block):
            np.multiply(terms[step - 1], terms[step], out=terms[step])
            np.add(sums[step - 1], terms[step], out=sums[step])
        still = np.greater(short, sums)
        if done + block >= cap.min():
            still &= steps < cap
        counted = np.add.reduce(still.view(np.uint8), axis=0, dtype=np.uint8)
        stopped = counted < block
        found[rows[stopped]] = done + 1 + counted[stopped]
        done += block
        if stopped.all():
            return found
        keep = np.flatnonzero(~stopped)
        rows, short, cap = rows[keep], short[keep], cap[keep]
        pmf, cdf = terms[-1, keep], sums[-1, keep]
        params = tuple(column[keep] for column in params)
        block = min(2 * block, 128)


def _approximate(u: Array, mean: Array, sd: Array, skew: Array) -> Array:
    """The normal approximation's quantile, corrected for skewness and continuity."""
    z = normal_quantile(u)
    z = z + (z * z - 1.0) * skew / 6.0
    count: Array = np.maximum(np.ceil(mean - 0.5 + sd * z), 0.0).astype(np.int64)
    return count


def binomial(u: Array, n: Array, p: Array | float) -> Array:
    """Binomial(``n``, ``p``) drawn by inversion from uniforms ``u`` (all broadcast to ``u``'s
    shape)."""
    u = np.asarray(u, dtype=np.float64)
    n = np.broadcast_to(np.asarray(n), u.shape).astype(np.int64)
    p = np.broadcast_to(np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0), u.shape)
    likely = p > 0.5
    if likely.any():
        # Bin(n, p) is n − Bin(n, 1 − p); inverting the rarer outcome keeps the sums short and
        # the coupling monotone (a larger u still gives a larger count)
        out = np.empty(u.shape, dtype=np.int64)
        out[likely] = n[likely] - binomial(1.0 - u[likely], n[likely], 1.0 - p[likely])
        out[~likely] = binomial(u[~likely], n[~likely], p[~likely])
        return out
    mean = n * p
    if not (mean > EXACT_UP_TO).any():
        # every draw exact: inverting a draw with none at risk or no chance (P(0) = 1) gives the
        # 0 it should, so the whole arrays are inverted without picking the live ones out first
        return _exact_binomial(u.ravel(), n.ravel(), p.ravel()).reshape(u.shape)
    out = np.zeros(u.shape, dtype=np.int64)
    live = (n > 0) & (p > 0)
    exact = live & (mean <= EXACT_UP_TO)
    if exact.any():
        out[exact] = _exact_binomial(u[exact], n[exact], p[exact])
    large = live & ~exact
    if large.any():
        nl, pl = n[large], p[large]
        sd = np.sqrt(nl * pl * (1.0 - pl))
        skew = (1.0 - 2.0 * pl) / sd
        out[large] = np.minimum(_approximate(u[large], nl * pl, sd, skew), nl)
    return out


def _exact_binomial(u: Array, n: Array, p: Array) -> Array:
    """Binomial(``n``, ``p``) by inversion term by term, for ``p`` at most 0.5 (flat arrays)."""
    odds = p / (1.0 - p)
    first = np.exp(n * np.log1p(-p))
    limit = np.minimum(n, np.ceil(n * p + 12.0 * np.sqrt(n * p) + 12.0)).astype(np.int64)
    # P(k) / P(k - 1) = (n - k + 1) / k × odds; n + 1 as a float once (whole numbers far below
    # 2**53, so n + 1 - k is the same number the integers give)
    after = (n + 1).astype(np.float64)
    return _by_terms(u, first, _binomial_ratio, (after, odds), limit)


def _binomial_ratio(k: int, after: Array, odds: Array, out: Array | None = None) -> Array:
    """P(k) / P(k − 1) = (n − k + 1) / k × odds, given ``after`` = n + 1: ``(after - k) / k *
    odds``, the same operations in the same order, made in ``out`` when given."""
    ratio: Array = np.subtract(after, k, out=out)
    np.divide(ratio, k, out=ratio)
    np.multiply(ratio, odds, out=ratio)
    return ratio


def _poisson_ratio(k: int, lam: Array, out: Array | None = None) -> Array:
    """P(k) / P(k − 1) = λ / k, made in ``out`` when given."""
    ratio: Array = np.divide(lam, k, out=out)
    return ratio


def poisson(u: Array, lam: Array | float) -> Array:
    """Poisson(``lam``) drawn by inversion from uniforms ``u``."""
    u = np.asarray(u, dtype=np.float64)
    lam = np.broadcast_to(np.maximum(np.asarray(lam, dtype=np.float64), 0.0), u.shape)
    out = np.zeros(u.shape, dtype=np.int64)
    exact = (lam > 0) & (lam <= EXACT_UP_TO)
    if exact.any():
        ue, le = u[exact], lam[exact]
        limit = np.ceil(le + 12.0 * np.sqrt(le) + 12.0).astype(np.int64)
        out[exact] = _by_terms(ue, np.exp(-le), _poisson_ratio, (le,), limit)
    large = lam > EXACT_UP_TO
    if large.any():
        ll = lam[large]
        sd = np.sqrt(ll)
        out[large] = _approximate(u[large], ll, sd, 1.0 / sd)
    return out
