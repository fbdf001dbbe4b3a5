"""What a label read from a file (a team, a reference, a cohort, a supplier ...) may be.

The rule for all user text (:func:`cswork.model.usertext.text_problem`: no control characters, at
most 200 characters), and two more for labels coming in: no invisible characters, which would make
two names that look the same into two teams or two workers, and no Excel error saved as text
(#N/A), which is no name at all.
"""

from __future__ import annotations

import unicodedata

from cswork.model.usertext import text_problem

#: Excel's error values, as a CSV saved from a sheet holds them: never a team, cohort or name.
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#REF!",
        "#VALUE!",
        "#DIV/0!",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#GETTING_DATA",
    }
)
EXCEL_ERROR_TEXT = (
    "is an Excel error, not a value (a lookup that found nothing, a broken reference?): fix it "
    "in the workbook, then save the file again"
)


def label_problem(value: str) -> str | None:
    """Why ``value`` is refused as a label (a team, a reference, a cohort ...): a control
    character or too long (:func:`~cswork.model.usertext.text_problem`), an invisible character
    (a zero-width space pasted in with it), which would make two names that look the same into
    two teams or two workers, or an Excel error saved as text (#N/A); ``None`` if it is a plain
    label."""
    if value in EXCEL_ERRORS:
        return EXCEL_ERROR_TEXT
    reason = text_problem(value)
    if reason is None and not value.isprintable():
        for char in value:
            if unicodedata.category(char) == "Cf":
                return (
                    f"contains an invisible character (U+{ord(char):04X}), so it would differ "
                    "from the same name without it; remove it"
                )
    return reason
