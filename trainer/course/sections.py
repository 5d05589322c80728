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
    slug: str = ""
    """The heading's slug (``see = "lesson#slug"`` names it); empty before the first."""


_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def slug(heading: str) -> str:
    """A heading as GitHub makes its anchor: lower case, punctuation dropped, spaces to
    ``-`` ("Deep transverse friction (Cyriax)" -> "deep-transverse-friction-cyriax")."""
    return _NOT_IN_SLUG.sub("", heading.strip().lower()).replace(" ", "-")


def heading_slugs(body: str) -> list[tuple[str, int]]:
    """(slug, line) of every ``##`` heading of a lesson body, in order."""
    return [(section.slug, section.line) for section in split_sections(body) if section.slug]


def split_sections(body: str, intro_title: str = "Introduction") -> list[Section]:
    """Split Markdown at level-2 headings, ignoring ``##`` inside fenced code blocks."""
    sections: list[Section] = []
    title, start, anchor = intro_title, 1, ""
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
                sections.append(Section(title, "\n".join(lines).strip("\n"), start, anchor))
            title, start, lines = heading.group(1) or "Untitled section", number, [line]
            anchor = slug(heading.group(1) or "")
            continue
        lines.append(line)
    if "\n".join(lines).strip() or not sections:
        sections.append(Section(title, "\n".join(lines).strip("\n"), start, anchor))
    return sections


def find_section(body: str, anchor: str) -> Section | None:
    """The section of ``body`` whose ``##`` heading has the slug ``anchor``, if any."""
    return next((s for s in split_sections(body) if s.slug == anchor), None)
