"""Checking CSWW XML against the census schema.

The schema (``social_work_workforce_2022.xsd``) ships inside the package with its licence, so an
installed wheel validates without the source tree. xmlschema is imported only when validating.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cswork.paths import cache_dir

SCHEMA_FILE = "social_work_workforce_2022.xsd"


@cache
def _schema() -> Any:
    """The census schema, built once per schema and xmlschema version and then kept in the user's
    cache directory: building it took 1.8 of the 4 seconds of ``cswork export csww``.

    The cached copy is a pickle in a directory only its owner can write, named by a hash of the
    schema text, the xmlschema version and the Python version, so a new schema or library is
    never answered with an old object. A missing, unreadable or stale file is simply rebuilt.
    """
    import xmlschema

    text = resources.files("cswork.data").joinpath("csww", SCHEMA_FILE).read_text(encoding="utf-8")
    key = hashlib.sha256(f"{xmlschema.__version__}|{sys.version}|{text}".encode()).hexdigest()
    path = cache_dir() / f"csww-schema-{key[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # anything wrong with the cached copy: build it afresh
        pass
    schema = xmlschema.XMLSchema(text)
    _keep(path, pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL))
    return schema


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (owner-only); a cache that cannot be written
    is no error."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".schema-")
    except OSError:
        return
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)


def element_errors(node: Any) -> list[str]:
    """Every way one element under ``Message`` (a ``Header``, ``LALevelVacancies`` or
    ``CSWWWorker``, as an ElementTree element) breaks the schema, as ``/path: reason`` lines
    relative to it; an element the schema does not have under ``Message`` gives none here."""
    component = _schema().find(f"Message/{node.tag}")
    if component is None:
        return []
    errors = []
    for error in component.iter_errors(node):
        reason = error.reason or str(error.message)
        path = (error.path or "").removeprefix(f"/{node.tag}")
        errors.append(f"{path}: {reason}")
    return errors


def schema_errors(document: bytes) -> list[str]:
    """Every way ``document`` breaks the schema, as ``path: reason`` lines; empty if valid."""
    import xmlschema

    errors = []
    try:
        for error in _schema().iter_errors(document.decode("utf-8")):
            reason = error.reason or str(error.message)
            errors.append(f"{error.path}: {reason}")
    except (UnicodeDecodeError, xmlschema.XMLResourceError, xmlschema.XMLSchemaException) as exc:
        errors.append(f"/: the file could not be checked against the schema ({exc})")
    return errors
