"""The reader's pages: a lesson's ``##`` sections, with any long one cut into parts.

Rendering a page costs time on the event loop, and more than linearly in its length:
one 1 MB paragraph took 1 s to show, 5 MB 9-20 s and 10 MB over 30 s, with the app
deaf to every key (Ctrl+Q included) meanwhile. The longest section of the built-in
course is under 2 KB and 31 lines, so no real section is touched by ``PAGE_CHARS`` or
``PAGE_LINES``; a longer one is cut at its last blank line (outside code blocks) before
the limit, else at a line end, else at a space, so every page renders in well under a
second. No Textual here: the reader cuts very long lessons in a background thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trainer.course.sections import Section, split_sections

PAGE_CHARS = 12_000
"""Most characters on one page. Measured at 70 columns: 12,000 characters of prose
render in ~10 ms, and the worst input found (``[[[[`` repeated, which markdown-it
parses in quadratic time) in ~0.3 s."""
PAGE_LINES = 300
"""Most lines on one page (the built-in course's longest section has 31). The cost of a
page is mostly in the lines it renders to: 12,000 characters of one-line paragraphs
took 1.8 s to show, 300 lines of them take ~0.1 s."""

# The same fence rule as trainer.course.sections, so pages agree with sections.
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def reader_pages(body: str, limit: int = PAGE_CHARS, max_lines: int = PAGE_LINES) -> list[Section]:
    """``body`` split at its ``##`` headings, with sections that are too long cut into parts.

    Too long: over ``limit`` characters or ``max_lines`` lines.
    """
    pages: list[Section] = []
    for section in split_sections(body):
        text = section.markdown
        if len(text) <= limit and text.count("\n") < max_lines:
            pages.append(section)
            continue
        parts = split_long_markdown(text, limit, max_lines)
        # Every part keeps its section's line: a cut may fall inside a line.
        pages.extend(
            Section(f"{section.title} ({number}/{len(parts)})", part, section.line, section.slug)
            for number, part in enumerate(parts, start=1)
        )
    return pages


def split_long_markdown(
    markdown: str, limit: int = PAGE_CHARS, max_lines: int = PAGE_LINES
) -> list[str]:
    """Cut ``markdown`` into parts of at most about ``limit`` characters and ``max_lines`` lines.

    A code block cut in two is closed at the end of one part and opened again (with its
    language) at the start of the next, so both still show as code.
    """
    parts: list[str] = []
    lines: list[str] = []
    size = 0
    opening: str | None = None  # the line that opened the code block we are in
    fence: str | None = None  # what closes it, as in trainer.course.sections
    clean_at = clean_size = 0  # lines before the last blank line outside code, their size

    def cut(keep: int, resume: int) -> None:
        """End a part with ``lines[:keep]``; the next one starts with ``lines[resume:]``."""
        nonlocal lines, size, clean_at, clean_size
        head, tail = lines[:keep], lines[resume:]
        if keep == len(lines) and opening is not None:
            head.append(_marker(opening))
            tail = [opening]
        text = "\n".join(head).strip("\n")
        if text.strip():
            parts.append(text)
        lines = tail
        size = sum(len(item) + 1 for item in tail)
        clean_at = clean_size = 0

    for whole in markdown.split("\n"):
        for line in _chunks(whole, limit):
            if lines and (size + len(line) > limit or len(lines) >= max_lines):
                # Cut at a paragraph's end if that leaves half a page at least: else a
                # short part would be followed by a cut mid-paragraph anyway.
                if clean_at and (clean_size >= limit // 2 or clean_at >= max_lines // 2):
                    cut(clean_at, clean_at + 1)
                else:
                    cut(len(lines), len(lines))
            found = _FENCE.match(line)
            if found is not None:
                if fence is None:
                    fence, opening = found.group(1)[0] * 3, line
                elif found.group(1).startswith(fence):
                    fence = opening = None
            elif fence is None and not line.strip():
                clean_at, clean_size = len(lines), size
            lines.append(line)
            size += len(line) + 1
    if "\n".join(lines).strip():
        parts.append("\n".join(lines).strip("\n"))
    return parts or [markdown]


def _marker(opening: str) -> str:
    """The fence that closes the code block ``opening`` opened."""
    found = _FENCE.match(opening)
    assert found is not None
    return found.group(1)


def _chunks(line: str, limit: int) -> Iterator[str]:
    """``line`` in pieces of at most ``limit`` characters, cut at spaces where possible."""
    start = 0
    while len(line) - start > limit:
        end = start + limit
        space = line.rfind(" ", start + limit // 2, end)
        if space == -1:
            yield line[start:end]
            start = end
        else:
            yield line[start:space]
            # Leading spaces would make the next piece an indented code block.
            start = space
            while start < len(line) and line[start] == " ":
                start += 1
    yield line[start:]
