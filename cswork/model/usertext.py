"""The one rule for user text (team names, references, labels, file names, scenario names).

User text is data: it is never read as Rich markup or as terminal control. Control characters
(C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional embedding, override
and isolate controls are refused where text comes in (:func:`text_problem`), with labels of at most
:data:`MAX_LABEL` characters; text already stored, or named on a command line, is made printable
before it is shown (:func:`printable`). Escaping for Rich markup is the render layer's job.
"""

from __future__ import annotations

import re

#: The longest label an import accepts (team, reference, cohort, supplier ...).
MAX_LABEL = 200

#: Characters that move the cursor, change the terminal or reorder text as it is displayed.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
)
_NAMES = {
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
}


def control_name(char: str) -> str:
    """How a control character is named in an error: ``ESC``, ``tab``, ``U+009B`` ..."""
    return _NAMES.get(char, f"U+{ord(char):04X}")


def first_control(value: str) -> str | None:
    """The first control character in ``value``, or ``None``."""
    if value.isprintable():  # fast path: printable text has no control characters
        return None
    found = _CONTROL.search(value)
    return found.group() if found else None


def text_problem(value: str, limit: int | None = MAX_LABEL) -> str | None:
    """Why ``value`` is refused as user text (a control character, too long), or ``None``.

    The reason never repeats the value, which may itself be hostile.
    """
    char = first_control(value)
    if char is not None:
        return (
            f"contains a control character ({control_name(char)}); "
            "labels must be plain text on one line"
        )
    if limit is not None and len(value) > limit:
        return f"is {len(value):,} characters long; labels may have at most {limit}"
    return None


_CONTROL_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
)


def printable(value: str, *, keep_newlines: bool = False) -> str:
    """``value`` with every control character replaced by U+FFFD, safe to show in a terminal.

    ``keep_newlines`` keeps line breaks, for text laid out in lines (a report, a message).
    """
    if value.isprintable():
        return value
    pattern = _CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL
    return pattern.sub("\ufffd", value)
