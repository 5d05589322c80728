"""Plain-words explanations of TOML syntax errors, placed where the fix goes.

tomllib says where it gave up, in a parser's terms ("Illegal character '\\n'",
"Unclosed array"), often a line after the mistake. :func:`explain` scans the text again
up to that point and, for the mistakes instructors make most (text not closed on its
line, curly quotes, a ``"`` inside text, a list missing a comma or its ``]``, text
without quotes), says what is wrong, shows the fix and points where it goes. Anything
else is left to tomllib's own message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

_OPEN_DOUBLE, _CLOSE_DOUBLE = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
_OPEN_SINGLE, _CLOSE_SINGLE = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
CURLY_QUOTES = (
    f"{_OPEN_DOUBLE}{_CLOSE_DOUBLE}\N{DOUBLE LOW-9 QUOTATION MARK}"
    f"{_OPEN_SINGLE}{_CLOSE_SINGLE}\N{SINGLE LOW-9 QUOTATION MARK}"
)
"""Typographic quotes that word processors and "smart quotes" put where TOML needs ``"``."""

_KEY, _KEY_MORE, _KEY_DOT, _VALUE, _AFTER = range(5)
"""What the scanner expects next: a key, ``.`` or ``=`` after a key part, a key part
after ``.``, a value, or what may follow a value (a newline, ``,`` or a closing bracket)."""

_SPACE = re.compile(r"[ \t]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(
    r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?"
    r"|[A-Za-z0-9_:+.-]+"
)
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\[^\n])*"|'[^'\n]*')"""
_HEADER = re.compile(rf"\[\[?[ \t]*{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*[ \t]*\]\]?")
# A line that starts a new statement: inside an open list it means the list's `]` is
# missing. Header keys must start with a letter, so a one-item list such as [1] is not one.
_STATEMENT = re.compile(
    rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*[ \t]*=(?!=)"
    r"|\[\[?[ \t]*[A-Za-z_][A-Za-z0-9_.-]*[ \t]*\]"
)
_VALUE_START = re.compile(r"""["'\[{0-9+-]|(?:true|false|inf|nan)\b""")
_CURLY_CLOSE_AT_END = re.compile(
    f"[{_OPEN_DOUBLE}{_CLOSE_DOUBLE}{_OPEN_SINGLE}{_CLOSE_SINGLE}]" + r"(?=[ \t,\]}]*(?:#.*)?$)"
)
_YES_NO = {"yes", "no", "y", "n", "on", "off"}
# tomllib's errors about what the TOML means (a key given twice) or inside one value (a
# bad escape or date): where tomllib stopped is right, and the structure around it may
# look like a mistake of ours that is not there.
_NOT_OURS = ("Cannot ", "Duplicate ", "Unescaped ", "Invalid hex", "Escaped ", "Invalid date")
_SHOWN = 40
"""Longest text quoted back in a message before it is cut with "…"."""


class Hint(NamedTuple):
    """A better message for a syntax error, and the line and column of its fix (1-based)."""

    line: int
    col: int
    message: str


@dataclass
class _Open:
    """A list ``[`` or a table in braces ``{`` that is not closed yet."""

    bracket: str
    at: int
    key: str | None
    last_end: int
    """Just after its last item or comma (or its opening bracket): where ``]`` would go."""
    item: tuple[int, int] | None = None

    @property
    def closer(self) -> str:
        return "]" if self.bracket == "[" else "}"


@dataclass
class _Scan:
    """Where the scanner stopped and what it had seen just before."""

    stop: int
    state: int = _KEY
    stack: list[_Open] = field(default_factory=list)
    key: str | None = None
    """The key whose value comes next, or came last, as written."""
    key_span: tuple[int, int] = (0, 0)
    value: tuple[int, int] | None = None
    unclosed: int | None = None
    """Where a string opens that is never closed (on its line, or at all for ``\"\"\"``)."""


