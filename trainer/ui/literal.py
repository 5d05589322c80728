"""Turning untrusted text into widget content that is never read as markup."""

from __future__ import annotations

import textwrap

from textual.content import Content


def literal(text: str, style: str = "") -> Content:
    """Content showing ``text`` exactly as written (``[bold]`` stays ``[bold]``)."""
    return Content.styled(text, style) if style else Content(text)


def join_lines(*parts: Content | str) -> Content:
    """Join pieces into one multi-line Content; plain strings are taken literally."""
    return Content("\n").join(p if isinstance(p, Content) else Content(p) for p in parts)


def hanging(text: str, width: int, indent: int) -> str:
    """``text`` wrapped to ``width`` columns, lines after the first indented by ``indent``.

    Option lists wrap long rows back to their first column; answer choices read better
    with the continuation lines under the text they continue.
    """
    if width <= indent + 10 or len(text) + indent <= width:
        return text
    lines = textwrap.wrap(text, width - indent) or [text]
    return ("\n" + " " * indent).join(lines)
