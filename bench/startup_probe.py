"""Run one app headless until its first frame is shown, then exit (used by bench_startup).

Usage: ``python bench/startup_probe.py bare`` or
``python bench/startup_probe.py trainer COURSE_DIR DATA_DIR``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def shown() -> None:
    """Report the wall-clock moment the first screen is up, and leave at once.

    os._exit: a normal exit would wait for background workers (such as a large course's
    quiz loading), which is not part of what the student waits for.
    """
    print(f"SHOWN {time.time():.6f}", flush=True)
    os._exit(0)


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Lesson {n}" for n in range(12)])
            yield Footer()

        def on_ready(self) -> None:
            self.call_after_refresh(shown)

    Bare().run(headless=True, size=(100, 30))


def trainer(course: str, data: str) -> None:
    from trainer.ui.app import TrainerApp
    from trainer.ui.launch import build_app

    app = build_app(Path(course), Path(data), "bench")

    class Probe(TrainerApp):
        CSS_PATH = str(ROOT / "trainer" / "ui" / "app.tcss")

        def on_ready(self) -> None:
            # Ready comes after the first frame; the home screen is pushed on mount.
            self.call_after_refresh(shown)

    app.__class__ = Probe
    app.run(headless=True, size=(100, 30))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        trainer(sys.argv[2], sys.argv[3])