def explain(text: str, line: int, col: int, reason: str, first_line: int = 1) -> Hint | None:
    """A plain-words message for tomllib's syntax error ``reason`` at ``line``:``col``.

    ``line`` and ``col`` are 1-based in ``text``, as ``parse_toml`` reports them (an
    error at the end of the document comes as the last line, column 1); ``first_line``
    is the line of ``text``'s first line in its file. Returns None when the error is not
    one this module knows, so tomllib's message stands.
    """
    starts = _line_starts(text)
    if not 1 <= line <= len(starts):
        return None
    if (said := _named_errors(text, starts, line, col, reason)) is not None:
        return Hint(said.line + first_line - 1, said.col, said.message)
    if reason.startswith(_NOT_OURS):
        return None
    stop = min(starts[line - 1] + max(col, 1) - 1, len(text))
    scan = _scan(text, stop, False)
    found = None if scan is None else _explain(text, scan, first_line)
    # parse_toml reports "at end of document" as the last line's column 1, which is also
    # a real place: when nothing is wrong there, look for what is left open at the end.
    if found is None and (line, col) == (max(text.count("\n"), 1), 1):
        scan = _scan(text, len(text), True)
        if scan is None or (scan.unclosed is None and scan.stop < stop):
            return None
        found = _explain(text, scan, first_line)
    if found is None:
        return None
    offset, message = found
    hint_line, hint_col = _line_col(text, offset)
    return Hint(hint_line + first_line - 1, hint_col, message)


_KEY_AT_LINE = re.compile(
    r"\s*((?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*'))*)\s*="
)


def _named_errors(text: str, starts: list[int], line: int, col: int, reason: str) -> Hint | None:
    """Errors tomllib names well enough to say plainly: a key or table given twice, and a
    backslash read as an escape (Windows paths)."""
    start = starts[line - 1]
    end = text.find("\n", start)
    source = text[start : end if end >= 0 else len(text)]
    if reason.startswith("Cannot overwrite a value"):
        repeat = _repeated_key(text, starts, len(starts))  # tomllib stops at the first
        if repeat is None:
            return None
        repeat_line, repeat_col, key = repeat
        return Hint(
            repeat_line,
            repeat_col,
            f"`{key}` is given twice in the same table: TOML allows each key once, so keep "
            "one (in a quiz, each question starts with its own `[[questions]]`)",
        )
    if reason.startswith("Cannot declare"):
        header = source.strip()
        return Hint(
            line,
            source.find("[") + 1,
            f"the table `{header}` is declared twice: put its keys under the first one",
        )
    if reason.startswith(("Invalid hex value", "Unescaped '\\'")) or "escape" in reason.lower():
        backslash = source.rfind("\\", 0, max(col - 1, 0) + 1)
        return Hint(
            line,
            (backslash if backslash >= 0 else col - 1) + 1,
            'a backslash `\\` in "…" text starts an escape such as `\\n`: write `\\\\` for '
            "a backslash, or put the text in single quotes, `'C:\\Users'`, where it is "
            "taken as written",
        )
    return None


def _repeated_key(text: str, starts: list[int], up_to: int) -> tuple[int, int, str] | None:
    """The second place of the first key given twice in one table, up to line ``up_to``
    (tomllib's line for this error is where it noticed, not always the repeat)."""
    seen: set[str] = set()
    for number in range(1, min(up_to, len(starts)) + 1):
        start = starts[number - 1]
        end = text.find("\n", start)
        source = text[start : end if end >= 0 else len(text)]
        if source.lstrip().startswith("["):
            seen = set()  # a new table
            continue
        found = _KEY_AT_LINE.match(source)
        if found is None:
            continue
        key = re.sub(r"\s+", "", found.group(1))
        if key in seen:
            return number, found.start(1) + 1, found.group(1).strip()
        seen.add(key)
    return None


# ---------------------------------------------------------------------------- scanning


