"""Social Work England numbers at rest: a salted SHA-256 unless the user asks to keep them.

The staff and census imports share one salt per database (a setting, journalled when first made so
that undoing that import removes it), so that both find the same person from the same number.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cswork.store._sqlite_utils import sqlite_utils
    from cswork.store.imports import Journal

#: The settings key of the salt.
SALT_KEY = "import.swe_salt"
#: Marks a stored SWE number as a hash rather than the number itself.
HASH_PREFIX = "sha256:"


def ensure_swe_salt(db: sqlite_utils.Database, journal: Journal) -> str:
    """This database's salt, created (and journalled for undo) on first use."""
    found = db.execute("SELECT value FROM settings WHERE key = ?", (SALT_KEY,)).fetchone()
    if found:
        return str(json.loads(found[0]))
    salt = secrets.token_hex(16)
    cursor = db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)", (SALT_KEY, json.dumps(salt))
    )
    journal.inserted("settings", int(cursor.lastrowid or 0))
    return salt


def swe_digest(salt: str, swe_number: str) -> str:
    """The stored form of an SWE number that is not kept: a salted SHA-256, marked 'sha256:'."""
    return HASH_PREFIX + hashlib.sha256(f"{salt}:{swe_number}".encode()).hexdigest()
