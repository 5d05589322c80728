"""Helpers for course-loading tests: write real files into ``tmp_path`` and load them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.unprivileged import shared_tmp_dir
from trainer.course.loader import LoadedCourse, load_course

LESSON = """\
+++
title = "Effleurage"
summary = "The gliding stroke."
order = 1
topics = ["strokes"]
sources = ["A. Author, A Book, 2020"]
quiz = "effleurage"
+++

## What it is

Long, gliding strokes.
"""

QUIZ = """\
title = "Effleurage quiz"
lesson = "effleurage"

[[questions]]
id = "glide"
type = "single"
prompt = "Which stroke glides?"
correct = "Effleurage"
wrong = ["Tapotement", "Friction"]
explanation = "Effleurage glides."
"""


class CourseDir:
    """A course folder under ``tmp_path`` that tests fill with files."""

    LESSON = LESSON
    QUIZ = QUIZ

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "lessons").mkdir(parents=True)
        (root / "quizzes").mkdir()

    def write(self, relative: str, text: str | bytes, *, dedent: bool = True) -> Path:
        """Write a file (text is dedented unless told otherwise) and return its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    def load(self) -> LoadedCourse:
        return load_course(self.root)

    def problems(self) -> list[str]:
        """Every problem as ``relative/path:line:col: message``."""
        out = []
        for problem in self.load().problems:
            path = problem.path
            rel = path.relative_to(self.root) if path.is_relative_to(self.root) else path
            out.append(f"{rel.as_posix()}:{problem.line}:{problem.col}: {problem.message}")
        return out


@pytest.fixture
def course(tmp_path: Path) -> CourseDir:
    return CourseDir(tmp_path / "course")


@pytest.fixture
def course_factory(tmp_path: Path) -> Callable[[str], CourseDir]:
    def make(name: str) -> CourseDir:
        return CourseDir(tmp_path / name)

    return make


@pytest.fixture
def shared_course() -> Iterator[CourseDir]:
    """A course folder that the unprivileged user of ``tests/unprivileged.py`` may reach."""
    with shared_tmp_dir() as tmp:
        yield CourseDir(tmp / "course")
