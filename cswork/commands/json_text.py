"""Indented JSON, byte for byte what ``json.dumps(data, indent=2, ensure_ascii=False)`` writes, at
the speed of the standard library's C encoder.

The standard library indents in pure Python, one generator step per value: a regional authority's
``pressure --json`` (six megabytes, 30,000 trend points) took a quarter of a second. The C encoder
cannot indent, but it can separate items with any text. So every container whose items are all
plain values is encoded by C with ``",\\n" + the indent`` as its separator, and so is every list of
such containers (the trend points, the worker lists), whose separators between one record and the
next are then re-indented. No raw newline can occur inside an encoded string (it is written
``\\n``), so a newline in the output is always a separator and the re-indenting cannot touch data.
Containers holding containers are laid out here, as the standard library lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

_CONTAINERS = (dict, list, tuple)
_INDENT = 2


def _not_serialisable(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


@cache
def _encoder(level: int) -> Callable[[Any, int], list[str]]:
    """The C encoder that separates items with a newline and the indent of ``level``."""
    if c_make_encoder is None:  # pragma: no cover - CPython always has the C encoder
        raise RuntimeError("the C JSON encoder is not available")
    return c_make_encoder(  # type: ignore[no-any-return]
        None,
        _not_serialisable,
        encode_basestring,
        None,
        ": ",
        ",\n" + " " * (_INDENT * level),
        False,
        False,
        True,
    )


def _flat(values: Iterable[Any]) -> bool:
    return not any(isinstance(value, _CONTAINERS) for value in values)


def _records(items: Iterable[Any]) -> bool:
    """Whether every item is a non-empty dict of plain values."""
    return all(type(item) is dict and item and _flat(item.values()) for item in items)


def indented_json(data: Any) -> str:
    """``data`` as JSON indented by two spaces, non-ASCII kept: ``json.dumps(data, indent=2,
    ensure_ascii=False)`` to the byte (tested against it), several times faster on large data."""
    out: list[str] = []
    write = out.append

    def encode(value: Any, level: int) -> None:
        if isinstance(value, dict):
            items: Iterable[Any] = value.values()
        elif isinstance(value, list | tuple):
            items = value
        else:
            write("".join(_encoder(level)(value, 0)))
            return
        if not value:
            write("{}" if isinstance(value, dict) else "[]")
            return
        outer, inner = "\n" + " " * (_INDENT * level), "\n" + " " * (_INDENT * (level + 1))
        if _flat(items):
            text = "".join(_encoder(level + 1)(value, 0))
            write(text[0] + inner + text[1:-1] + outer + text[-1])
            return
        if not isinstance(value, dict) and _records(items):
            # Records separated by "},\n" + the inner records' indent: give each its own lines.
            deeper = "\n" + " " * (_INDENT * (level + 2))
            text = "".join(_encoder(level + 2)(value, 0))
            between = "}," + deeper + "{"
            body = text[2:-2].replace(between, inner + "}," + inner + "{" + deeper)
            write("[" + inner + "{" + deeper + body + inner + "}" + outer + "]")
            return
        separator = inner
        if isinstance(value, dict):
            write("{")
            for key, item in value.items():
                write(separator)
                separator = "," + inner
                write(_encoder(0)({key: 0}, 0)[0][1:-4])  # the key as C converts it
                write(": ")
                encode(item, level + 1)
            write(outer + "}")
        else:
            write("[")
            for item in value:
                write(separator)
                separator = "," + inner
                encode(item, level + 1)
            write(outer + "]")

    encode(data, 0)
    return "".join(out)
