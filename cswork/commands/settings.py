"""``cswork settings``: see every setting with its default, change one, or put it back."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cswork.commands.common import (
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    print_json,
    stderr,
    stdout,
)


class SettingsAction(StrEnum):
    """What ``cswork settings`` does."""

    SHOW = "show"
    SET = "set"
    RESET = "reset"


def settings(
    action: Annotated[
        SettingsAction, typer.Argument(help="show (the default), set KEY VALUE, or reset KEY.")
    ] = SettingsAction.SHOW,
    key: Annotated[str | None, typer.Argument(help="Setting key, e.g. weight.CP.")] = None,
    value: Annotated[str | None, typer.Argument(help="New value (for set).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show settings with their defaults, set one (stored in the database), or reset it."""
    from cswork.model.settings import SettingError
    from cswork.services.settings import (
        change_setting,
        restore_default,
        setting_rows,
        settings_json,
    )

    if action is not SettingsAction.SET and value is not None:
        fail(f"settings {action.value} takes no VALUE (got {value!r})", Exit.USAGE)
    try:
        if action is SettingsAction.SET:
            if key is None or value is None:
                fail(
                    "settings set needs a KEY and a VALUE, e.g. 'cswork settings set weight.CP 2'",
                    Exit.USAGE,
                )
            rows = [change_setting(open_store(db), key, value)]
            stderr().print(
                f"{key} set to {value} (default {rows[0].spec.default})", highlight=False
            )
        elif action is SettingsAction.RESET:
            if key is None:
                fail(
                    "settings reset needs a KEY, e.g. 'cswork settings reset weight.CP'", Exit.USAGE
                )
            rows = [restore_default(open_store(db), key)]
            stderr().print(f"{key} reset to its default, {rows[0].spec.default}", highlight=False)
        else:
            rows = setting_rows(open_store(db), key)
    except SettingError as exc:
        fail(str(exc), Exit.INVALID_INPUT)
    if as_json:
        print_json(settings_json(rows))
        return
    if action is SettingsAction.SHOW:
        from cswork.render.settings import settings_table

        stdout().print(settings_table(rows))


def register(app: typer.Typer) -> None:
    """Attach ``settings`` to ``app``."""
    app.command()(settings)