def _scan(text: str, stop: int, to_end: bool) -> _Scan | None:
    """Follow the TOML structure up to ``stop``.

    The text before tomllib's error is valid TOML, so a token this scanner cannot place
    before ``stop`` means it misread something: None then. With ``to_end`` (tomllib
    said "end of document", whose real place ``parse_toml`` does not keep) the scan
    runs on and stops at the first such token instead.
    """
    scan = _Scan(stop)
    i = 0
    while i < stop:
        if space := _SPACE.match(text, i):
            i = space.end()
            continue
        top = scan.stack[-1] if scan.stack else None
        ch = text[i]
        end: int | None = None
        if ch == "\n" or text.startswith("\r\n", i):
            if top is None and scan.state in (_KEY, _AFTER):
                scan.state = _KEY
            elif top is None or top.bracket == "{":
                return _misread(scan, i, to_end)
            end = i + (1 if ch == "\n" else 2)
        elif ch == "#":
            if top is not None and top.bracket == "{":
                return _misread(scan, i, to_end)
            newline = text.find("\n", i)
            end = len(text) if newline < 0 else newline
        elif ch in "\"'":
            end = _string_end(text, i)
            if end is None:
                return _unclosed(scan, text, i, to_end)
            if end > stop:
                return None  # the error is inside this string (a bad escape, say)
            if not _take_text(scan, i, end):
                return _misread(scan, i, to_end)
        else:
            end = _punctuation(scan, text, i, top)
            if end is None:
                return _misread(scan, i, to_end)
            if end > stop:
                return None  # inside a number, date or header: not one of ours
        i = end
    scan.stop = stop
    return scan


def _misread(scan: _Scan, at: int, to_end: bool) -> _Scan | None:
    if not to_end:
        return None
    scan.stop = at
    return scan


def _unclosed(scan: _Scan, text: str, at: int, to_end: bool) -> _Scan | None:
    """The scan up to a string that is never closed, if tomllib stopped on it too."""
    newline = text.find("\n", at)
    if not to_end and not text.startswith(text[at] * 3, at) and 0 <= newline < scan.stop:
        return None  # tomllib read past the end of that line: this is not its error
    scan.unclosed = at
    scan.stop = at
    return scan


