"""The ``cswork settings`` table: key, default, current value and what it means."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from cswork.model.money import PriceCap
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
            _value(row.default),
            _value(row.current),
            row.spec.description,
            style="bold" if row.changed else None,
        )
    return table


def caps_table(caps: Sequence[PriceCap]) -> Table:
    """The agency price caps stored, by core job type and date."""
    table = Table(
        title="Agency price caps",
        title_justify="left",
        caption="Set with 'cswork settings set cap.JOB_TYPE RATE --from DATE', or import a file "
        "with 'cswork import caps FILE'; remove a type's caps with 'cswork settings reset "
        "cap.JOB_TYPE'.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    table.add_column("Key", no_wrap=True)
    table.add_column("Core job type")
    table.add_column("Cap an hour", justify="right")
    table.add_column("From", no_wrap=True)
    table.add_column("To", no_wrap=True)
    for cap in caps:
        table.add_row(
            f"cap.{cap.job_type.value}",
            cap.job_type.label,
            f"£{cap.hourly_cap:,.2f}",
            cap.effective_from.isoformat(),
            cap.effective_to.isoformat() if cap.effective_to else "",
        )
    if not caps:
        table.add_row("(none)", "", "", "", "")
    return table
