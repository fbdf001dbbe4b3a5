"""Text sparklines for table cells, on a fixed scale so rows can be compared."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def spark_text(values: Sequence[float | None], low: float, high: float) -> str:
    """One block per value between ``low`` and ``high`` (clamped); a space where unknown."""
    span = high - low
    if span <= 0:
        raise ValueError("spark_text needs high > low")
    cells = []
    for value in values:
        if value is None:
            cells.append(" ")
            continue
        share = min(max((value - low) / span, 0.0), 1.0)
        cells.append(BLOCKS[round(share * (len(BLOCKS) - 1))])
    return "".join(cells)
