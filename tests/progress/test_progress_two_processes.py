"""Two copies of the app on one profile: neither loses the other's answers."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from filelock import FileLock
from progress_helpers import history_answers, run_forked, wait_ok

from trainer.progress.errors import StoreReadOnlyError
from trainer.progress.store import ProgressStore

PER_PROCESS = 150


def _copy_of_app(data_dir: Path, tag: str, go_fd: int) -> None:
    store = ProgressStore.open(data_dir, "shared")
    assert not store.read_only
    os.read(go_fd, 1)  # start together, so the saves interleave
    attempt = store.start_attempt(f"quiz-{tag}", "practice", [])
    for i in range(PER_PROCESS):
        store.record_answer(attempt, f"{tag}{i % 20}", f"{tag}{i}", True, 1.0)
        time.sleep(0.001)  # a (very fast) student: other copies get their turn
    store.finish_attempt(attempt, 100.0, True)
    # This copy has counted the other's saves too (merged before each of its own).
    assert store.summary.answers >= PER_PROCESS
    store.close()


def test_two_writers_keep_each_others_answers(data_dir: Path) -> None:
    read_fd, write_fd = os.pipe()
    pids = [run_forked(lambda tag=tag: _copy_of_app(data_dir, tag, read_fd)) for tag in "AB"]
    time.sleep(0.2)
    os.write(write_fd, b"go")
    for pid in pids:
        wait_ok(pid)
    answers = [a["answer"] for a in history_answers(data_dir, "shared")]
    assert sorted(answers) == sorted(f"{tag}{i}" for tag in "AB" for i in range(PER_PROCESS))
    assert {answer[0] for answer in answers[:PER_PROCESS]} == {"A", "B"}  # truly interleaved
    with ProgressStore.open(data_dir, "shared") as store:
        assert store.summary.answers == 2 * PER_PROCESS
        assert store.quiz_status("quiz-A").finished == store.quiz_status("quiz-B").finished == 1
        assert store.question_state("A0").seen == PER_PROCESS // 20 + (PER_PROCESS % 20 > 0)


def _hold_lock(lock_path: Path, seconds: float, ready_fd: int) -> None:
    with FileLock(str(lock_path)):
        os.write(ready_fd, b"x")
        time.sleep(seconds)


def test_profile_held_too_long_opens_read_only_and_says_so(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "shared") as store:
        attempt = store.start_attempt("quiz", "practice", [])
        store.record_answer(attempt, "q1", "B", True, 1.0)
    read_fd, write_fd = os.pipe()
    pid = run_forked(lambda: _hold_lock(data_dir / "profiles" / "shared.lock", 1.0, write_fd))
    os.read(read_fd, 1)
    began = time.monotonic()
    store = ProgressStore.open(data_dir, "shared", wait=0.3)
    assert time.monotonic() - began < 0.9
    assert store.read_only
    assert "Another copy" in store.notices[0] and "will not save" in store.notices[0]
    assert store.summary.answers == 1  # progress is still shown
    assert "read-only" in store.path_description()
    with pytest.raises(StoreReadOnlyError):
        store.start_attempt("quiz", "practice", [])
    store.close()
    wait_ok(pid)


def test_profile_held_briefly_waits_then_writes(data_dir: Path) -> None:
    read_fd, write_fd = os.pipe()
    pid = run_forked(lambda: _hold_lock(data_dir / "profiles" / "shared.lock", 0.3, write_fd))
    (data_dir / "profiles").mkdir(exist_ok=True)
    os.read(read_fd, 1)
    with ProgressStore.open(data_dir, "shared", wait=5.0) as store:
        assert not store.read_only and store.notices == []
        store.record_lesson_progress("l1", 1.0)
    wait_ok(pid)
