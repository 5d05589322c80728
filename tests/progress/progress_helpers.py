"""Helpers shared by the progress tests (real files, real processes; no mocks)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from trainer.progress.store import ProgressStore


def history_answers(data_dir: Path, profile: str) -> list[dict]:
    """Every ``[[answers]]`` entry in the profile's history files, parsed strictly."""
    answers: list[dict] = []
    for path in sorted((data_dir / "profiles" / profile / "history").glob("*.toml")):
        answers.extend(tomllib.loads(path.read_text())["answers"] if path.stat().st_size else [])
    return answers


def fill(store: ProgressStore, count: int, *, quiz: str = "quiz", finish: bool = True) -> str:
    """Start an attempt and record ``count`` answers to questions q0, q1, ...; return its id."""
    attempt = store.start_attempt(quiz, "practice", [f"q{i}" for i in range(count)])
    for i in range(count):
        store.record_answer(attempt, f"q{i}", f"answer {i}", i % 2 == 0, 1.5)
    if finish:
        store.finish_attempt(attempt, 50.0, False)
    return attempt


def run_forked(target: Callable[[], None]) -> int:
    """Run ``target`` in a forked child (modules already imported: fast); return its pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 0
        try:
            target()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def wait_ok(pid: int) -> None:
    """Wait for a forked child and assert it exited cleanly."""
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
