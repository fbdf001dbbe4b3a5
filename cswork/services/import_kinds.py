"""The import kinds: what each reads, how it parses, and how the store writes it.

A kind is an :class:`ImportKind`: a name, a one-line summary, the columns it reads (for the README
and for messages), a ``parse`` function from :mod:`cswork.importers` turning the file into validated
records, and an ``apply`` function from :mod:`cswork.store` writing them. This module pairs the two,
so neither the importers nor the store knows the other; see :mod:`cswork.importers` for the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cswork.importers import allocations, caps, caseloads, csww, indicators, staff, tables
from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.store import Database
from cswork.store.apply_census import apply_census
from cswork.store.apply_continuity import apply_continuity
from cswork.store.apply_indicators import apply_indicators
from cswork.store.apply_staff import apply_staff
from cswork.store.apply_tables import (
    apply_caseloads,
    apply_cohorts,
    apply_demand,
    apply_establishment,
)
from cswork.store.imports import Journal
from cswork.store.money import apply_caps

Parse = Callable[[ImportContext], Iterator[Any]]
Apply = Callable[[Database, Iterator[Any], ImportContext, Journal], None]


@dataclass(frozen=True, slots=True)
class ImportKind:
    """One kind of file ``cswork import`` understands."""

    name: str
    summary: str
    columns: tuple[Column, ...]
    parse: Parse
    apply: Apply


BUILT_IN: tuple[ImportKind, ...] = (
    ImportKind(
        "staff",
        "one row per worker role spell (HR and agency extracts)",
        staff.COLUMNS,
        staff.parse,
        apply_staff,
    ),
    ImportKind(
        "establishment",
        "funded FTE by team and OrgRole from a date",
        tables.ESTABLISHMENT_COLUMNS,
        tables.parse_establishment,
        apply_establishment,
    ),
    ImportKind(
        "caseloads",
        "cases per worker by case type as at a date (counts, wide, or child allocations)",
        caseloads.COLUMNS + caseloads.WIDE_COLUMNS,
        caseloads.parse,
        apply_caseloads,
    ),
    ImportKind(
        "allocations",
        "allocation history: one row per child and worker allocation (continuity of worker)",
        allocations.COLUMNS,
        allocations.parse,
        apply_continuity,
    ),
    ImportKind(
        "demand",
        "monthly counts per demand measure (long or wide)",
        tables.DEMAND_COLUMNS + tables.WIDE_DEMAND,
        tables.parse_demand,
        apply_demand,
    ),
    ImportKind(
        "cohorts",
        "academy cohorts: name, start date, planned size",
        tables.COHORT_COLUMNS,
        tables.parse_cohorts,
        apply_cohorts,
    ),
    ImportKind(
        "indicators",
        "performance indicators: id, definition, period, value, target (<19%), direction",
        indicators.COLUMNS,
        indicators.parse,
        apply_indicators,
    ),
    ImportKind(
        "caps",
        "regional agency price caps: core job type, hourly cap, effective from (and to)",
        caps.COLUMNS,
        caps.parse,
        apply_caps,
    ),
    ImportKind(
        "csww",
        "a DfE children's social work workforce census return (XML)",
        csww.COLUMNS,
        csww.parse,
        apply_census,
    ),
)


_KINDS: dict[str, ImportKind] = {kind.name: kind for kind in BUILT_IN}


def register_kind(kind: ImportKind) -> ImportKind:
    """Add a kind to the registry (a later registration of the same name replaces it)."""
    _KINDS[kind.name] = kind
    return kind


def import_kinds() -> dict[str, ImportKind]:
    """Every registered kind, by name."""
    return dict(_KINDS)


def get_kind(name: str) -> ImportKind:
    """The kind called ``name``; :class:`KeyError` with the known names if there is none."""
    kinds = import_kinds()
    if name not in kinds:
        raise KeyError(f"unknown import kind {name!r}; known: {', '.join(sorted(kinds))}")
    return kinds[name]
