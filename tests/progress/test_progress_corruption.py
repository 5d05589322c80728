"""Unreadable files are moved aside (never overwritten), with a plain notice; torn appends
keep every complete entry."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from progress_helpers import fill, history_answers

from trainer.progress.models import SCHEMA_VERSION, SUMMARY_SCHEMA_VERSION
from trainer.progress.store import ProgressStore


def _profile(data_dir: Path) -> Path:
    return data_dir / "profiles" / "anna"


def _month_file(data_dir: Path) -> Path:
    [path] = (_profile(data_dir) / "history").glob("*.toml")
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"schema_version = 2\nprofile = \n",  # bad TOML
        b"schema_version = 2\nprofile = 'anna'\ncreated_at = 'yesterday'\n",  # wrong type
        b"\xff\xfe not text",  # not UTF-8
        b"schema_version = 0\nprofile = 'anna'\ncreated_at = 2024-01-01T00:00:00Z\n",
    ],
)
def test_unreadable_summary_moved_aside_and_rebuilt(data_dir: Path, content: bytes) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 3)
    summary = _profile(data_dir) / "profile.toml"
    summary.write_bytes(content)
    with ProgressStore.open(data_dir, "anna") as store:
        [notice] = store.notices
        [aside] = _profile(data_dir).glob("profile.toml.corrupt-*")
        assert aside.read_bytes() == content  # never overwritten
        assert str(aside) in notice and "could not be read" in notice
        assert store.summary.answers == 3  # rebuilt from the history
        assert store.question_state("q0").seen == 1
    tomllib.loads(summary.read_text())


def test_newer_summary_schema_moved_aside_untouched(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    summary = _profile(data_dir) / "profile.toml"
    newer = summary.read_text().replace(
        f"schema_version = {SUMMARY_SCHEMA_VERSION}",
        f"schema_version = {SUMMARY_SCHEMA_VERSION + 1}",
    )
    summary.write_text(newer)
    with ProgressStore.open(data_dir, "anna") as store:
        [notice] = store.notices
        assert "newer version" in notice
        assert store.summary.answers == 0  # a fresh record
        fill(store, 1)
    [aside] = (data_dir / "profiles").glob("anna.corrupt-*")
    assert str(aside) in notice
    assert (aside / "profile.toml").read_text() == newer
    assert len(history_answers(data_dir, aside.name)) == 2
    assert len(history_answers(data_dir, "anna")) == 1


def test_newer_history_schema_moved_aside(data_dir: Path) -> None:
    history = _profile(data_dir) / "history"
    history.mkdir(parents=True)
    (history / "2030-01.toml").write_text(f"schema_version = {SCHEMA_VERSION + 5}\n")
    with ProgressStore.open(data_dir, "anna") as store:
        assert "newer version" in store.notices[0]
        assert not store.read_only
    [aside] = (data_dir / "profiles").glob("anna.corrupt-*")
    assert (aside / "history" / "2030-01.toml").exists()


def test_torn_tail_keeps_complete_entries_and_moves_torn_bytes_aside(data_dir: Path) -> None:
    store = ProgressStore.open(data_dir, "anna")
    store.CHECKPOINT_EVERY = 1000
    attempt = fill(store, 4, finish=False)
    path = _month_file(data_dir)
    whole = path.read_bytes()
    store.record_answer(attempt, "q9", "torn", True, 1.0)
    full = path.read_bytes()
    # A power cut mid-append: only part of the last block reached the disk.
    for cut in (len(whole) + 3, len(whole) + (len(full) - len(whole)) // 2, len(full) - 2):
        path.write_bytes(full[:cut])
        with ProgressStore.open(data_dir, "anna") as again:
            assert again.summary.answers == 4
            [notice] = again.notices
            assert "Every complete entry was kept" in notice
        # Whole blocks kept (plus the blank line that began the torn one).
        assert path.read_bytes() == whole + b"\n"
        [aside] = path.parent.glob(f"{path.name}.corrupt-*")
        assert aside.read_bytes() == full[len(whole) + 1 : cut]
        assert str(aside) in notice
        aside.unlink()


def test_torn_block_followed_by_later_appends(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    path = _month_file(data_dir)
    torn = b"\n[[answers]]\nattempt = 'x'\nquestion = 'q1'\nanswer = 'B'\nseconds = 4.2"
    path.write_bytes(path.read_bytes() + torn)
    # Append by hand exactly as another writer would after the torn write.
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1, quiz="after")
    assert len(history_answers(data_dir, "anna")) == 3
    assert b"seconds = 4.2" not in path.read_bytes()


def test_garbage_between_blocks_is_isolated(data_dir: Path) -> None:
    store = ProgressStore.open(data_dir, "anna")
    store.CHECKPOINT_EVERY = 1000
    attempt = fill(store, 1, finish=False)
    path = _month_file(data_dir)
    mark = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"\n[[answers]]\ncorrect = maybe\n")
    store.record_answer(attempt, "q5", "after", True, 1.0)  # caught up and repaired first
    assert any("line" in notice and "damaged" in notice for notice in store.notices)
    store.close()
    assert [a["question"] for a in history_answers(data_dir, "anna")] == ["q0", "q5"]
    assert path.stat().st_size > mark


def test_hand_edited_history_with_summary_out_of_step_is_recounted(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 5)
    path = _month_file(data_dir)
    text = path.read_text()
    cut = text.index("[[answers]]", text.index("[[answers]]") + 1)
    path.write_text(text[:cut])  # keep the attempt and one answer
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 1
