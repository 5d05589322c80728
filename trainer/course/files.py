"""Where a course's files are (no parsing here, so the first screen can use it cheaply)."""

from __future__ import annotations

from pathlib import Path


def is_course_dir(root: Path) -> bool:
    """True when ``root`` has a ``lessons/`` or ``quizzes/`` folder."""
    return (root / "lessons").is_dir() or (root / "quizzes").is_dir()
