"""Where a course's files are and how a lesson file is split (light: no pydantic)."""

from __future__ import annotations

import os
from pathlib import Path


def is_course_dir(root: Path) -> bool:
    """True when ``root`` has a ``lessons/`` or ``quizzes/`` folder."""
    return (root / "lessons").is_dir() or (root / "quizzes").is_dir()


FRONT_MATTER_FENCE = "+++"


def course_files(folder: Path, suffix: str) -> list[Path]:
    """Files of one kind in ``folder``, skipping hidden ones (editor locks, ``._`` files)."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                e.name for e in entries if e.name.endswith(suffix) and not e.name.startswith(".")
            )
    except OSError:  # no such folder (or not one we may read): no files of this kind
        return []
    return [folder / name for name in names]


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
