"""Checks ``validate`` makes beyond loading: files it skipped, text left over from the
templates, and images that point nowhere.

Loading decides what the app can show; these checks say what the instructor probably
meant. Skipped files and left-over template text are warnings (the course works, but
not as intended); an image whose file is missing or outside the course is an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from trainer.course.files import UnreadableFile, read_course_text
from trainer.course.models import Course, Lesson
from trainer.course.problems import Problem
from trainer.course.templates import (
    EXAMPLE_QUESTIONS,
    PLACEHOLDER_BODY,
    PLACEHOLDER_DESCRIPTION,
    PLACEHOLDER_SOURCE,
    PLACEHOLDER_SUMMARY,
)

# What each course folder holds, and the names that look meant for it but are skipped.
_KINDS = {"lessons": ".md", "quizzes": ".toml"}
_LOOKS_LIKE = re.compile(r"\.(md|markdown|mdown|mkd|toml|tml)(\.|$)", re.IGNORECASE)

# `![alt](path "title")`, the path maybe in <...>; reference-style images are rare in
# lessons and are left to the reader's alt-text marker.
_IMAGE = re.compile(r'!\[([^\]\n]*)\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+"[^"\n]*")?\s*\)')
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def course_checks(
    course: Course, broken: set[Path] | frozenset[Path] = frozenset()
) -> list[Problem]:
    """Every problem these checks find in a loaded course, sorted."""
    problems = [*skipped_files(course.root), *template_leftovers(course)]
    for lesson in course.lessons:
        if lesson.source is not None and lesson.source not in broken:
            problems += image_problems(course.root, lesson)
    return sorted(problems)


def skipped_files(root: Path) -> list[Problem]:
    """Files in ``lessons/`` or ``quizzes/`` that look like course files but are not read.

    ``final-exam.toml.txt``, ``x.markdown``, ``x.TOML`` and a lesson put in ``quizzes/``
    would otherwise be left out without a word.
    """
    problems = []
    for folder, suffix in _KINDS.items():
        try:
            with os.scandir(root / folder) as entries:
                names = sorted(e.name for e in entries if e.is_file())
        except OSError:  # no such folder, or one the loader reports as unlistable
            continue
        for name in names:
            if name.startswith(".") or name.endswith(suffix) or not _LOOKS_LIKE.search(name):
                continue
            if _meant_to_be_skipped(root / folder, folder, suffix, name, set(names)):
                continue
            problems.append(
                Problem(root / folder / name, 1, 1, _skipped_reason(folder, suffix, name), True)
            )
    return problems


def _meant_to_be_skipped(where: Path, folder: str, suffix: str, name: str, names: set[str]) -> bool:
    """Files that are clearly not meant as course files: a copy beside the real file
    (``x.md.orig`` next to ``x.md``), and notes such as ``README.md`` in ``quizzes/``."""
    if f"{_LOOKS_LIKE.split(name, maxsplit=1)[0]}{suffix}" in names:
        return True  # renaming it, as the warning would say, would replace the real one
    if folder == "quizzes" and name.lower().endswith((".md", ".markdown")):
        return not _starts_with_front_matter(where / name)  # a note, not a lesson
    return False


def _starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5).lstrip(b"\xef\xbb\xbf").startswith(b"+++")
    except OSError:
        return False


def _skipped_reason(folder: str, suffix: str, name: str) -> str:
    other = next(f for f, s in _KINDS.items() if f != folder)
    if name.endswith(_KINDS[other]):
        return f"skipped: a {_KINDS[other]} file belongs in {other}/, not {folder}/"
    stem = _LOOKS_LIKE.split(name, maxsplit=1)[0]
    return f"skipped: only files ending in {suffix} are read here; rename it to {stem}{suffix}"


def template_leftovers(course: Course) -> list[Problem]:
    """Placeholder text from ``massage-trainer new`` that was never replaced."""
    found: list[Problem] = []
    info_path = course.root / "course.toml"
    if course.info.description == PLACEHOLDER_DESCRIPTION:
        found.append(_leftover(info_path, PLACEHOLDER_DESCRIPTION, "the placeholder description"))
    for lesson in course.lessons:
        if lesson.source is None:
            continue
        if lesson.meta.summary == PLACEHOLDER_SUMMARY:
            found.append(_leftover(lesson.source, PLACEHOLDER_SUMMARY, "the placeholder summary"))
        if PLACEHOLDER_SOURCE in lesson.meta.sources:
            found.append(
                _leftover(
                    lesson.source,
                    PLACEHOLDER_SOURCE,
                    f'the placeholder source "{PLACEHOLDER_SOURCE}"',
                )
            )
        if PLACEHOLDER_BODY in lesson.body:
            found.append(_leftover(lesson.source, PLACEHOLDER_BODY, "the template's example text"))
    for quiz in course.quizzes.values():
        if quiz.source is None:
            continue
        for question in quiz.questions:
            if EXAMPLE_QUESTIONS.get(question.id) == question.prompt:
                found.append(
                    _leftover(
                        quiz.source,
                        f'"{question.id}"',
                        f"the template's example question {question.id!r}: "
                        "replace it with your own or delete it",
                    )
                )
    return found


def _leftover(path: Path, needle: str, what: str) -> Problem:
    line, col = _locate(path, needle)
    message = what if ":" in what else f"{what} is still here: replace it with your own"
    return Problem(path, line, col, f"left over from the template: {message}", True)


def _locate(path: Path, needle: str) -> tuple[int, int]:
    """Line and column of ``needle``'s first place in the file; the file's start if absent."""
    try:
        text = read_course_text(path)
    except UnreadableFile:
        return 1, 1
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of the text matched, line breaks kept (so positions stay)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def images(body: str) -> Iterator[tuple[int, int, str, str]]:
    """Each ``![alt](target)`` in a Markdown body: (line, column, alt, target), 1-based.

    Images shown as code (in a fenced block or between backticks) are not images.
    """
    body = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, body))
    for match in _IMAGE.finditer(body):
        target = match.group(2)
        if target.startswith("<"):
            target = target[1:-1].strip()
        start = match.start()
        line = body.count("\n", 0, start) + 1
        col = start - (body.rfind("\n", 0, start) + 1) + 1
        yield line, col, match.group(1), target


def image_problems(root: Path, lesson: Lesson) -> list[Problem]:
    """Images whose file is missing or lies outside the course; images without alt text.

    The reader shows an image as its alt text, so an image without one shows nothing.
    Web addresses are not fetched (nothing needs the network) and are not checked.
    """
    assert lesson.source is not None
    problems = []
    course_root = root.resolve()
    for line, col, alt, target in images(lesson.body):
        where = (lesson.source, lesson.body_line + line - 1, col)
        if not alt.strip():
            problems.append(
                Problem(
                    *where,
                    "image without alt text: write what it shows between the brackets, "
                    "![like this](" + target + "); the reader shows that text",
                    True,
                )
            )
        if not target or _URL.match(target):
            continue
        file_part = target.split("#", 1)[0].split("?", 1)[0]
        resolved = (lesson.source.parent / file_part).resolve()
        if not resolved.is_relative_to(course_root):
            problems.append(
                Problem(*where, f"image {target!r} is outside the course folder: keep images in it")
            )
        elif not resolved.is_file():
            problems.append(
                Problem(
                    *where,
                    f"image {target!r} not found (paths are relative to the lesson's folder, "
                    f"{lesson.source.parent.name}/)",
                )
            )
    return problems
