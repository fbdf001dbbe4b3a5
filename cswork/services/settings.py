"""Settings as a user sees them: every key with its default, current value and meaning; and the
agency price caps, which are set per core job type from a date (``cap.social_worker`` ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.money import JobType, PriceCap
from cswork.model.settings import SPECS, SettingError, SettingSpec, SettingValue, spec_for
from cswork.services.share import refresh_share_tables
from cswork.store import Database
from cswork.store.money import CapError, delete_price_caps, load_price_caps, set_price_cap
from cswork.store.settings import load_settings as load_settings
from cswork.store.settings import reset_setting, set_setting


@dataclass(frozen=True, slots=True)
class SettingRow:
    """One setting: its spec, and the value in force."""

    spec: SettingSpec
    current: SettingValue
    default: SettingValue

    @property
    def changed(self) -> bool:
        """Whether the value differs from the default."""
        return self.current != self.default


def setting_rows(db: Database, key: str | None = None) -> list[SettingRow]:
    """Every setting (or just ``key``, which must exist) with its current value."""
    settings = load_settings(db)
    specs = [spec_for(key)] if key is not None else list(SPECS)
    return [SettingRow(spec, settings[spec.key], settings.default_of(spec.key)) for spec in specs]


def change_setting(db: Database, key: str, text: str) -> SettingRow:
    """Validate and store ``key`` = ``text``; raises ``SettingError`` with the reason."""
    with db.atomic():
        set_setting(db, key, text)
        refresh_share_tables(db)
    return setting_rows(db, key)[0]


def restore_default(db: Database, key: str) -> SettingRow:
    """Return ``key`` to its default; raises ``SettingError`` for an unknown key."""
    with db.atomic():
        reset_setting(db, key)
        refresh_share_tables(db)
    return setting_rows(db, key)[0]


def settings_json(rows: list[SettingRow]) -> list[dict[str, Any]]:
    """Settings with stable keys: ``key``, ``default``, ``value``, ``changed``, ``description``,
    ``minimum``, ``maximum``."""
    return [
        {
            "key": row.spec.key,
            "default": row.default,
            "value": row.current,
            "changed": row.changed,
            "description": row.spec.description,
            "minimum": row.spec.minimum,
            "maximum": row.spec.maximum,
        }
        for row in rows
    ]


#: Settings keys that name a core job type's price cap: ``cap.social_worker`` and so on.
CAP_PREFIX = "cap."


def is_cap_key(key: str | None) -> bool:
    """Whether ``key`` names a price cap rather than a setting."""
    return key is not None and key.startswith(CAP_PREFIX)


def _job_type(key: str) -> JobType:
    name = key.removeprefix(CAP_PREFIX)
    try:
        return JobType(name)
    except ValueError:
        known = ", ".join(CAP_PREFIX + t.value for t in JobType)
        raise SettingError(f"unknown core job type in {key!r}; known: {known}") from None


def cap_rows(db: Database, key: str | None = None) -> list[PriceCap]:
    """Every stored price cap (or those of the job type ``key`` names)."""
    caps = load_price_caps(db)
    if key is None:
        return caps
    job_type = _job_type(key)
    return [c for c in caps if c.job_type is job_type]


def change_cap(
    db: Database, key: str, text: str, effective_from: date, effective_to: date | None = None
) -> PriceCap:
    """Store the cap ``key`` = ``text`` pounds an hour from ``effective_from``; a
    :class:`SettingError` for an unknown job type, a bad rate or overlapping dates."""
    job_type = _job_type(key)
    try:
        rate = float(text.removeprefix("£").replace(",", ""))
    except ValueError:
        raise SettingError(f"{key} must be an hourly rate in pounds, not {text!r}") from None
    if not 0 <= rate <= 1000:
        raise SettingError(f"{key} must be between 0 and 1000 pounds an hour, not {text}")
    if effective_to is not None and effective_to < effective_from:
        raise SettingError("--to must not be before --from")
    try:
        return set_price_cap(db, job_type, rate, effective_from, effective_to)
    except CapError as exc:
        raise SettingError(str(exc)) from None


def remove_caps(db: Database, key: str) -> int:
    """Remove every cap of the job type ``key`` names; returns how many there were."""
    return delete_price_caps(db, _job_type(key))


def caps_json(caps: list[PriceCap]) -> list[dict[str, Any]]:
    """Price caps as settings-like rows: ``key`` (cap.JOB_TYPE), ``value`` (GBP an hour),
    ``effective_from``, ``effective_to`` and ``description``."""
    return [
        {
            "key": CAP_PREFIX + cap.job_type.value,
            "value": cap.hourly_cap,
            "effective_from": cap.effective_from.isoformat(),
            "effective_to": cap.effective_to.isoformat() if cap.effective_to else None,
            "description": f"Agency price cap an hour (GBP) for a {cap.job_type.label.lower()}",
        }
        for cap in caps
    ]
