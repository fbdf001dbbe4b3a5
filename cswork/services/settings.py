"""Settings as a user sees them: every key with its default, current value and meaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cswork.model.settings import SPECS, SettingSpec, SettingValue, spec_for
from cswork.services.share import refresh_share_tables
from cswork.store import Database
from cswork.store.settings import load_settings as load_settings
from cswork.store.settings import reset_setting, set_setting


@dataclass(frozen=True, slots=True)
class SettingRow:
    """One setting: its spec, and the value in force."""

    spec: SettingSpec
    current: SettingValue

    @property
    def changed(self) -> bool:
        """Whether the value differs from the default."""
        return self.current != self.spec.default


def setting_rows(db: Database, key: str | None = None) -> list[SettingRow]:
    """Every setting (or just ``key``, which must exist) with its current value."""
    settings = load_settings(db)
    specs = [spec_for(key)] if key is not None else list(SPECS)
    return [SettingRow(spec, settings[spec.key]) for spec in specs]


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
            "default": row.spec.default,
            "value": row.current,
            "changed": row.changed,
            "description": row.spec.description,
            "minimum": row.spec.minimum,
            "maximum": row.spec.maximum,
        }
        for row in rows
    ]
