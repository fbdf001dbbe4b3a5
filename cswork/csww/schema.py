"""Checking CSWW XML against the census schema.

The schema (``social_work_workforce_2022.xsd``) ships inside the package with its licence, so an
installed wheel validates without the source tree. xmlschema is imported only when validating.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "social_work_workforce_2022.xsd"


@cache
def _schema() -> Any:
    import xmlschema

    source = resources.files("cswork.data").joinpath("csww", SCHEMA_FILE)
    return xmlschema.XMLSchema(source.read_text(encoding="utf-8"))


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
