"""Where a course's files are and how a lesson file is split (light: no pydantic)."""

from __future__ import annotations

import os
import re
from pathlib import Path

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
"""Lesson, quiz and question ids (lesson and quiz ids are their files' names)."""
_ID_RE = re.compile(ID_PATTERN)


def is_valid_id(value: str) -> bool:
    """True when ``value`` may be used as a lesson, quiz or question id."""
    return len(value) <= 100 and _ID_RE.match(value) is not None


def is_course_dir(root: Path) -> bool:
    """True when ``root`` has a ``lessons/`` or ``quizzes/`` folder."""
    return (root / "lessons").is_dir() or (root / "quizzes").is_dir()


FRONT_MATTER_FENCE = "+++"


def course_entries(folder: Path | str, suffix: str) -> list[os.DirEntry[str]]:
    """Files of one kind in ``folder`` by name, skipping hidden ones (editor locks, ``._``
    files). Raises OSError if the folder cannot be listed."""
    with os.scandir(folder) as entries:
        found = [e for e in entries if e.name.endswith(suffix) and not e.name.startswith(".")]
    return sorted(found, key=lambda entry: entry.name)


def course_files(folder: Path, suffix: str) -> list[Path]:
    """Files of one kind in ``folder``, skipping hidden ones (editor locks, ``._`` files)."""
    try:
        return [folder / entry.name for entry in course_entries(folder, suffix)]
    except OSError:  # no such folder (or not one we may read): no files of this kind
        return []


def split_front_matter(text: str) -> tuple[str, str, int] | str:
    """Split a lesson into (front matter, body, body's first line) or an error message."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return (
            "a lesson must start with a `+++` line, then its TOML front matter "
            "(title, summary, ...), then another `+++` line"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "the front matter opened by `+++` on line 1 is never closed by another `+++` line"


def front_matter_and_body(text: str) -> tuple[str, str] | None:
    """What :func:`split_front_matter` gives (front matter, body), or None for its errors.

    It reads only as far as the closing ``+++`` line, where that one splits every line
    of the lesson: for a quick look at many lessons.
    """
    end = text.find("\n")
    if end < 0 or text[:end].strip() != FRONT_MATTER_FENCE:
        return None
    front_start = start = end + 1
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip() == FRONT_MATTER_FENCE:
            return text[front_start : max(start - 1, front_start)], (
                "" if end < 0 else text[end + 1 :]
            )
        if end < 0:
            return None
        start = end + 1
