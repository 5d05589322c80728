"""Helpers for the Pilot tests: building apps, writing small courses, reading the screen."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from trainer.ui.launch import build_app

ROOT = Path(__file__).resolve().parents[2]


def screen_text(app: App) -> str:
    """Everything the active screen shows, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def screen_segments_text(app: App) -> str:
    """The raw text of every segment that would be written to the terminal."""
    strips = app.screen._compositor.render_strips()
    return "".join(segment.text for strip in strips for segment in strip)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {timeout} s"
        await pilot.pause(0.01)


def make_app(
    tmp_path: Path,
    course: Path | None = None,
    *,
    profile: str = "student",
    seed: int = 7,
    data_dir: Path | None = None,
):
    """The real app on ``course`` (default: built-in), saving in ``data_dir`` (or tmp_path/data)."""
    app = build_app(
        course,
        data_dir or tmp_path / "data",
        profile,
        seed=seed,
        theme="textual-dark",
        quizzes_in_background=False,
        startup_cache=False,
    )
    app.input_settle = 0.0  # Pilot presses keys faster than any student
    return app


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def write_course(
    root: Path,
    quiz_body: str,
    *,
    lesson_body: str = "## One\n\nText.\n",
    shuffle: bool = False,
    mode: str = "practice",
) -> Path:
    """A one-lesson course whose quiz holds ``quiz_body`` (``[[questions]]`` blocks)."""
    write(root / "course.toml", 'title = "Test course"\n')
    write(
        root / "lessons" / "basics.md",
        '+++\ntitle = "Basics"\nsummary = "The basics."\nquiz = "basics"\n+++\n' + lesson_body,
    )
    write(
        root / "quizzes" / "basics.toml",
        f'title = "Basics quiz"\nlesson = "basics"\nshuffle = {str(shuffle).lower()}\n'
        f'mode = "{mode}"\n\n' + textwrap.dedent(quiz_body),
    )
    return root


def choice_key(app: App, label: str) -> str:
    """The number key that marks ``label`` in the question on screen (a choice list)."""
    from trainer.ui.widgets.choice_list import ChoiceList

    widget = getattr(app.screen, "answer_widget", None)
    assert isinstance(widget, ChoiceList), widget
    return str(widget.choices.index(label) + 1)
