"""Where the database lives (``--db PATH``, else ``$CSWORK_DB``, else the per-user data directory),
and the per-user cache directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CSWORK_DB"
DB_FILE_NAME = "cswork.db"


def default_db_path() -> Path:
    """The per-user database path (e.g. ``~/.local/share/cswork/cswork.db`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("cswork", appauthor=False) / DB_FILE_NAME


def resolve_db_path(explicit: Path | None) -> Path:
    """Choose the database path by precedence: explicit option, environment, per-user default."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return default_db_path()


def cache_dir() -> Path:
    """The per-user cache directory (e.g. ``~/.cache/cswork`` on Linux): things worth keeping
    between runs that can always be made again."""
    from platformdirs import user_cache_path

    return user_cache_path("cswork", appauthor=False)
