"""``cswork settings``: see every setting with its default, change one, or put it back."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from cswork.commands.common import (
    NEGATIVE_VALUES,
    DbOption,
    Exit,
    JsonOption,
    fail,
    open_store,
    parse_date_option,
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
    key: Annotated[
        str | None,
        typer.Argument(help="Setting key, e.g. weight.CP, or a price cap, e.g. cap.social_worker."),
    ] = None,
    value: Annotated[str | None, typer.Argument(help="New value (for set).")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="For a price cap: the date it applies from (YYYY-MM-DD). Default: today.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="For a price cap: the last day it applies (default: until the next cap).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show settings with their defaults and the agency price caps, set one (stored in the
    database), or reset it (for a price cap, remove that job type's caps)."""
    from cswork.model.settings import SettingError
    from cswork.services.settings import is_cap_key

    if action is not SettingsAction.SET and value is not None:
        fail(f"settings {action.value} takes no VALUE (got {value!r})", Exit.USAGE)
    if (since or until) and not (action is SettingsAction.SET and is_cap_key(key)):
        fail("--from and --to are for setting a price cap (cap.JOB_TYPE)", Exit.USAGE)
    try:
        if is_cap_key(key):
            _caps(action, key or "", value, since, until, db, as_json)
        else:
            _settings(action, key, value, db, as_json)
    except SettingError as exc:
        fail(str(exc), Exit.INVALID_INPUT)


def _settings(
    action: SettingsAction, key: str | None, value: str | None, db: DbOption, as_json: bool
) -> None:
    from cswork.services.settings import (
        cap_rows,
        caps_json,
        change_setting,
        restore_default,
        setting_rows,
        settings_json,
    )

    caps = []
    if action is SettingsAction.SET:
        if key is None or value is None:
            fail(
                "settings set needs a KEY and a VALUE, e.g. 'cswork settings set weight.CP 2'",
                Exit.USAGE,
            )
        rows = [change_setting(open_store(db), key, value)]
        stderr().print(f"{key} set to {value} (default {rows[0].default})", highlight=False)
    elif action is SettingsAction.RESET:
        if key is None:
            fail("settings reset needs a KEY, e.g. 'cswork settings reset weight.CP'", Exit.USAGE)
        rows = [restore_default(open_store(db), key)]
        stderr().print(f"{key} reset to its default, {rows[0].default}", highlight=False)
    else:
        store = open_store(db)
        rows = setting_rows(store, key)
        caps = cap_rows(store) if key is None else []
    if as_json:
        print_json(settings_json(rows) + caps_json(caps))
        return
    if action is SettingsAction.SHOW:
        from cswork.render.settings import caps_table, settings_table

        stdout().print(settings_table(rows))
        if key is None:
            stdout().print(caps_table(caps))


def _caps(
    action: SettingsAction,
    key: str,
    value: str | None,
    since: str | None,
    until: str | None,
    db: DbOption,
    as_json: bool,
) -> None:
    from cswork.services.settings import cap_rows, caps_json, change_cap, remove_caps

    store = open_store(db)
    if action is SettingsAction.SET:
        if value is None:
            fail(
                "settings set needs a rate, e.g. 'cswork settings set cap.social_worker 45 "
                "--from 2026-04-01'",
                Exit.USAGE,
            )
        start = parse_date_option(since, "--from") if since else date.today()
        end = parse_date_option(until, "--to") if until else None
        cap = change_cap(store, key, value, start, end)
        stderr().print(
            f"{key} set to £{cap.hourly_cap:.2f} an hour from {start.isoformat()}", highlight=False
        )
        caps = [cap]
    elif action is SettingsAction.RESET:
        removed = remove_caps(store, key)
        stderr().print(f"{key}: {removed} cap(s) removed", highlight=False)
        caps = []
    else:
        caps = cap_rows(store, key)
    if as_json:
        print_json(caps_json(caps))
        return
    if action is SettingsAction.SHOW:
        from cswork.render.settings import caps_table

        stdout().print(caps_table(caps))


def register(app: typer.Typer) -> None:
    """Attach ``settings`` to ``app``."""
    app.command(context_settings=NEGATIVE_VALUES)(settings)
