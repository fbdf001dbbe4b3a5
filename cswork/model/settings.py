"""Settings with visible defaults: case-type weights, targets, NQSW factors, ASYE length, hours.

No national caseload cap exists, so every figure the pressure model uses is a setting a workforce
lead can see and change (docs/design.md, Measures). The store keeps only the values that differ from the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cswork.model.indicators import DEFAULT_AMBER_BAND

CASE_TYPES: tuple[str, ...] = ("CIN", "CP", "CLA", "CL", "ASSESSMENT", "OTHER")

SettingValue = float | int | str

_ROLE_NAMES = {
    1: "senior manager",
    2: "middle manager",
    3: "first line manager",
    4: "senior practitioner",
    5: "case holder",
    6: "qualified without cases",
}


class SettingError(ValueError):
    """An unknown key or a value out of range."""


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its key, default, meaning and allowed range."""

    key: str
    default: SettingValue
    description: str
    minimum: float | None = None
    maximum: float | None = None
    #: Another key whose value this one takes until it is set itself.
    inherits: str | None = None

    def parse(self, text: str) -> SettingValue:
        """Turn the user's text into a value of the default's type, checking the range."""
        if isinstance(self.default, str):
            return text
        try:
            value = int(text) if isinstance(self.default, int) else float(text)
        except ValueError:
            kind = "a whole number" if isinstance(self.default, int) else "a number"
            raise SettingError(f"{self.key} must be {kind}, not {text!r}") from None
        if self.minimum is not None and value < self.minimum:
            raise SettingError(f"{self.key} must be at least {self.minimum:g}, not {text}")
        if self.maximum is not None and value > self.maximum:
            raise SettingError(f"{self.key} must be at most {self.maximum:g}, not {text}")
        return value


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("weight.CIN", 1.0, "Weight of a child in need case", 0, 10),
    SettingSpec("weight.CP", 1.5, "Weight of a child protection case", 0, 10),
    SettingSpec("weight.CLA", 1.0, "Weight of a child looked after case", 0, 10),
    SettingSpec("weight.CL", 0.5, "Weight of a care leaver case", 0, 10),
    SettingSpec("weight.ASSESSMENT", 1.0, "Weight of an open assessment", 0, 10),
    SettingSpec("weight.OTHER", 1.0, "Weight of any other case", 0, 10),
    SettingSpec(
        "target_caseload", 18.0, "Weighted cases for a full-time experienced worker", 1, 100
    ),
    SettingSpec(
        "nqsw_factor_start", 0.6, "Capacity factor of an NQSW in the first ASYE month", 0, 1
    ),
    SettingSpec("nqsw_factor_end", 0.9, "Capacity factor of an NQSW in the last ASYE month", 0, 1),
    SettingSpec("asye_months", 12, "Length of the ASYE / early-career programme in months", 1, 36),
    SettingSpec(
        "nqsw_protected_cases", 12, "Cases above which an NQSW's protection is breached", 0
    ),
    SettingSpec(
        "nqsw_cp_months",
        6,
        "ASYE months in which an NQSW should hold no child protection case (0 = no limit)",
        0,
        36,
    ),
    SettingSpec("standard_hours", 37.0, "Full-time weekly hours, to turn hours into FTE", 1, 60),
    SettingSpec(
        "working_days_per_year", 253, "Working days in a year for the absence rate", 200, 366
    ),
    SettingSpec(
        "agency_rate_alert", 20.0, "Agency rate (%) above which the overview alerts", 0, 100
    ),
    SettingSpec("team_utilisation_alert", 110.0, "Team utilisation (%) above which to alert", 0),
    SettingSpec(
        "indicator_amber_band",
        DEFAULT_AMBER_BAND,
        "How far (% of the target) an indicator may miss its target and be amber, not red",
        0,
        100,
    ),
    SettingSpec("experienced_pqe_months", 36, "Post-qualifying months to count as experienced", 0),
    SettingSpec(
        "permanent_cost",
        55_000.0,
        "Cost of a permanent FTE a year with on-costs (GBP), for the agency premium",
        0,
        1_000_000,
    ),
    *(
        SettingSpec(
            f"permanent_cost.{role}",
            55_000.0,
            f"Cost of a permanent FTE a year in OrgRole {role} ({_ROLE_NAMES[role]}); "
            "follows permanent_cost until set",
            0,
            1_000_000,
            inherits="permanent_cost",
        )
        for role in range(1, 7)
    ),
    SettingSpec("authority.name", "", "Name of the local authority"),
    SettingSpec("authority.la_code", "", "DfE three-digit LA code (for the census return)"),
)

SPECS_BY_KEY: Mapping[str, SettingSpec] = {spec.key: spec for spec in SPECS}


def spec_for(key: str) -> SettingSpec:
    """The spec of ``key``, or a :class:`SettingError` listing the known keys."""
    try:
        return SPECS_BY_KEY[key]
    except KeyError:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(SPECS_BY_KEY)}") from None


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings: defaults overlaid with the stored overrides."""

    overrides: Mapping[str, SettingValue] = field(default_factory=dict)

    def __getitem__(self, key: str) -> SettingValue:
        if key in self.overrides:
            return self.overrides[key]
        spec = spec_for(key)
        if spec.inherits is not None:
            return self[spec.inherits]
        return spec.default

    def default_of(self, key: str) -> SettingValue:
        """What ``key`` is when not set itself (the value it inherits, if it inherits one)."""
        spec = spec_for(key)
        return self[spec.inherits] if spec.inherits is not None else spec.default

    @property
    def permanent_costs(self) -> dict[int, float]:
        """The cost of a permanent FTE a year by OrgRole (1-6)."""
        return {role: self.number(f"permanent_cost.{role}") for role in range(1, 7)}

    def number(self, key: str) -> float:
        """A numeric setting as a float."""
        value = self[key]
        if isinstance(value, str):
            raise SettingError(f"{key} is not numeric")
        return float(value)

    @property
    def weights(self) -> dict[str, float]:
        """Case-type weights, keyed by case type."""
        return {case_type: self.number(f"weight.{case_type}") for case_type in CASE_TYPES}

    @property
    def target_caseload(self) -> float:
        """The default team target (teams may set their own)."""
        return self.number("target_caseload")

    @property
    def asye_months(self) -> int:
        """Length of the ASYE in months."""
        return int(self.number("asye_months"))

    @property
    def nqsw_protected_cases(self) -> int:
        """Cases above which an NQSW's protected caseload is breached."""
        return int(self.number("nqsw_protected_cases"))

    @property
    def nqsw_cp_months(self) -> int:
        """ASYE months in which an NQSW should hold no child protection case (0: no such rule)."""
        return int(self.number("nqsw_cp_months"))

    @property
    def standard_hours(self) -> float:
        """Full-time weekly hours."""
        return self.number("standard_hours")

    def nqsw_factor(self, months_in_asye: int) -> float:
        """Capacity factor for an NQSW ``months_in_asye`` whole months into the ASYE.

        Rises linearly from the start factor in month 0 to the end factor in the last month.
        """
        start, end = self.number("nqsw_factor_start"), self.number("nqsw_factor_end")
        last = max(self.asye_months - 1, 1)
        share = min(max(months_in_asye, 0), last) / last
        return start + (end - start) * share
