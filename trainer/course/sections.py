"""Splitting a lesson's Markdown into pages at its ``##`` headings.

Rendering Markdown costs time per line, so the reader shows one section at a time; a
2,000-line lesson opens as fast as a short one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_H2 = re.compile(r"^\s{0,3}##(?!#)\s*(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Section:
    """One page of a lesson: the text under a ``##`` heading (or before the first one)."""

    title: str
    markdown: str
    line: int
    """Line of the body where the section starts (1-based)."""


def split_sections(body: str, intro_title: str = "Introduction") -> list[Section]:
    """Split Markdown at level-2 headings, ignoring ``##`` inside fenced code blocks."""
    sections: list[Section] = []
    title, start = intro_title, 1
    lines: list[str] = []
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=1):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        heading = None if fence else _H2.match(line)
        if heading and (fence_match is None):
            if "\n".join(lines).strip():
                sections.append(Section(title, "\n".join(lines).strip("\n"), start))
            title, start, lines = heading.group(1) or "Untitled section", number, [line]
            continue
        lines.append(line)
    if "\n".join(lines).strip() or not sections:
        sections.append(Section(title, "\n".join(lines).strip("\n"), start))
    return sections
