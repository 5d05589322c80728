"""Property tests of ``trainer.safe_parse``: hostile TOML and JSON give a ParseError, never
another exception, and the error says on which line (and column) the trouble is."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.course.hostile import depths, huge_integers, toml_values
from trainer.safe_parse import TOO_DEEP, ParseError, parse_json, parse_toml

SETTINGS = settings(max_examples=50, deadline=None)


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    """A small document with hostile values somewhere among ordinary lines."""
    ordinary = ['a = "x"', "b = 1", "[t]", "[[q]]", "# note", ""]
    lines = draw(st.lists(st.sampled_from(ordinary), unique=True))
    for index in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(["k{}", "x{}.y", '"q{}"'])).format(index)
        line = f"{key} = {draw(toml_values)}"
        lines.insert(draw(st.integers(0, len(lines))), line)
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def _check_position(exc: ParseError, text: str) -> None:
    """The error has a line (and column) inside ``text``."""
    assert exc.line is not None, exc
    lines = text.split("\n")
    assert 1 <= exc.line <= len(lines), exc
    if exc.column is not None:
        assert 1 <= exc.column <= len(lines[exc.line - 1]) + 1, exc
    if exc.reason == "number too large":
        assert lines[exc.line - 1][exc.column - 1].isdigit()
    elif exc.reason == "values nested too deeply":
        assert lines[exc.line - 1][exc.column - 1] in "[{"


@SETTINGS
@given(toml_documents())
def test_hostile_toml_gives_a_parse_error_with_its_line(text: str) -> None:
    try:
        parse_toml(text)
    except ParseError as exc:
        _check_position(exc, text)


@SETTINGS
@given(st.text())
def test_any_text_as_toml_gives_a_table_or_a_parse_error_with_its_line(text: str) -> None:
    try:
        assert isinstance(parse_toml(text), dict)
    except ParseError as exc:
        _check_position(exc, text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f'a = "x"\nn = {"9" * 5000}\n', "number too large"),
        ("a = 1\nn = " + "[" * 100_000 + "]" * 100_000 + "\n", "values nested too deeply"),
    ],
)
def test_the_two_crashes_of_tomllib_are_parse_errors(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_toml(text)
    assert (info.value.reason, info.value.line) == (reason, 2)


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """Valid JSON, with a hostile value put in place of one of its numbers or nulls."""
    text = json.dumps(draw(json_values), indent=draw(st.sampled_from([None, 2])))
    depth = draw(depths)
    hostile = draw(
        st.one_of(
            huge_integers.filter(lambda n: "_" not in n),
            st.just("[" * depth + "]" * depth),
            st.just('{"a": ' * depth + "1" + "}" * depth),
            st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999"]),
        )
    )
    spots = [i for i, ch in enumerate(text) if ch in "0123456789n"] or [0]
    spot = draw(st.sampled_from(spots))
    return text[:spot] + hostile + text[spot:] if draw(st.booleans()) else hostile


@SETTINGS
@given(json_documents())
def test_hostile_json_gives_a_value_or_a_parse_error_with_its_line(text: str) -> None:
    try:
        parse_json(text)
    except ParseError as exc:
        _check_position(exc, text)


@SETTINGS
@given(st.text())
def test_any_text_as_json_gives_a_value_or_a_parse_error_with_its_line(text: str) -> None:
    try:
        parse_json(text)
    except ParseError as exc:
        _check_position(exc, text.removeprefix("\ufeff"))


def test_a_dotted_key_of_thousands_of_parts_is_refused_before_tomllib_chokes_on_it():
    # 30,000 parts once took tomllib over 3 GB; refused at once, at the key's start.
    text = 'title = "x"\n  mode' + ".a" * 30_000 + " = 1\n"
    with pytest.raises(ParseError) as caught:
        parse_toml(text)
    assert (caught.value.line, caught.value.column, caught.value.kind) == (2, 3, TOO_DEEP)
    assert parse_toml("a" + ".b" * 999 + " = 1")  # up to the limit, parsed as usual
