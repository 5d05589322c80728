"""Snapshot tests of the screens that matter, at 80x24 (and home at 200x60).

Update after a deliberate change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import write_course
from tests.ui.test_question_types import QUESTIONS
from trainer.ui.launch import build_app


def fake_clock():
    """Each call is 12 seconds after the last: timings in snapshots never vary."""
    ticks = itertools.count(0, 12)
    return lambda: float(next(ticks))


def app_for(tmp_path: Path, course: Path | None = None):
    app = build_app(
        course,
        tmp_path / "data",
        "student",
        seed=3,
        theme="textual-dark",
        clock=fake_clock(),
        quizzes_in_background=False,
        startup_cache=False,
    )
    app.input_settle = 0.0
    return app


def test_home(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), terminal_size=(80, 24))


def test_home_large(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), terminal_size=(200, 60))


def test_lesson(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), press=["enter", "_"], terminal_size=(80, 24))


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_question(snap_compare, tmp_path: Path, kind: str) -> None:
    course = write_course(tmp_path / "course", QUESTIONS[kind])
    assert snap_compare(app_for(tmp_path, course), press=["t", "_"], terminal_size=(80, 24))


def test_feedback(snap_compare, tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["single"])
    assert snap_compare(
        app_for(tmp_path, course), press=["t", "_", "1", "enter", "_"], terminal_size=(80, 24)
    )


def test_results(snap_compare, tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "course",
        QUESTIONS["single"] + QUESTIONS["true_false"].replace('id = "q"', 'id = "q2"'),
    )

    async def answer_both(pilot: Pilot) -> None:
        await pilot.press("t")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("1", "enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()

    assert snap_compare(app_for(tmp_path, course), run_before=answer_both, terminal_size=(80, 24))
