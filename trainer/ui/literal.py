"""Turning untrusted text into widget content that is never read as markup."""

from __future__ import annotations

import sys
import textwrap

from rich.cells import cell_len
from textual.content import Content, Span
from textual.css.styles import RulesMap


def literal(text: str, style: str = "") -> Content:
    """Content showing ``text`` exactly as written (``[bold]`` stays ``[bold]``)."""
    return Content.styled(text, style) if style else Content(text)


def join_lines(*parts: Content | str) -> Content:
    """Join pieces into one multi-line Content; plain strings are taken literally."""
    return Content("\n").join(p if isinstance(p, Content) else Content(p) for p in parts)


def wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap``, with a shortcut for the common text that already fits."""
    if len(text) <= width and text.isprintable() and text.strip() == text:
        return [text] if text else []
    return textwrap.wrap(text, width)


def hanging(text: str, width: int, indent: int) -> str:
    """``text`` wrapped to ``width`` columns, lines after the first indented by ``indent``.

    Option lists wrap long rows back to their first column; answer choices read better
    with the continuation lines under the text they continue.
    """
    if width <= indent + 10 or len(text) + indent <= width:
        return text
    lines = textwrap.wrap(text, width - indent) or [text]
    return ("\n" + " " * indent).join(lines)


class Wrapped(Content):
    """Content already broken into lines: its height is its line count while they fit.

    An option list asks every option its height to size itself; for pre-wrapped rows
    that is a count, where ``Content`` would wrap each row again (most of the cost of
    listing 1,000 lessons).
    """

    def __init__(self, text: str, spans: list[Span]) -> None:
        super().__init__(text, spans)
        lines = self.plain.split("\n")
        self._line_count = len(lines)
        self._widest = max(len(line) if line.isascii() else cell_len(line) for line in lines)
        if "\t" in self.plain:  # tabs expand when rendered: let Content measure
            self._widest = sys.maxsize

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._widest + rules.get("line_pad", 0) * 2 <= width:
            return self._line_count
        return super().get_height(rules, width)
