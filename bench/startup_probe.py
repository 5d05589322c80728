"""Run one app headless until its first frame is shown, then exit (used by bench_startup).

Usage: ``python bench/startup_probe.py bare``,
``python bench/startup_probe.py trainer COURSE_DIR EXPECTED_TEXT`` or
``python bench/startup_probe.py prepare COURSE_DIR`` (start and quit normally, which
leaves the start-up snapshot a student's second start uses). The trainer keeps its
progress where a student's would be (set ``XDG_DATA_HOME`` to keep it out of the way).

"Shown" is the moment the first full frame has been turned into the bytes a terminal
would be sent (headless Textual skips that step, so the probe does it itself, for both
apps alike). The trainer's frame must contain EXPECTED_TEXT (a lesson title), so the
figure is for a home screen with its lessons on it, not an empty one.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def watch_first_frame(expected: str | None) -> None:
    """Make the first displayed frame print the time and end the process.

    os._exit: a normal exit would wait for background workers (such as a large course's
    quiz loading), which is not part of what the student waits for.
    """
    from textual._compositor import LayoutUpdate
    from textual.app import App

    original = App._display

    def display(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if isinstance(renderable, LayoutUpdate):
            terminal_bytes = renderable.render_segments(self.console)
            shown = time.time()
            frame = "\n".join("".join(s.text for s in line) for line in renderable.strips)
            if expected is not None and expected not in frame:
                print(f"FRAME WITHOUT {expected!r}:\n{frame}", flush=True)
                os._exit(1)
            print(f"SHOWN {shown:.6f} {len(terminal_bytes)}", flush=True)
            os._exit(0)
        original(self, screen, renderable)

    App._display = display  # type: ignore[method-assign]


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Lesson {n}" for n in range(12)])
            yield Footer()

    watch_first_frame(None)
    Bare().run(headless=True, size=(100, 30))


def trainer(course: str, expected: str) -> None:
    from trainer.ui.launch import build_app

    watch_first_frame(expected)
    app = build_app(Path(course))
    app.freeze_memory = True  # as run_app does for the real app
    app.run(headless=True, size=(100, 30))


def prepare(course: str) -> None:
    import asyncio

    from trainer.ui.launch import build_app

    async def start_and_quit() -> None:
        app = build_app(Path(course))
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(1200):  # a minute at most
                if not app.quizzes_pending:
                    break
                await pilot.pause(0.05)

    asyncio.run(start_and_quit())


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    elif sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    else:
        trainer(sys.argv[2], sys.argv[3])
