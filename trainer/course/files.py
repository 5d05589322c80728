"""Where a course's files are and how a lesson file is split (light: no pydantic)."""

from __future__ import annotations

from pathlib import Path


def is_course_dir(root: Path) -> bool:
    """True when ``root`` has a ``lessons/`` or ``quizzes/`` folder."""
    return (root / "lessons").is_dir() or (root / "quizzes").is_dir()


FRONT_MATTER_FENCE = "+++"


def course_files(folder: Path, suffix: str) -> list[Path]:
    """Files of one kind in ``folder``, skipping hidden ones (editor locks, ``._`` files)."""
    return sorted(p for p in folder.glob(f"*{suffix}") if not p.name.startswith("."))


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
