"""The census return exported: CSWW XML checked against the schema, written to a private file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cswork.csww.schema import schema_errors
from cswork.csww.write import return_xml
from cswork.model.census import CensusReturn


@dataclass(frozen=True, slots=True)
class CensusDocument:
    """The return as XML, and every way it breaks the schema (none if it is valid)."""

    xml: bytes
    schema_errors: list[str]


def census_document(census: CensusReturn) -> CensusDocument:
    """The return as CSWW XML, checked against the census schema."""
    xml = return_xml(census)
    return CensusDocument(xml, schema_errors(xml))


def write_private(path: Path, document: bytes) -> None:
    """Write ``document`` to ``path``, creating it readable by its owner only (it holds personal
    data: SWE numbers, and dates of birth if kept)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(document)
