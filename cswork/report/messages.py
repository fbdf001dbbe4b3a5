"""Key messages: five to eight sentences with figures and direction of travel.

Every figure is formatted from the same ``--json`` figures, by the same :mod:`cswork.report.text`
functions, as the section tables show, so each number a sentence states is a number in a table.
A sentence whose data is not held is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cswork.report import text
from cswork.report.inputs import ReportInputs
from cswork.report.outlook import band_text, cost_difference_sentence, month_label
from cswork.report.workforce import difference

Message = Callable[[ReportInputs], str | None]


def _direction(now: float | None, then: float | None, span: str) -> str:
    return f"{text.movement(difference(now, then))} {span}"


def _against_england(
    inputs: ReportInputs, key: str, show: Callable[[Any], str], joiner: str = ", against"
) -> str:
    """The England figure beside ours (", against 14.2 % for England"), or a plain word that no
    England figure is held for the date's census year."""
    england = inputs.now.figures["england"]
    if england is None or england.get(key) is None:
        return " (no England figure for this census year)"
    return f"{joiner} {show(england[key])} for England"


def vacancy_message(inputs: ReportInputs) -> str | None:
    """The vacancy rate against England, and its change in the month and the year."""
    rate = inputs.now.figures["vacancy_rate"]
    if rate is None:
        return None
    month = _direction(rate, inputs.month_earlier.figures["vacancy_rate"], "in the month")
    year = _direction(rate, inputs.year_earlier.figures["vacancy_rate"], "over the year")
    return (
        f"The vacancy rate is {text.pct(rate)}"
        f"{_against_england(inputs, 'vacancy_rate', text.pct)}; it {month} and {year}."
    )


def agency_message(inputs: ReportInputs) -> str | None:
    """Agency FTE and rate against England, and the rate's change over the year."""
    now = inputs.now.figures
    if now["agency_rate"] is None:
        return None
    year = _direction(
        now["agency_rate"], inputs.year_earlier.figures["agency_rate"], "over the year"
    )
    return (
        f"Agency workers fill {text.fte(now['agency_fte'])} FTE, an agency rate of "
        f"{text.pct(now['agency_rate'])}{_against_england(inputs, 'agency_rate', text.pct, ' against')}; "
        f"the rate {year}."
    )


def turnover_message(inputs: ReportInputs) -> str | None:
    """Turnover against England and a year earlier."""
    now, england = inputs.now.figures, inputs.now.figures["england"] or {}
    then = inputs.year_earlier.figures["turnover_rate"]
    if now["turnover_rate"] is None:
        return None
    earlier = f", against {text.pct(then)} a year earlier" if then is not None else ""
    return (
        f"Turnover in the year to {text.day(inputs.now.as_at)} was {text.pct(now['turnover_rate'])}"
        + (f" (England {text.pct(england['turnover_rate'])})" if england else "")
        + f"{earlier}."
    )


def caseload_message(inputs: ReportInputs) -> str | None:
    """The DfE caseload against England, workers over capacity and NQSW breaches."""
    now = inputs.now.figures
    if now["caseload"] is None:
        return None
    sentence = (
        f"The average caseload is {text.one_place(now['caseload'])} cases per case-holding FTE"
        f"{_against_england(inputs, 'caseload', text.one_place)}"
    )
    if inputs.pressure is None:
        return sentence + "."
    over = inputs.pressure_figures["total"]["workers_over_capacity"]
    breaches = len(inputs.pressure.breaches)
    verb = "is" if over == 1 else "are"
    return (
        f"{sentence}; {text.plural(over, 'worker')} {verb} over capacity and "
        f"{text.plural(breaches, 'NQSW')} in the protected year "
        f"{'has' if breaches == 1 else 'have'} a breach of protection."
    )


def academy_message(inputs: ReportInputs) -> str | None:
    """Starters since the first cohort, and retention at 12 months."""
    if inputs.cohorts is None or inputs.cohorts.since is None:
        return None
    totals = inputs.cohort_figures["totals"]
    starters = totals["starters"]
    noun = (
        "newly qualified social worker has"
        if starters == 1
        else ("newly qualified social workers have")
    )
    sentence = (
        f"{text.count(starters)} {noun} joined the academy since {text.month(inputs.cohorts.since)}"
    )
    twelve = totals["retention"].get("12")
    if twelve is None:
        return sentence + "."
    return f"{sentence}; {text.pct(twelve)} were still in post after 12 months."


def _demand_words(measure: dict[str, Any]) -> str:
    change = measure["change_pct"]
    if change is None:
        return ""
    if change == 0:
        return ", unchanged"
    return f", {'up' if change > 0 else 'down'} {text.pct(abs(change))}"


def _demand_sentence(measure: dict[str, Any]) -> str:
    return (
        f"{text.count(measure['value'])} {measure['label'].lower()} in "
        f"{month_label(measure['month'])}, compared with {text.count(measure['base_value'])} in "
        f"{month_label(measure['base_month'])}{_demand_words(measure)}"
    )


def demand_message(inputs: ReportInputs) -> str | None:
    """Referrals (or the first measure) against the base month, and the largest other change."""
    measures = [
        m
        for m in inputs.demand_figures.get("measures", [])
        if m["value"] is not None
        and m["base_value"] is not None
        and not any(ch.isdigit() for ch in m["label"])
    ]
    if not measures:
        return None
    lead = next((m for m in measures if m["measure"] == "referrals"), measures[0])
    others = [m for m in measures if m is not lead and m["change_pct"] is not None]
    sentence = _demand_sentence(lead)
    if others:
        mover = max(others, key=lambda m: abs(m["change_pct"]))
        sentence += f"; {_demand_sentence(mover)}"
    return sentence[0].upper() + sentence[1:] + "."


def indicators_message(inputs: ReportInputs) -> str | None:
    """How many indicators are green, amber and red."""
    statuses = [i["rag"] for i in inputs.indicator_figures.get("indicators", [])]
    if not statuses:
        return None
    parts = [
        f"{text.count(statuses.count('green'))} green (on target)",
        f"{text.count(statuses.count('amber'))} amber",
        f"{text.count(statuses.count('red'))} red",
    ]
    return f"Of {text.plural(len(statuses), 'performance indicator')}, {', '.join(parts[:2])} and {parts[2]}."


def outlook_message(inputs: ReportInputs) -> str | None:
    """The projected vacancy rate and monthly cost at the horizon; with a comparison, the cost
    difference."""
    if not inputs.projections:
        return None
    first = inputs.projections[0]
    last = first.rows[-1]
    sentence = (
        f"On scenario '{first.result.scenario}', by {month_label(last['month'])} the vacancy rate "
        f"is projected at {band_text(last['vacancy_rate'], text.pct)} and the monthly cost at "
        f"{band_text(last['cost'], text.money)} (median, then the likely range)"
    )
    if len(inputs.projections) > 1:
        sentence += "; " + cost_difference_sentence(inputs)
    return sentence + "."


MESSAGES: tuple[Message, ...] = (
    vacancy_message,
    agency_message,
    turnover_message,
    caseload_message,
    academy_message,
    demand_message,
    indicators_message,
    outlook_message,
)


def key_messages(inputs: ReportInputs) -> list[str]:
    """The key messages the data supports, in order (at most eight)."""
    return [m for m in (message(inputs) for message in MESSAGES) if m]
