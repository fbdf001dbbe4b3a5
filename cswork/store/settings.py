"""Settings overrides: the store keeps only values that differ from the defaults."""

from __future__ import annotations

import json

from cswork.model.settings import Settings, SettingValue, spec_for
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.derived import bump_history_version


def load_settings(db: sqlite_utils.Database) -> Settings:
    """The effective settings (defaults plus stored overrides); unknown stored keys are ignored."""
    overrides: dict[str, SettingValue] = {}
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        try:
            spec_for(key)
        except ValueError:
            continue
        overrides[key] = json.loads(value)
    return Settings(overrides)


def set_setting(db: sqlite_utils.Database, key: str, text: str) -> SettingValue:
    """Validate and store a setting from the user's text; returns the parsed value."""
    value = spec_for(key).parse(text)
    with db.atomic():
        bump_history_version(db)
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )
    return value


def reset_setting(db: sqlite_utils.Database, key: str) -> None:
    """Return a setting to its default."""
    spec_for(key)
    with db.atomic():
        bump_history_version(db)
        db.execute("DELETE FROM settings WHERE key = ?", (key,))
