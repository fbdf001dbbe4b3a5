"""``indented_json`` writes what ``json.dumps(data, indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cswork.commands.json_text import indented_json

# Text with newlines, quotes, braces and the very separators the encoder re-indents.
texts = st.text(alphabet=st.sampled_from(["a", "é", '"', "\\", "\n", "}", "{", ",", " ", "\u2028"]))
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
keys = texts | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(keys, inner, max_size=4)
        | st.lists(st.dictionaries(texts, scalars, min_size=1, max_size=3), max_size=4)
    ),
    max_leaves=30,
)


def _same(data: Any) -> None:
    assert indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


@given(values)
def test_any_data_is_written_as_the_standard_library_writes_it(data: Any) -> None:
    _same(data)


class Colour(StrEnum):
    RED = "red"


class Rank(IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        (),
        "plain",
        math.inf,
        {"a": [], "b": {}, "c": [[]], "d": [{}]},
        [{"x": 1, "y": "}, {"}, {"x": 2, "y": None}],
        [{"x": 1}, {"x": [1, 2]}, {"x": {"z": 0.1}}],
        {"rows": [{"a": math.nan, "b": -math.inf}], "n": (1, 2)},
        {Colour.RED: Colour.RED, Rank.HIGH: [Rank.HIGH, True, 1.0]},
        {"trend": [{"team": "A", "points": [{"on": "2025-09-30", "u": 99.5}] * 3}] * 2},
    ],
)
def test_the_shapes_reports_use(data: Any) -> None:
    _same(data)


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented_json({"a": [{"b": object()}]})
    with pytest.raises(TypeError):
        indented_json({(1, 2): 0})
