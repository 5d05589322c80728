"""Fixtures for the mastery tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from mastery_helpers import write_course

from trainer.course.loader import load_course
from trainer.course.models import Course


@pytest.fixture(scope="session")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small course on disk (read-only for tests)."""
    return write_course(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="session")
def course(course_dir: Path) -> Course:
    """The small course, loaded."""
    loaded = load_course(course_dir)
    assert not loaded.problems, loaded.problems
    return loaded.course


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder
