"""Derived figures kept between runs, and the history version that says when they are stale.

The projection history is read from :data:`HISTORY_TABLES`. Every function of cswork that writes to
one of them calls :func:`bump_history_version` in the same transaction (imports through their
journal, undo, settings, the demo build), so a figure stored with the version it was worked out at
is current exactly while the version is unchanged. ``tests/store/test_derived.py`` fails if any
write to those tables, in cswork's SQL or at run time, comes without the bump.

An edit made outside cswork (the ``sqlite3`` shell, say) does not bump the version. As a
best-effort guard, each figure also keeps the tables' cheap fingerprint
(:func:`cswork.store.projection_history.history_fingerprint`: rows added or removed, spells ended,
establishment totals, settings) and is not used once that differs; an edit that keeps every count,
largest id and total (a case count changed in place, say) is not seen. After such an edit,
``DELETE FROM derived_figures`` (or any import, undo or settings change) clears them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cswork.store._sqlite_utils import sqlite_utils

#: The tables the projection history (and so every derived figure) is read from.
HISTORY_TABLES: frozenset[str] = frozenset(
    {
        "workers",
        "role_spells",
        "teams",
        "cohorts",
        "establishment",
        "caseloads",
        "settings",
        "absences",
        "long_term_absences",
    }
)

#: Figures of one kind kept at most (the oldest go first): a user trying many what-ifs at one
#: history version does not grow the file without end.
KEEP_PER_KIND = 20


def bump_history_version(db: sqlite_utils.Database) -> None:
    """Mark every derived figure stale: call in the transaction that writes the history."""
    db.execute("UPDATE history_version SET version = version + 1 WHERE id = 1")


def history_version(db: sqlite_utils.Database) -> int:
    """The current history version (0 for a database without one)."""
    row = db.execute("SELECT version FROM history_version WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def fingerprint_text(fingerprint: tuple[object, ...]) -> str:
    """A fingerprint of the history tables as stored text."""
    return json.dumps([str(part) for part in fingerprint])


def read_derived(
    db: sqlite_utils.Database, kind: str, key: str, version: int, code: str, fingerprint: str
) -> str | None:
    """The stored figure ``kind``/``key`` if it was worked out at ``version`` by ``code`` on tables
    with ``fingerprint``, else ``None``."""
    row = db.execute(
        "SELECT value FROM derived_figures WHERE kind = ? AND key = ? AND history_version = ? "
        "AND code = ? AND fingerprint = ?",
        (kind, key, version, code, fingerprint),
    ).fetchone()
    return str(row[0]) if row else None


def write_derived(
    db: sqlite_utils.Database,
    kind: str,
    key: str,
    version: int,
    code: str,
    fingerprint: str,
    value: str,
) -> None:
    """Keep a figure worked out from the history as it was at ``version`` (read before the
    history itself, so a figure of later data is filed under an older version and never used);
    figures of the kind from other versions or code go, and all but the newest
    :data:`KEEP_PER_KIND`."""
    made_at = datetime.now(UTC).isoformat(timespec="microseconds")
    with db.atomic():
        db.execute(
            "DELETE FROM derived_figures WHERE kind = ? AND (history_version <> ? OR code <> ?)",
            (kind, version, code),
        )
        db.execute(
            "INSERT INTO derived_figures (kind, key, history_version, code, fingerprint, value, "
            "made_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET "
            "history_version = excluded.history_version, code = excluded.code, "
            "fingerprint = excluded.fingerprint, value = excluded.value, made_at = excluded.made_at",
            (kind, key, version, code, fingerprint, value, made_at),
        )
        db.execute(
            "DELETE FROM derived_figures WHERE kind = ? AND key NOT IN (SELECT key FROM "
            "derived_figures WHERE kind = ? ORDER BY made_at DESC LIMIT ?)",
            (kind, kind, KEEP_PER_KIND),
        )


def clear_derived(db: sqlite_utils.Database) -> int:
    """Forget every derived figure; returns how many there were."""
    with db.atomic():
        return int(db.execute("DELETE FROM derived_figures").rowcount)
