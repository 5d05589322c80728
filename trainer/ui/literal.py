"""Turning untrusted text into widget content that is never read as markup."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


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


# textwrap's whitespace, each turned into one space (as its replace_whitespace does).
_WHITESPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")


def hanging_content(content: Content, width: int, indent: int) -> Content:
    """:func:`hanging` for styled content: the same lines, each keeping its styles.

    The plain text is wrapped as ``hanging`` wraps it (tabs count as one space), and
    each wrapped line is the matching slice of ``content``.
    """
    plain = content.plain
    if width <= indent + 10 or len(plain) + indent <= width:
        return content
    flat = plain.translate(_WHITESPACE)
    lines = textwrap.wrap(flat, width - indent, expand_tabs=False)
    if not lines:
        return content
    spaced = Content(flat, list(content.spans))  # one character for one: spans still fit
    parts: list[Content] = []
    position = 0
    for line in lines:
        # textwrap only drops whitespace between lines, so each is the next occurrence.
        start = flat.index(line, position)
        position = start + len(line)
        parts.append(spaced[start:position])
    return Content("\n" + " " * indent).join(parts)


class Wrapped(Content):
    """Content already broken into lines: its height is its line count while they fit.

    An option list asks every option its height to size itself; for pre-wrapped rows
    that is a count, where ``Content`` would wrap each row again (most of the cost of
    listing 1,000 lessons).
    """

    def __init__(self, text: str, spans: list[Span]) -> None:
        super().__init__(text, spans)
        self._lines = self.plain.split("\n")
        # Cells per line are at most 2 per character: a cheap bound that settles most
        # rows; the exact width (cell_len) is worked out only when the bound is too big.
        self._bound = max(len(line) if line.isascii() else 2 * len(line) for line in self._lines)
        if "\t" in self.plain:  # tabs expand when rendered: let Content measure
            self._bound = sys.maxsize
        self._widest: int | None = None

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        if self._bound + pad <= width:
            return len(self._lines)
        if self._widest is None:
            self._widest = max(cell_len(line) for line in self._lines)
        if self._bound != sys.maxsize and self._widest + pad <= width:
            return len(self._lines)
        return super().get_height(rules, width)


class HangingLines(Visual):
    """Lines of content whose wrapped continuations are indented (a hanging indent).

    ``Content`` wraps a long line back to the widget's edge: "Right answer: ..." and
    "1. ✘ wrong  Which ..." read better with their continuations under the text they
    continue. Each line gives its own indent; the wrapping is done for the width the
    widget has when it is drawn, so it follows the terminal's size.
    """

    def __init__(self, lines: Sequence[tuple[Content | str, int]]) -> None:
        self._lines = [(c if isinstance(c, Content) else Content(c), i) for c, i in lines]
        self._cache: tuple[int, Content] | None = None

    def content_at(self, width: int) -> Content:
        """The lines wrapped to ``width`` cells, continuation lines indented."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        out: list[Content] = []
        for line, indent in self._lines:
            if line.cell_length <= width or width <= indent + 10:
                out.append(line)
                continue
            first = line.wrap(width)[0]
            rest = line[len(first.plain) :]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
            out.append(first.rstrip())
            pad = Content(" " * indent)
            out.extend(pad + part for part in rest.wrap(width - indent))
        joined = Content("\n").join(out)
        self._cache = (width, joined)
        return joined

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for line, _ in self._lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content_at(width).get_height(rules, width)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content_at(width).render_strips(width, height, style, options)
