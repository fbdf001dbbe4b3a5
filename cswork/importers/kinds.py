"""The built-in import kinds; the registry adds them on first use."""

from __future__ import annotations

from cswork.importers import caps, caseloads, csww, indicators, staff, tables
from cswork.importers.registry import ImportKind
from cswork.store.apply_csww import apply_csww
from cswork.store.apply_indicators import apply_indicators
from cswork.store.apply_staff import apply_staff
from cswork.store.apply_tables import (
    apply_caseloads,
    apply_cohorts,
    apply_demand,
    apply_establishment,
)
from cswork.store.money import apply_caps

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
        apply_csww,
    ),
)
