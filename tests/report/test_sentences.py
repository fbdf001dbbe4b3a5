"""Golden key messages on a small hand-built authority, and sections without data: each is left out
with one sentence saying what to import."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.report.build import build_document, section_is_held
from cswork.report.document import Paragraph
from cswork.report.inputs import ReportOptions, gather
from cswork.report.messages import (
    agency_message,
    caseload_message,
    demand_message,
    indicators_message,
    turnover_message,
    vacancy_message,
)
from cswork.store import Database
from tests.report.small import fill

AS_AT = date(2025, 9, 30)
OPTIONS = ReportOptions(as_at=AS_AT, generated_on=date(2025, 10, 1), runs=1)


def test_golden_key_messages(db: Database) -> None:
    # 4 funded posts; E1 1.0 and E2 0.5 in post, E3 1.0 left on 31 March 2025; A1 1.0 agency.
    # Now: vacancy 4 - 1.5 = 2.5 FTE, 2.5 / 4 = 62.5 %; a year ago 1.5 / 4 = 37.5 %.
    # Agency 1.0 / 2.5 = 40.0 %; turnover 1.0 / 1.5 = 66.7 %; caseload 41 cases / 2.5 FTE.
    # E1: (18 + 4 × 1.5) / 20 = 120 % of capacity. Referrals (613 - 279) / 279 = +119.7 %.
    inputs = gather(fill(db, demand=True), OPTIONS)
    assert vacancy_message(inputs) == (
        "The vacancy rate is 62.5 %, against 14.2 % for England; it was unchanged in the month "
        "and rose 25.0 points over the year."
    )
    assert agency_message(inputs) == (
        "Agency workers fill 1.0 FTE, an agency rate of 40.0 % against 13.0 % for England; the "
        "rate rose 40.0 points over the year."
    )
    assert turnover_message(inputs) == (
        "Turnover in the year to 30 September 2025 was 66.7 % (England 11.8 %), against 0.0 % a "
        "year earlier."
    )
    assert caseload_message(inputs) == (
        "The average caseload is 16.4 cases per case-holding FTE, against 15.2 for England; "
        "1 worker is over capacity and 0 NQSWs in the protected year have a breach of protection."
    )
    assert demand_message(inputs) == (
        "613 referrals in September 2025, compared with 279 in September 2024, up 119.7 %; "
        "1,100 contacts in September 2025, compared with 1,000 in September 2024, up 10.0 %."
    )
    assert indicators_message(inputs) == (
        "Of 2 performance indicators, 1 green (on target), 0 amber and 1 red."
    )


def test_sections_without_data_are_left_out_with_one_sentence(db: Database) -> None:
    inputs = gather(fill(db, demand=False), OPTIONS)
    assert demand_message(inputs) is None
    assert indicators_message(inputs) is None
    document = build_document(inputs)
    empty = {s.key: s for s in document.sections if not section_is_held(s)}
    assert set(empty) == {"continuity", "academy", "demand", "indicators"}
    for section in empty.values():
        (sentence,) = section.blocks
        assert isinstance(sentence, Paragraph)
        assert "import" in sentence.text and "'cswork import " in sentence.text
    (messages,) = next(s for s in document.sections if s.key == "key-messages").blocks
    assert 5 <= len(messages.items) <= 8  # type: ignore[union-attr]


def test_a_store_without_agency_says_what_to_import(db: Database) -> None:
    fill(db, demand=False)
    db.execute("DELETE FROM role_spells WHERE contract = 'agency'")
    document = build_document(gather(db, OPTIONS))
    agency = next(s for s in document.sections if s.key == "agency")
    assert not section_is_held(agency)
    assert "No agency worker is in post on 30 September 2025" in agency.blocks[0].text  # type: ignore[union-attr]


def test_a_paper_as_at_a_past_date_leaves_out_later_indicator_values(db: Database) -> None:
    fill(db, demand=True)
    document = build_document(gather(db, ReportOptions(as_at=date(2025, 8, 31), runs=1)))
    indicators = next(s for s in document.sections if s.key == "indicators")
    assert not section_is_held(indicators)
    assert "held up to August 2025" in indicators.blocks[0].text  # type: ignore[union-attr]


@pytest.mark.usefixtures("england_without_2024")
def test_a_date_without_an_england_figure_says_so_instead_of_borrowing_another_year(
    db: Database,
) -> None:
    # 31 August 2025 falls in the census year of 30 September 2024, whose England row is not held.
    inputs = gather(fill(db, demand=True), ReportOptions(as_at=date(2025, 8, 31), runs=1))
    assert inputs.now.figures["england"] is None
    assert "(no England figure for this census year)" in (vacancy_message(inputs) or "")
    assert "England" not in (turnover_message(inputs) or "")
    document = build_document(inputs)
    workforce = next(s for s in document.sections if s.key == "workforce")
    assert "no England figure is held" in workforce.scope
