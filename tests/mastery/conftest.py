"""Fixtures for the mastery tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.course.models import Course


@pytest.fixture(scope="session")
def course_dir(small_course_dir: Path) -> Path:
    """The tests' small course on disk (read-only for tests)."""
    return small_course_dir


@pytest.fixture(scope="session")
def course(small_course: Course) -> Course:
    """The small course, loaded."""
    return small_course


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder
