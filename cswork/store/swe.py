"""Social Work England numbers at rest: a keyed hash unless the user asks to keep them.

The key is kept outside the database, in the user's configuration directory (``swe.key``, owner-only,
made on first use), so a copy of the database alone does not give the numbers back: SWE numbers
are few enough (SW and up to eight digits) that an unkeyed or salted hash stored beside its salt is
reversed in seconds. ``cswork key export`` writes the key for a second machine, ``cswork key
import`` installs it there. Numbers are stored as ``hmac-sha256:`` and the key's HMAC.

Databases from before the key hold ``sha256:`` hashes salted with a salt in the settings table; they
keep matching (the census import tries both), and a staff import stores the keyed form.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cswork.store._sqlite_utils import sqlite_utils

#: The settings key of the legacy salt.
SALT_KEY = "import.swe_salt"
#: Marks a stored SWE number as a legacy salted hash.
HASH_PREFIX = "sha256:"
#: Marks a stored SWE number as a keyed hash.
KEYED_PREFIX = "hmac-sha256:"
#: Where the key is, if not in the user's configuration directory.
KEY_ENV_VAR = "CSWORK_SWE_KEY"
_KEY_TEXT = re.compile(r"^[0-9a-f]{64}$")


class SweKeyError(Exception):
    """The SWE key file cannot be read, written or is not a key."""


def key_path() -> Path:
    """Where the SWE key is kept: ``$CSWORK_SWE_KEY``, else ``swe.key`` in the user's
    configuration directory (``~/.config/cswork/swe.key`` on Linux)."""
    from_env = os.environ.get(KEY_ENV_VAR)
    if from_env:
        return Path(from_env)
    from platformdirs import user_config_path

    return user_config_path("cswork", appauthor=False) / "swe.key"


def parse_key(text: str) -> bytes:
    """The key from a key file's text (64 hex digits)."""
    value = text.strip().lower()
    if not _KEY_TEXT.match(value):
        raise SweKeyError("not a cswork SWE key (64 hexadecimal digits)")
    return bytes.fromhex(value)


def load_key(*, create: bool = True) -> bytes:
    """The SWE key, made (owner-only, in an owner-only folder) the first time it is needed."""
    path = key_path()
    try:
        return parse_key(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        if not create:
            raise SweKeyError(f"no SWE key at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SweKeyError(f"cannot read the SWE key {path}: {exc}") from None
    except SweKeyError as exc:
        raise SweKeyError(f"{path}: {exc}") from None
    install_key(secrets.token_bytes(32), path)
    return load_key(create=False)


def install_key(key: bytes, path: Path | None = None, *, replace: bool = False) -> Path:
    """Write ``key`` to the key file (owner-only); refuses to replace a different key unless
    ``replace``. Returns the path written."""
    path = path or key_path()
    text = key.hex() + "\n"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.exists():
            if parse_key(path.read_text(encoding="ascii")) == key:
                return path
            if not replace:
                raise SweKeyError(
                    f"{path} already holds a different SWE key; numbers hashed with it would no "
                    "longer match (pass --replace to overwrite it)"
                )
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        temporary.replace(path)
    except OSError as exc:
        raise SweKeyError(f"cannot write the SWE key {path}: {exc.strerror or exc}") from None
    return path


class SweHasher:
    """Hashes SWE numbers with the key, and recognises this database's legacy salted hashes."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.key = load_key()
        found = db.execute("SELECT value FROM settings WHERE key = ?", (SALT_KEY,)).fetchone()
        self.legacy_salt = str(json.loads(found[0])) if found else None

    def digest(self, swe_number: str) -> str:
        """The stored form of an SWE number that is not kept."""
        mac = hmac.new(self.key, swe_number.encode(), hashlib.sha256).hexdigest()
        return KEYED_PREFIX + mac

    def forms(self, swe_number: str) -> list[str]:
        """Every stored form the number may have in this database (keyed, then legacy)."""
        forms = [self.digest(swe_number)]
        if self.legacy_salt is not None:
            forms.append(swe_digest(self.legacy_salt, swe_number))
        return forms


def is_hashed(stored: str | None) -> bool:
    """Whether a stored SWE number is a hash (keyed or legacy) rather than the number."""
    return bool(stored) and str(stored).startswith((KEYED_PREFIX, HASH_PREFIX))


def swe_digest(salt: str, swe_number: str) -> str:
    """The legacy stored form: a salted SHA-256, marked 'sha256:'."""
    return HASH_PREFIX + hashlib.sha256(f"{salt}:{swe_number}".encode()).hexdigest()