def _string_end(text: str, at: int) -> int | None:
    """The end of the string opening at ``at``, or None when it is never closed."""
    quote = text[at]
    if text.startswith(quote * 3, at):
        close = at + 3
        while True:
            close = text.find(quote * 3, close)
            if close < 0:
                return None
            backslashes = 0
            while quote == '"' and text[close - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                break
            close += 1
        end = close + 3
        # Up to two more quotes right before the closing three belong to the text.
        while end < close + 5 and text.startswith(quote, end):
            end += 1
        return end
    match = (_BASIC if quote == '"' else _LITERAL).match(text, at)
    return match.end() if match else None


def _take_text(scan: _Scan, start: int, end: int) -> bool:
    """Take a quoted key part or text value; False when neither fits here."""
    if scan.state in (_KEY, _KEY_DOT):
        _key_part(scan, start, end)
        return True
    if scan.state == _VALUE:
        _complete(scan, start, end)
        return True
    return False


def _key_part(scan: _Scan, start: int, end: int) -> None:
    scan.key_span = (start if scan.state == _KEY else scan.key_span[0], end)
    scan.state = _KEY_MORE


def _complete(scan: _Scan, start: int, end: int) -> None:
    """A whole value has been read from ``start`` to ``end``."""
    scan.value = (start, end)
    scan.state = _AFTER
    if scan.stack:
        scan.stack[-1].item = (start, end)
        scan.stack[-1].last_end = end


def _punctuation(scan: _Scan, text: str, i: int, top: _Open | None) -> int | None:
    """Take the bracket, separator, bare key or bare value at ``i``; its end, or None."""
    ch = text[i]
    state = scan.state
    if state == _VALUE and ch in "[{":
        key = scan.key if top is None or top.bracket == "{" else top.key
        scan.stack.append(_Open(ch, i, key, i + 1))
        scan.state = _VALUE if ch == "[" else _KEY
        return i + 1
    if (
        top is not None
        and ch == top.closer
        and (state == _AFTER or (state == (_VALUE if ch == "]" else _KEY)))
    ):
        scan.stack.pop()
        _complete(scan, top.at, i + 1)
        return i + 1
    if state == _VALUE:
        match = _SCALAR.match(text, i)
        if match is None:
            return None
        _complete(scan, i, match.end())
        return match.end()
    if state == _KEY and ch == "[" and top is None:
        match = _HEADER.match(text, i)
        if match is None:
            return None
        scan.state, scan.key, scan.value = _AFTER, None, None
        return match.end()
    if state in (_KEY, _KEY_DOT):
        match = _BARE_KEY.match(text, i)
        if match is None:
            return None
        _key_part(scan, i, match.end())
        return match.end()
    if state == _KEY_MORE and ch in ".=":
        if ch == "=":
            scan.key = text[scan.key_span[0] : scan.key_span[1]]
        scan.state = _KEY_DOT if ch == "." else _VALUE
        return i + 1
    if state == _AFTER and top is not None and ch == ",":
        top.last_end = i + 1
        scan.state = _VALUE if top.bracket == "[" else _KEY
        return i + 1
    return None


# ---------------------------------------------------------------------------- explaining


def _explain(text: str, scan: _Scan, first_line: int) -> tuple[int, str] | None:
    """Where the fix goes (an offset in ``text``) and what to say, for what ``scan`` saw."""
    if scan.unclosed is not None:
        return _not_closed(text, scan)
    at = scan.stop
    if at < len(text) and text[at] in CURLY_QUOTES:
        return at, _curly(text, at)
    top = scan.stack[-1] if scan.stack else None
    if top is None:
        return _at_top(text, scan)
    if top.bracket == "[":
        return _in_list(text, scan, first_line)
    return _in_table(text, scan, top)


def _not_closed(text: str, scan: _Scan) -> tuple[int, str]:
    """A string opened and never closed: on its line, or (``\"\"\"``) at all."""
    at = scan.unclosed if scan.unclosed is not None else scan.stop
    quote = text[at]
    triple = quote * 3
    owner = scan.stack[0].key if scan.stack else scan.key
    what = f"the text of `{owner}`" if owner and scan.state == _VALUE else "this text"
    if text.startswith(triple, at):
        return at, f"{what} opened with `{triple}` is never closed: end it with `{triple}`"
    body = text[at + 1 : _line_end(text, at)].rstrip("\r")
    curly = _CURLY_CLOSE_AT_END.search(body)
    # A closing curly quote after an opening one is a quotation inside the text.
    single = curly is not None and curly.group() in (_OPEN_SINGLE, _CLOSE_SINGLE)
    if curly and (_OPEN_SINGLE if single else _OPEN_DOUBLE) not in body[: curly.start()]:
        inner = body[: curly.start()]
        return at + 1 + curly.start(), (
            f"`{curly.group()}` is a curly (typographic) quote, so it does not end the text: "
            f"TOML needs a straight `{quote}`, as in `{_quote(inner, quote)}`"
        )
    return at, (
        f"{what} is not closed on its line: end it with `{quote}` on the same line, "
        f"or for text over several lines use triple quotes, `{triple}…{triple}`"
    )


def _curly(text: str, at: int) -> str:
    """Curly quotes where TOML needs straight ones."""
    end = _line_end(text, at)
    close = next((j for j in range(at + 1, end) if text[j] in CURLY_QUOTES + '"'), None)
    if close is None:
        return f'`{text[at]}` is a curly (typographic) quote: TOML needs straight quotes, `"`'
    inner = text[at + 1 : close]
    return (
        "curly (typographic) quotes: TOML needs straight ones, so write "
        f"`{text[at]}{_short(inner)}{text[close]}` as `{_quote(inner)}`"
    )


def _at_top(text: str, scan: _Scan) -> tuple[int, str] | None:
    at = scan.stop
    if scan.state == _AFTER:
        if text[at : at + 1] == "," and scan.value is not None:
            start = scan.value[0]
            items = text[start : _line_end(text, start)].split("#", 1)[0].rstrip(" \t\r]")
            return start, (
                f"several values need square brackets around them, as a list: "
                f"`{scan.key} = [{_short(items)}]`"
            )
        return _ends_early(text, scan, "")
    if scan.state != _VALUE:
        return None
    if text[at : at + 1] in ("", "\n", "\r", "#"):
        return at, (
            f"`{scan.key} =` has no value: write one after the `=`, such as text in quotes, "
            "a number, or true or false"
        )
    return _unquoted(text, scan, "")


def _in_list(text: str, scan: _Scan, first_line: int) -> tuple[int, str] | None:
    at = scan.stop
    top = scan.stack[-1]
    line_start = text.rfind("\n", 0, at) + 1
    first = _SPACE.match(text, line_start)
    first_at = first.end() if first else line_start
    # A statement starting the line tomllib stopped on (or nothing more at all) means the
    # lists opened on earlier lines were never closed; any opened on this line are the
    # statement misread as values.
    earlier = [o for o in scan.stack if o.at < line_start]
    if _BLANK.fullmatch(text, at) or (
        earlier and first_at <= at and _STATEMENT.match(text, first_at)
    ):
        unclosed = earlier or scan.stack
        target = unclosed[-1]
        closers = "".join(o.closer for o in reversed(unclosed))
        name = f"the list `{target.key}`" if target.key else "a list"
        opened = _line_col(text, unclosed[0].at)[0] + first_line - 1
        where = "after its last item" if target.last_end > target.at + 1 else "to close it"
        return target.last_end, (
            f"{name}, opened on line {opened}, has no closing `{closers}`: put `{closers}` {where}"
        )
    name = f"the list `{top.key}`" if top.key else "this list"
    if scan.state == _VALUE:
        return _unquoted(text, scan, ",]")
    if scan.state != _AFTER or top.item is None:
        return None
    start, end = top.item
    spaced = at > end
    if not (spaced and text[at] in "\"'") and (early := _ends_early(text, scan, ",]")):
        return early
    if spaced and _VALUE_START.match(text, at):
        item, after = _short(text[start:end]), _short(_token(text, at))
        return end, (
            f"missing comma between `{item}` and `{after}` in {name}: write `{item}, {after}`"
        )
    return top.at, f"{name} needs a comma between its items, or a `]` to close it"


def _in_table(text: str, scan: _Scan, top: _Open) -> tuple[int, str] | None:
    at = scan.stop
    ch = text[at : at + 1]
    name = f"`{top.key} = {{ … }}`" if top.key else "this table in braces"
    if ch in ("", "\n", "\r"):
        if scan.state == _AFTER and scan.value is not None:
            return scan.value[1], (
                f"{name} is not closed on its line: put `}}` at the end of the line "
                "(a table in braces must be on one line)"
            )
        if scan.state == _KEY:
            also = ""
            if top.key and top.key.rsplit(".", 1)[-1].strip() == "feedback":
                also = ", or write each note on its own line under `[questions.feedback]`"
            return top.at, f"a table in braces, `{{ … }}`, must be written on one line{also}"
        return None
    if scan.state == _VALUE:
        return _unquoted(text, scan, ",}")
    if scan.state != _AFTER or scan.value is None:
        return None
    end = scan.value[1]
    if at > end and (ch in "\"'" or _BARE_KEY.match(text, at)):
        return end, f"missing comma in {name}: its entries are separated by commas"
    return _ends_early(text, scan, ",}")


def _ends_early(text: str, scan: _Scan, separators: str) -> tuple[int, str] | None:
    """A quote inside text that ends it early: ``"The "long" stroke"``, ``'It's'``."""
    at = scan.stop
    if scan.value is None:
        return None
    start, end = scan.value
    quote = text[start]
    ch = text[at : at + 1]
    if (
        quote not in "\"'"
        or text.startswith(quote * 3, start)
        or "\n" in text[end:at]
        or ch in ("", "\n", "\r", "#")
    ):
        return None
    line_end = _line_end(text, at)
    rest = text[at:line_end]
    if separators:
        cut = min((p for p in map(rest.find, separators) if p >= 0), default=len(rest))
        if not (at == end and ch == quote) and not 0 <= rest.find(quote) < cut:
            return None
        meant = re.search(rf"{quote}(?=[ \t]*(?:[{re.escape(separators)}]|$))", rest)
    else:
        ends = list(re.finditer(rf"{quote}(?=[ \t]*(?:#.*)?$)", rest))
        meant = ends[-1] if ends else None
    inner = text[start + 1 : at + meant.start()] if meant else None
    if quote == "'":
        if inner is None and not separators:
            inner = text[start + 1 : line_end].rstrip(" \t\r")
        example = f", as in `{_quote(inner)}`" if inner is not None else ""
        return end - 1, (
            "this `'` ends the text early: text in single quotes cannot hold a `'`; "
            f"use double quotes instead{example}"
        )
    # Spreadsheets escape a quote by doubling it; TOML does not.
    example = "" if inner is None else f", as in `{_quote(inner.replace(2 * quote, quote))}`"
    return end - 1, (
        'this `"` ends the text early: write a quote inside text as `\\"`, or put the text '
        f'in single quotes `\'…\'` or triple quotes `"""…"""`{example}'
    )


def _unquoted(text: str, scan: _Scan, separators: str) -> tuple[int, str] | None:
    """Words where a value goes: text without quotes, or ``True``/``yes`` for true."""
    at = scan.stop
    line_end = _line_end(text, at)
    stops = [p for p in (text.find(s, at, line_end) for s in separators + "#") if p >= 0]
    words = text[at : min(stops, default=line_end)].rstrip(" \t\r")
    if not words[:1].isalpha() or words in ("true", "false", "inf", "nan"):
        return None
    if words.casefold() in ("true", "false"):
        return at, f"write `{words.casefold()}` in lower case, without quotes"
    if words.casefold() in _YES_NO:
        return at, "for yes or no, write `true` or `false` (without quotes)"
    # A closing quote alone: only the opening one is missing.
    closed = words[-1] in "\"'" and words[-1] not in words[:-1]
    fixed = _quote(words[:-1] if closed else words, words[-1] if closed else '"')
    if not separators and scan.key:
        fixed = f"{scan.key} = {fixed}"
    missing = f" (the opening `{words[-1]}` is missing)" if closed else ""
    return at, f"text must be in quotes{missing}: `{fixed}`"


# ---------------------------------------------------------------------------- helpers

_BLANK = re.compile(r"(?:\s|#[^\n]*)*")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counted as tomllib counts them."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _token(text: str, at: int) -> str:
    """The value starting at ``at`` (up to its line's end at most), for messages."""
    line_end = _line_end(text, at)
    depth, i = 0, at
    while i < line_end:
        ch = text[i]
        if ch in "\"'":
            end = _string_end(text, i)
            i = line_end if end is None else min(end, line_end)
        else:
            depth += (ch in "[{") - (ch in "]}")
            i += 1
            if depth < 0 or (depth == 0 and ch in ",#"):
                i -= 1
                break
        if depth == 0 and (text[at] not in "[{" or ch in "]}"):
            break
    return text[at:i].rstrip() or text[at]


def _quote(inner: str, quote: str = '"') -> str:
    """``inner`` written as TOML text in ``quote`` (``"`` when ``'`` cannot hold it)."""
    inner = _short(inner)
    if quote == "'" and "'" not in inner:
        return f"'{inner}'"
    return '"' + re.sub(r'(?<!\\)"', r'\\"', inner) + '"'


def _short(shown: str) -> str:
    """``shown`` on one line, cut to ``_SHOWN`` characters."""
    shown = " ".join(shown.splitlines())
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
