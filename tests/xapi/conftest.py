"""A studied profile on a real course, for the xAPI tests; and the real Ralph LRS fixtures.

``studied`` is a data folder whose profile ``anna`` took the tests' course as a student
would (through ``StudySession``): a full attempt with a wrong answer, an answer taken
back and answered again, and text meant to break terminals and parsers; a lesson read to
the end; an attempt left part way and closed; a retake of the missed question.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixture_course import write_course
from tests.lrs.conftest import (  # noqa: F401  (fixtures, re-exported for tests/xapi)
    _ralph_left_serving,
    cutting_proxy,
    fresh_ralph,
    ralph,
    ralph_venv,
)
from trainer.course.loader import load_course
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession

HOSTILE = 'heart \x1b]0;pwned\x07 [/] [b]x[/b] "q" \\ [,] [.] \u202e\n<script>'
"""A typed answer with an escape sequence, markup, the response separators, quotes, a
backslash, a direction override and a newline: it must travel as data."""


@dataclass
class Studied:
    """A data folder with profile ``anna``, and the course she studied."""

    course_root: Path
    data_dir: Path
    profile: str = "anna"

    @property
    def folder(self) -> Path:
        return self.data_dir / "profiles" / self.profile


class Clock:
    """A clock that moves on by ``step`` each time it is read (distinct, known times)."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=7)) -> None:
        self.moment = start
        self.step = step

    def __call__(self) -> datetime:
        self.moment += self.step
        return self.moment


def study(
    course_root: Path, data_dir: Path, profile: str = "anna", *, hours_ago: float = 3.0
) -> None:
    """Study the tests' course as described in the module's docstring, answering from
    ``hours_ago`` on (attempts end now: the store's own clock)."""
    course = load_course(course_root).course
    clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours_ago))
    with ProgressStore.open(data_dir, profile) as store:
        session = StudySession(course, store, now=clock)
        run = session.start_quiz(course.quizzes["basics"], seed=1)
        given = {
            "b1": "B",  # wrong
            "b2": True,
            "b3": HOSTILE,  # wrong, and hostile
            "b4": "A",
            "b5": [["a", "1"], ["b", "2"]],
        }
        for item in run.attempt.items:
            question_id = item.question.id
            if question_id == "b4":
                session.answer(run, "b4", "C", 3.0)  # taken back at once
                assert session.undo(run) == ("b4", None)
            session.answer(run, question_id, given[question_id], 12.5)
        assert session.finish(run) is None
        store.record_lesson_progress("basics", 0.5)
        store.record_lesson_progress("basics", 1.0)
        left = session.start_quiz(course.quizzes["strokes"], seed=2)
        first = left.attempt.items[0].question
        session.answer(left, first.id, ["x", "y"] if first.type == "ordering" else "A", 2.0)
        assert session.abandon(left) is None
        retake = session.start_quiz(course.quizzes["basics"], question_ids=["b1", "b3"], seed=3)
        for item in retake.attempt.items:
            session.answer(retake, item.question.id, "A" if item.question.id == "b1" else "x", 1.25)
        assert session.finish(retake) is None


def study_later(course_root: Path, data_dir: Path, profile: str = "anna") -> None:
    """Another session, after everything saved so far: from an hour ahead on, and a
    second on, so that none of the store's own times (whole seconds: an undo, an
    attempt's end) falls in the same second as those saved before."""
    time.sleep(1.0 - datetime.now(UTC).microsecond / 1e6)
    study(course_root, data_dir, profile, hours_ago=-1)


@pytest.fixture
def studied(tmp_path: Path) -> Studied:
    root = write_course(tmp_path / "course")
    data = tmp_path / "data"
    study(root, data)
    return Studied(root, data)


@pytest.fixture
def lrs_toml(studied: Studied) -> Iterator[Path]:
    """Where ``studied``'s ``lrs.toml`` goes (written by the test)."""
    yield studied.data_dir / "lrs.toml"
