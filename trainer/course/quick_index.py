"""A quick, unvalidated read of a course's lesson list, for the very first start.

On a first start there is no start-up cache yet (see ``trainer.ui.startup.cache``), and
loading the course properly means importing pydantic, which takes longer than Textual's
own start-up. This reads ``course.toml`` and the lessons' front matter with ``tomllib``
alone (through ``trainer.safe_parse``), so the first frame can be drawn at once. The app
loads and validates the course right after that frame and corrects the list if this read
differs, which it can only do for a lesson file with problems (this read leaves out any
lesson it finds fault with, but it does not check everything the loader checks). It
never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.course.files import (
    COURSE_INFO_LIMIT,
    LESSON_LIMIT,
    UnreadableFile,
    course_files,
    front_matter_and_body,
    is_valid_id,
    read_course_text,
)
from trainer.text import clean_text

LESSON_KEYS = frozenset({"title", "summary", "order", "topics", "sources", "quiz"})
"""The keys a lesson's front matter may have (``LessonMeta``'s fields; a test checks)."""


@dataclass(frozen=True)
class QuickLesson:
    """What the lesson list shows of one lesson."""

    id: str
    title: str
    summary: str
    order: int
    quizzes: tuple[str, ...]
    """The quizzes its front matter lists, in order (``LessonMeta.quiz_ids``)."""


@dataclass(frozen=True)
class QuickCourse:
    """Title, description and lessons in study order."""

    title: str
    description: str
    lessons: list[QuickLesson]


Known = dict[str, tuple[int, int, "QuickLesson | None"]]
"""Lesson file (``lessons/NAME.md``, relative to the course folder) → (mtime in ns, size,
the lesson read from it, or None if it was left out)."""


def quick_course(root: Path, known: Known | None = None) -> QuickCourse:
    """The course at ``root`` as far as its files can be read quickly (never raises).

    Lesson files whose size and modification time are as in ``known`` are not read again.
    """
    title, description = "Untitled course", ""
    info = _toml(root / "course.toml")
    if info is not None:
        title = _text(info.get("title")) or title
        if isinstance(info.get("description"), str):
            description = clean_text(info["description"])
    lessons = [
        lesson
        for path in course_files(root / "lessons", ".md")
        if (lesson := _known(path, known) if known else _lesson(path))
    ]
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return QuickCourse(title, description, lessons)


def _known(path: Path, known: Known) -> QuickLesson | None:
    entry = known.get(f"lessons/{path.name}")
    if entry is not None:
        try:
            info = path.stat()
        except OSError:
            return None
        if (info.st_mtime_ns, info.st_size) == entry[:2]:
            return entry[2]
    return _lesson(path)


def _toml(path: Path) -> dict[str, Any] | None:
    # Imported here (with tomllib): a start from the start-up cache never needs it.
    from trainer.safe_parse import ParseError, parse_toml

    try:
        return parse_toml(read_course_text(path, COURSE_INFO_LIMIT))
    except (UnreadableFile, ParseError):
        return None


def _text(value: object) -> str | None:
    """Instructor text as the loader would keep it, or None if it would refuse it."""
    if not isinstance(value, str):
        return None
    value = clean_text(value)
    return value if value.strip() else None


def _has_text(body: str) -> bool:
    """Whether the body has text the loader would keep (it refuses a lesson without)."""
    body = body.strip()
    # Cleaning a long body only to see it is not empty would cost more than the rest.
    return bool(body) and bool(clean_text(body[:1000]).strip() or clean_text(body).strip())


def _lesson(path: Path) -> QuickLesson | None:
    from trainer.safe_parse import ParseError, parse_toml

    lesson_id = path.stem
    if not is_valid_id(lesson_id):
        return None
    try:
        # Read exactly as the loader reads it (a BOM and CRLF endings are fine).
        split = front_matter_and_body(read_course_text(path, LESSON_LIMIT))
        if split is None or not _has_text(split[1]):
            return None
        data = parse_toml(split[0])
    except (UnreadableFile, ParseError):
        return None
    title, summary = _text(data.get("title")), _text(data.get("summary"))
    order, quizzes = data.get("order", 0), quiz_ids(data.get("quiz"))
    if (
        title is None
        or summary is None
        or not data.keys() <= LESSON_KEYS
        or type(order) is not int
        or not -(2**63) <= order < 2**63  # TOML's integers are 64-bit; the loader checks
        or quizzes is None
    ):
        return None
    return QuickLesson(lesson_id, title, summary, order, quizzes)


def quiz_ids(value: object) -> tuple[str, ...] | None:
    """A front matter's ``quiz`` as the loader would take it: absent, one id, or a list of
    at least one id without repeats; None if the loader would refuse it."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if is_valid_id(value) else None
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(item, str) and is_valid_id(item) for item in value):
        return None
    ids = tuple(value)
    return ids if len(set(ids)) == len(ids) else None
