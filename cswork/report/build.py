"""From the store to the document: gather the inputs, then build each section asked for, in order."""

from __future__ import annotations

from collections.abc import Callable

from cswork.report import text
from cswork.report.academy import academy_section, demand_section, indicators_section
from cswork.report.continuity import continuity_section
from cswork.report.document import Bullets, Paragraph, Report, Section
from cswork.report.inputs import (
    SECTIONS,
    Progress,
    ReportInputs,
    ReportOptions,
    gather,
    no_progress,
)
from cswork.report.messages import key_messages
from cswork.report.outlook import data_section, outlook_section
from cswork.report.workforce import agency_section, pressure_section, workforce_section
from cswork.services.database import Database


def key_messages_section(inputs: ReportInputs) -> Section:
    """Five to eight generated sentences, each figure from the tables below."""
    scope = (
        f"As at {text.day(inputs.options.as_at)}. Each figure is repeated, with its definition, in "
        "the sections that follow."
    )
    return Section("key-messages", "Key messages", scope, (Bullets(tuple(key_messages(inputs))),))


BUILDERS: dict[str, Callable[[ReportInputs], Section]] = {
    "key-messages": key_messages_section,
    "workforce": workforce_section,
    "agency": agency_section,
    "pressure": pressure_section,
    "continuity": continuity_section,
    "academy": academy_section,
    "demand": demand_section,
    "indicators": indicators_section,
    "outlook": outlook_section,
    "data": data_section,
}


def build_document(inputs: ReportInputs) -> Report:
    """The paper from gathered inputs: the chosen sections in the paper's order."""
    options = inputs.options
    sections = tuple(BUILDERS[key](inputs) for key, _ in SECTIONS if options.wants(key))
    return Report(options.title, inputs.authority, options.as_at, options.generated_on, sections)


def build_report(db: Database, options: ReportOptions, progress: Progress = no_progress) -> Report:
    """Gather everything from ``db`` and build the paper."""
    return build_document(gather(db, options, progress))


def section_is_held(section: Section) -> bool:
    """Whether a section has figures (not just the sentence saying what to import)."""
    return not (len(section.blocks) == 1 and isinstance(section.blocks[0], Paragraph))
