"""Settings: defaults visible, overrides stored, bad values refused."""

from __future__ import annotations

import pytest

from cswork.model.settings import SettingError
from cswork.store import Database
from cswork.store.settings import load_settings, reset_setting, set_setting


def test_defaults_then_override_then_reset(db: Database) -> None:
    assert load_settings(db).weights["CP"] == 1.5
    set_setting(db, "weight.CP", "2")
    assert load_settings(db).weights["CP"] == 2.0
    reset_setting(db, "weight.CP")
    assert load_settings(db).weights["CP"] == 1.5


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("weight.CP", "lots", "must be a number"),
        ("asye_months", "0", "at least 1"),
        ("nqsw_factor_end", "1.2", "at most 1"),
        ("weight.XYZ", "1", "unknown setting"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(
    db: Database, key: str, text: str, message: str
) -> None:
    with pytest.raises(SettingError, match=message):
        set_setting(db, key, text)


def test_nqsw_factor_ramps_over_the_asye() -> None:
    from cswork.model.settings import Settings

    settings = Settings()
    assert settings.nqsw_factor(0) == pytest.approx(0.6)
    assert settings.nqsw_factor(11) == pytest.approx(0.9)
    assert 0.6 < settings.nqsw_factor(6) < 0.9
    assert Settings({"asye_months": 24}).nqsw_factor(11) < 0.9
