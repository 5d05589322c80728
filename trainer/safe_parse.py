"""One guarded way to parse the TOML and JSON we read, whoever wrote them.

``tomllib`` and ``json`` raise more than their own decode errors on hostile input: an
integer of over 4,300 digits raises ``ValueError`` (Python's int-string limit) and
100,000 nested arrays raise ``RecursionError``. Every file we read goes through
``parse_toml`` or ``parse_json``, which turn all of these into one ``ParseError`` that
says where and why in plain words, so no caller can crash on them.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = "(at end of document)"
# Python refuses to convert integer strings longer than this (sys.int_info).
_DIGIT_LIMIT = 4300
_LONG_NUMBER = re.compile(rf"[0-9_]{{{_DIGIT_LIMIT},}}")


# tomllib's time and memory grow with the square of a dotted key's parts (a 60 KB line
# of `a.a.a…` took over 3 GB), so such keys are refused before parsing. Nothing real
# comes near: everything nested over 100 levels is refused by the readers anyway.
MAX_KEY_PARTS = 1000
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_LONG_DOTTED_KEY = re.compile(
    rf"^[ \t]*{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_KEY_PARTS},}}", re.MULTILINE
)

SYNTAX, TOO_LARGE, TOO_DEEP = "syntax", "too large", "too deep"
"""The kinds of ``ParseError``: bad syntax, a number too large, nesting too deep."""


class ParseError(ValueError):
    """A text could not be parsed; ``reason`` is plain words, ``line``/``column`` 1-based.

    ``kind`` is ``SYNTAX``, ``TOO_LARGE`` or ``TOO_DEEP``.
    """

    def __init__(
        self,
        reason: str,
        line: int | None = None,
        column: int | None = None,
        *,
        kind: str = SYNTAX,
    ) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line
        self.column = column
        self.kind = kind

    def where(self, name: str) -> str:
        """``name:line:column`` (or less, when the position is unknown)."""
        if self.line is None:
            return name
        return f"{name}:{self.line}" + (f":{self.column}" if self.column else "")


def _position_of(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _too_large(text: str) -> ParseError:
    found = _LONG_NUMBER.search(text)
    line, column = _position_of(text, found.start()) if found else (None, None)
    return ParseError("number too large", line, column, kind=TOO_LARGE)


def _too_deep(text: str) -> ParseError:
    depth = best = 0
    best_at = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > best:
                best, best_at = depth, index
        elif char in "]}":
            depth = max(0, depth - 1)
    line, column = _position_of(text, best_at) if best else (None, None)
    return ParseError("values nested too deeply", line, column, kind=TOO_DEEP)


def _beyond_limits(text: str, exc: RecursionError | ValueError) -> ParseError:
    """The ``ParseError`` for what the parsers raise past their own errors."""
    if isinstance(exc, RecursionError):
        return _too_deep(text)
    # Both parsers let the int-string limit's ValueError through unwrapped.
    if "digits" in str(exc):
        return _too_large(text)
    return ParseError(str(exc))


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML ``text``.

    Raises:
        ParseError: bad syntax (with tomllib's message and position), a number too
            large to convert, or nesting too deep to parse.
    """
    if text.count(".") > MAX_KEY_PARTS and (found := _LONG_DOTTED_KEY.search(text)):
        start = found.start() + len(found.group()) - len(found.group().lstrip(" \t"))
        line, column = _position_of(text, start)
        raise ParseError(
            f"values nested too deeply (a key of more than {MAX_KEY_PARTS} dotted parts)",
            line,
            column,
            kind=TOO_DEEP,
        )
    # Imported here: the start-up cache is JSON, and a start that reads only it should
    # not pay the 5 ms tomllib takes to import.
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if match := _TOML_AT.search(message):
            line, column = int(match.group(1)), int(match.group(2))
            raise ParseError(message[: match.start()], line, column) from None
        if message.endswith(_TOML_AT_END):
            line = max(text.count("\n"), 1)
            raise ParseError(message.removesuffix(_TOML_AT_END).strip(), line, 1) from None
        raise ParseError(message) from None
    except (RecursionError, ValueError) as exc:
        raise _beyond_limits(text, exc) from None


def _no_constant(name: str) -> Any:
    raise ParseError(f"{name} is not a number JSON allows")


def parse_json(text: str, *, standard_numbers: bool = False) -> Any:
    """Parse JSON ``text`` (a leading byte-order mark is allowed). With
    ``standard_numbers``, ``NaN`` and ``Infinity`` (which Python's json accepts and the
    standard does not) are refused.

    Raises:
        ParseError: bad syntax, a number too large to convert, or nesting too deep.
    """
    text = text.removeprefix("\ufeff")
    try:
        if standard_numbers:
            return json.loads(text, parse_constant=_no_constant)
        return json.loads(text)
    except ParseError:
        raise
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, exc.lineno, exc.colno) from None
    except (RecursionError, ValueError) as exc:
        raise _beyond_limits(text, exc) from None
