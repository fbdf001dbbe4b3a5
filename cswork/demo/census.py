"""Synthetic census details for the demo authority: SWE numbers and qualifications.

Only what a schema-valid census return requires (SWE number, qualifying institution) and the
qualification level; no dates of birth, gender or ethnicity. SWE numbers start ``ZZ`` so they can
never be mistaken for real Social Work England numbers (which start ``SW``). They come from their own
random stream, so adding them left every other demo value unchanged.
"""

from __future__ import annotations

import numpy as np

#: Invented institutions: no real university's name.
INSTITUTIONS = (
    "University of Demoshire",
    "Demoshire Metropolitan University",
    "Northfield University",
    "Eastbridge College of Social Work",
    "Westmoor University",
)


def census_details(seed: int, workers: int) -> list[tuple[str, str, int]]:
    """(SWE number, institution, QualLevel code) for each of ``workers`` workers, in order."""
    rng = np.random.default_rng([seed, 8])
    numbers: list[int] = []
    seen: set[int] = set()
    while len(numbers) < workers:
        for value in rng.integers(0, 10**10, size=workers).tolist():
            if value not in seen and len(numbers) < workers:
                seen.add(value)
                numbers.append(value)
    institutions = rng.choice(len(INSTITUTIONS), size=workers)
    levels = rng.choice([1, 2, 3], size=workers, p=[0.6, 0.35, 0.05])
    return [
        (f"ZZ{number:010d}", INSTITUTIONS[int(inst)], int(level))
        for number, inst, level in zip(numbers, institutions, levels, strict=True)
    ]
