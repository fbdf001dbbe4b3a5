"""The census return exported: CSWW XML checked against the schema (``files`` writes it out)."""

from __future__ import annotations

from dataclasses import dataclass

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
