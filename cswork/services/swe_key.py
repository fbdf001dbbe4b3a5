"""The key SWE numbers are hashed with (kept outside the database), for ``cswork key``."""

from __future__ import annotations

from cswork.store.swe import SweKeyError, install_key, key_path, load_key, parse_key

__all__ = ["SweKeyError", "install_key", "key_path", "load_key", "parse_key"]
