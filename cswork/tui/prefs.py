"""What the app remembers between runs: theme, last screen, and the export and screenshot folders.

Kept as JSON in the user's config folder (``platformdirs``), or in ``$CSWORK_CONFIG_DIR`` when set
(tests point it at a temporary folder). A missing or unreadable file means the defaults; a file
that cannot be written is reported by the caller, never fatal.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

CONFIG_ENV = "CSWORK_CONFIG_DIR"
FILE_NAME = "app.json"


@dataclass(frozen=True, slots=True)
class Prefs:
    """The remembered choices (``None``: never chosen)."""

    theme: str | None = None
    last_screen: str | None = None
    export_dir: str | None = None
    screenshot_dir: str | None = None

    def with_(self, **changes: str | None) -> Prefs:
        """These preferences with some changed."""
        return replace(self, **changes)


def prefs_path() -> Path:
    """Where the preferences live."""
    folder = os.environ.get(CONFIG_ENV)
    if folder:
        return Path(folder) / FILE_NAME
    from platformdirs import user_config_path

    return user_config_path("cswork", appauthor=False) / FILE_NAME


def load_prefs(path: Path) -> Prefs:
    """The preferences in ``path``; the defaults if it is missing or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Prefs()
    if not isinstance(data, dict):
        return Prefs()
    known = {field.name for field in fields(Prefs)}
    return Prefs(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_prefs(path: Path, prefs: Prefs) -> None:
    """Write ``prefs`` to ``path`` (creating its folder); ``OSError`` if that cannot be done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(prefs), indent=2) + "\n", encoding="utf-8")


def default_screenshot_dir() -> Path:
    """The Downloads folder if there is one, else the folder the app was started in."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.cwd()
