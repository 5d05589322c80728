"""Fixtures for every test: no test may touch the real data folder or home.

Each test gets its own empty ``MASSAGE_TRAINER_DATA``, ``HOME`` and ``XDG_DATA_HOME``, so a
test that forgets ``--data-dir`` writes under its own ``tmp_path``, never into the
developer's progress. ``small_course_dir`` is a course owned by the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_course import write_course
from trainer.course.loader import load_course
from trainer.course.models import Course


@pytest.fixture(autouse=True)
def _own_data_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("MASSAGE_TRAINER_DATA", str(home / "massage-trainer-data"))


@pytest.fixture(scope="session")
def small_course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' own small course on disk (read it, do not change it)."""
    return write_course(tmp_path_factory.mktemp("small-course"))


@pytest.fixture(scope="session")
def small_course(small_course_dir: Path) -> Course:
    """The tests' own small course, loaded (it has no problems)."""
    loaded = load_course(small_course_dir)
    assert not loaded.problems, loaded.problems
    return loaded.course
