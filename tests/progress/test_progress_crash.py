"""Killed writers: every acknowledged answer is on disk and every file always parses."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from progress_helpers import history_answers

from trainer.progress.store import ProgressStore

KILLS = 160
ROOT = Path(__file__).resolve().parents[2]


def _writer(data_dir: Path, ack_fd: int, first: int) -> None:
    """Record answers forever, writing an ack line after each record_answer returns."""
    ProgressStore.CHECKPOINT_EVERY = 5  # rewrite the summary often, to be killed during it
    store = ProgressStore.open(data_dir, "kill")
    n = first
    while True:
        attempt = store.start_attempt("quiz", "practice", [])
        for _ in range(7):
            store.record_answer(attempt, f"q{n % 40}", f"a{n}", n % 3 == 0, 1.0)
            os.write(ack_fd, f"{n}\n".encode())
            n += 1
        store.finish_attempt(attempt, 50.0, False)


def test_sigkill_at_random_moments_loses_no_acknowledged_answer(data_dir: Path) -> None:
    rng = random.Random(1234)
    acked: set[int] = set()
    history = data_dir / "profiles" / "kill" / "history"
    checked: dict[str, int] = {}  # bytes of each history file already verified
    rounds_with_acks = 0
    torn_rounds = 0
    # The models build their validators on first use; do that once here, before forking,
    # so the children spend their short lives writing rather than warming up.
    with ProgressStore.open(data_dir, "warm-up") as store:
        store.record_answer(store.start_attempt("quiz", "practice", []), "q", "a", True, 1.0)
    for kill in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            try:
                _writer(data_dir, write_fd, kill * 100_000)
            finally:
                os._exit(1)
        os.close(write_fd)
        received = b""
        if kill % 2:
            # Every other kill lands after real work, however slow the machine is today:
            # wait for the child's first acknowledged answer before the random delay.
            ready, _, _ = select.select([read_fd], [], [], 10)
            if ready:
                received = os.read(read_fd, 1 << 16)
        time.sleep(rng.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as acks:
            received += acks.read()
        round_acked = {int(line) for line in received.split(b"\n")[:-1]}
        acked |= round_acked
        rounds_with_acks += bool(round_acked)
        # The summary always parses as it is (it is only ever replaced atomically). Each
        # history file parses up to its last complete block: Linux may cut a write() short
        # at a page boundary when SIGKILL arrives, so the very last block can be torn, but
        # never one that was acknowledged; the next open moves such bytes aside.
        summary = data_dir / "profiles" / "kill" / "profile.toml"
        if summary.exists():
            tomllib.loads(summary.read_text())
        found: set[int] = set()
        for path in sorted(history.glob("*.toml")) if history.exists() else []:
            data = path.read_bytes()
            start = checked.get(path.name, 0)
            if start > len(data):  # the file was repaired (torn tail set aside) by an open
                start = 0
            stretch = data[start:]
            if stretch and not stretch.endswith(b"\n"):
                torn_at = stretch.rfind(b"\n[[")
                assert torn_at >= 0, "only the last block may be torn"
                torn_rounds += 1
                stretch = stretch[:torn_at]
            answers = tomllib.loads(stretch.decode()).get("answers", [])
            found |= {int(answer["answer"][1:]) for answer in answers}
            checked[path.name] = start + len(stretch)
        assert round_acked <= found
    # One more open repairs a torn tail left by the last kill, keeping every complete entry.
    with ProgressStore.open(data_dir, "kill") as store:
        assert all("damaged" in notice for notice in store.notices), store.notices
        counted = store.summary.answers
    answers = history_answers(data_dir, "kill")  # strict parse of whole files
    stored = {int(a["answer"][1:]) for a in answers}
    assert acked <= stored
    # The summary counted each saved answer exactly once, kills notwithstanding.
    assert counted == len(answers)
    # Kills landed both before the first save (during open) and after real work.
    assert KILLS // 2 <= rounds_with_acks < KILLS and len(acked) >= KILLS // 2
    print(f"{torn_rounds} of {KILLS} kills left a torn last block (repaired on next open)")


SIGHUP_WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from trainer.progress.store import ProgressStore
store = ProgressStore.open(Path(sys.argv[1]), "hup")
attempt = store.start_attempt("quiz", "practice", [])
n = 0
while True:
    store.record_answer(attempt, f"q{n % 5}", f"a{n}", True, 1.0)
    print(n, flush=True)
    n += 1
"""


def test_sighup_loses_no_acknowledged_answer(data_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SIGHUP_WRITER, str(data_dir), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    acked = [int(process.stdout.readline()) for _ in range(30)]
    process.send_signal(signal.SIGHUP)  # the terminal was closed
    acked += [int(line) for line in process.stdout.read().split()]
    assert process.wait(timeout=10) == -signal.SIGHUP
    stored = {int(a["answer"][1:]) for a in history_answers(data_dir, "hup")}
    assert set(acked) <= stored
    with ProgressStore.open(data_dir, "hup") as store:
        assert store.summary.answers == len(stored)


def _record(tmp_path: Path, name: str, answers: int) -> Path:
    """A record file of ``answers`` answers, written through the store and exported."""
    from trainer.progress.transfer import export_record, record_to_toml

    scratch = tmp_path / f"scratch-{name}"
    with ProgressStore.open(scratch, name) as store:
        attempt = store.start_attempt("quiz", "practice", [])
        for i in range(answers):
            store.record_answer(attempt, f"q{i}", f"{name}{i}", True, 1.0)
        store.finish_attempt(attempt, 100.0, True)
        path = tmp_path / f"{name}.toml"
        path.write_text(record_to_toml(export_record(store).record))
    return path


def _swapper(data_dir: Path, records: list[Path]) -> None:
    """Import the records in turn, and reset in between, forever."""
    from trainer.mastery.reset import reset_profile
    from trainer.progress.transfer import import_record

    n = 0
    while True:
        import_record(data_dir, "swap", records[n % len(records)], wait=5)
        if n % 3 == 2:
            reset_profile(data_dir, "swap", wait=5)
        n += 1


def test_sigkill_during_import_and_reset_always_leaves_one_whole_profile(
    data_dir: Path, tmp_path: Path
) -> None:
    from trainer.progress.profiles import list_profiles
    from trainer.progress.transfer import import_record

    rng = random.Random(99)
    records = [_record(tmp_path, "a", 3), _record(tmp_path, "b", 5)]
    import_record(data_dir, "swap", records[0])
    profiles = data_dir / "profiles"
    kills = 60
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                _swapper(data_dir, records)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        # Whatever moment the kill hit, the profile is listed and opens whole: the record
        # before an import or reset, or the one after it, never a mix and never nothing.
        assert [p.name for p in list_profiles(data_dir)] == ["swap"]
        with ProgressStore.open(data_dir, "swap") as store:
            assert store.summary.answers in (0, 3, 5), store.notices
            assert not any("damaged" in notice for notice in store.notices)
        # The open removed what the killed writer left half done.
        left = [p.name for p in profiles.iterdir() if p.name.startswith(".swap.")]
        assert left == [], left
        backups = data_dir / "backups"
        assert not [p for p in backups.glob(".reset-*")] if backups.exists() else True
