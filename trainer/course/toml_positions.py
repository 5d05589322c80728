"""Where keys stand in a TOML text, so problems can name a line and column.

``tomllib`` gives values without positions. This scanner reads the text once more,
only when a file has problems, and maps key paths such as ``("questions", 2, "correct")``
to ``(line, column)``, both 1-based. It understands table headers, arrays of tables,
dotted and quoted keys, and skips over strings and multi-line values; keys inside
inline tables are not indexed (their parent key stands in for them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|' + r"'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_KEY_LINE = re.compile(rf"\s*({_DOTTED})\s*=")
_AOT_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]")
_PART = re.compile(_KEY_PART)


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class _ValueScanner:
    """Tracks bracket depth and open multi-line strings across lines."""

    def __init__(self) -> None:
        self.depth = 0
        self.open_multiline: str | None = None

    def feed(self, line: str, start: int = 0) -> None:
        i = start
        n = len(line)
        while i < n:
            if self.open_multiline:
                end = line.find(self.open_multiline, i)
                if end < 0:
                    return
                i = end + 3
                self.open_multiline = None
                continue
            ch = line[i]
            if ch == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.open_multiline = line[i : i + 3]
                i += 3
                continue
            if ch == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
                continue
            if ch == "'":
                end = line.find("'", i + 1)
                i = n if end < 0 else end + 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def key_positions(text: str, first_line: int = 1) -> dict[Path_, Position]:
    """Map every key path and table header in ``text`` to its (line, column).

    Args:
        text: TOML source.
        first_line: the line number of the text's first line in its file (front matter
            starts below a ``+++`` line).
    """
    positions: dict[Path_, Position] = {}
    aot_index: dict[tuple[str, ...], int] = {}
    table: Path_ = ()
    scanner = _ValueScanner()
    for offset, line in enumerate(text.splitlines()):
        lineno = first_line + offset
        if scanner.open_multiline or scanner.depth:
            scanner.feed(line)
            continue
        if match := _AOT_HEADER.match(line):
            keys = _split_key(match.group(1))
            aot_index[keys] = aot_index.get(keys, -1) + 1
            table = _resolve(keys, aot_index)
            positions.setdefault(table, (lineno, match.start(1) + 1))
            continue
        if match := _TABLE_HEADER.match(line):
            table = _resolve(_split_key(match.group(1)), aot_index)
            positions.setdefault(table, (lineno, match.start(1) + 1))
            continue
        if match := _KEY_LINE.match(line):
            keys = _split_key(match.group(1))
            for depth in range(1, len(keys) + 1):
                positions.setdefault((*table, *keys[:depth]), (lineno, match.start(1) + 1))
            scanner.feed(line, match.end())
    return positions


def _resolve(keys: tuple[str, ...], aot_index: dict[tuple[str, ...], int]) -> Path_:
    """Insert the current array-of-tables index after each prefix that is one."""
    path: list[str | int] = []
    for depth in range(1, len(keys) + 1):
        path.append(keys[depth - 1])
        index = aot_index.get(keys[:depth])
        if index is not None:
            path.append(index)
    return tuple(path)


def find_position(positions: dict[Path_, Position], path: Sequence[str | int]) -> Position | None:
    """The position of ``path``, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return None
