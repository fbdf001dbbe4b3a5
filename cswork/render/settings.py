"""The ``cswork settings`` table: key, default, current value and what it means."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from cswork.model.settings import SettingValue
from cswork.services.settings import SettingRow


def _value(value: SettingValue) -> str:
    if isinstance(value, str):
        return value or "(blank)"
    return f"{value:g}" if isinstance(value, float) else str(value)


def settings_table(rows: Sequence[SettingRow]) -> Table:
    """Settings, with changed values in bold."""
    table = Table(
        title="Settings",
        title_justify="left",
        caption="Change with 'cswork settings set KEY VALUE'; undo with 'cswork settings reset KEY'.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    table.add_column("Key", no_wrap=True)
    table.add_column("Default", justify="right", max_width=12)
    table.add_column("Current", justify="right", max_width=16)
    table.add_column("Meaning", ratio=1, min_width=24)
    for row in rows:
        table.add_row(
            row.spec.key,
            _value(row.spec.default),
            _value(row.current),
            row.spec.description,
            style="bold" if row.changed else None,
        )
    return table
