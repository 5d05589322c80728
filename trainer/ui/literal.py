"""Turning untrusted text into widget content that is never read as markup."""

from __future__ import annotations

from textual.content import Content


def literal(text: str, style: str = "") -> Content:
    """Content showing ``text`` exactly as written (``[bold]`` stays ``[bold]``)."""
    return Content.styled(text, style) if style else Content(text)


def join_lines(*parts: Content | str) -> Content:
    """Join pieces into one multi-line Content; plain strings are taken literally."""
    return Content("\n").join(p if isinstance(p, Content) else Content(p) for p in parts)
