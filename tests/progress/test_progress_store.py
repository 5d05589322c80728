"""Recording and reading progress: round trips, summary without history, threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from progress_helpers import fill, history_answers

from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore


def test_answers_round_trip_through_files(data_dir: Path) -> None:
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    answers = ["B", ["a", "c"], True, [["origin", "insertion"], ["belly", "tendon"]]]
    with ProgressStore.open(data_dir, "anna") as store:
        attempt = store.start_attempt("anatomy", "exam", ["q1", "q2", "q3", "q4"])
        for i, answer in enumerate(answers, 1):
            store.record_answer(attempt, f"q{i}", answer, i % 2 == 1, 2.5, answered_at=when)
        store.finish_attempt(attempt, 75.0, True)
    with ProgressStore.open(data_dir, "anna") as store:
        history = store.load_history()
        assert store.notices == []
    [record] = history.attempts
    assert [a.answer for a in record.answers] == answers
    assert [a.correct for a in record.answers] == [True, False, True, False]
    assert record.answers[0].answered_at == when
    assert (record.outcome, record.score, record.passed) == ("finished", 75.0, True)
    assert record.questions == ["q1", "q2", "q3", "q4"]


def test_summary_holds_state_and_is_read_without_history(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 3)
        store.record_lesson_progress("effleurage", 0.4)
        store.record_lesson_progress("effleurage", 0.2)  # keeps the furthest point
    # Start-up must not need the history: hide it and the summary still answers.
    history = data_dir / "profiles" / "anna" / "history"
    history.rename(history.with_name("hidden"))
    from trainer.progress.summary import load_summary

    summary = load_summary(data_dir / "profiles" / "anna" / "profile.toml")
    assert summary.answers == 3
    assert summary.questions["q0"].seen == 1 and summary.questions["q0"].right == 1
    assert summary.questions["q1"].last_correct is False
    assert summary.lessons["effleurage"].fraction == 0.4
    assert summary.lessons["effleurage"].read_at is None
    assert summary.quizzes["quiz"].best_score == 50.0


def test_lesson_read_at_one_and_only_improvements_written(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.record_lesson_progress("l", 0.5).fraction == 0.5
        before = sum(1 for _ in (data_dir / "profiles/anna/history").glob("*.toml"))
        size = _history_size(data_dir)
        store.record_lesson_progress("l", 0.3)
        store.record_lesson_progress("l", 0.501)  # same percent: nothing new to save
        assert _history_size(data_dir) == size and before == 1
        status = store.record_lesson_progress("l", 1.7)
        assert status.fraction == 1.0 and status.read_at is not None
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.lesson_status("l").read_at == status.read_at
        assert store.lesson_status("never-opened").fraction == 0.0


def _history_size(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in (data_dir / "profiles/anna/history").glob("*.toml"))


def test_abandoned_attempt_keeps_answers(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        attempt = fill(store, 2, finish=False)
        store.abandon_attempt(attempt)
        assert store.quiz_status("quiz").abandoned == 1
        with pytest.raises(KeyError):
            store.record_answer(attempt, "q9", "x", True, 1.0)
    with ProgressStore.open(data_dir, "anna") as store:
        [record] = store.load_history().attempts
        assert record.outcome == "abandoned" and len(record.answers) == 2
        assert store.open_attempts() == {}


def test_attempt_left_open_by_a_crash_is_reported(data_dir: Path) -> None:
    store = ProgressStore.open(data_dir, "anna")
    attempt = fill(store, 2, finish=False)
    # No close(): as if the process died. The next open finds the attempt still open.
    with ProgressStore.open(data_dir, "anna") as again:
        assert again.open_attempts()[attempt].answered == ["q0", "q1"]
        assert again.summary.answers == 2


def test_deleted_question_ids_are_ignored_not_errors(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 3)
        # The course no longer has q1: state for it is simply not asked for, and charts
        # drop it; an id never seen gives an empty state, not an error.
        history = store.load_history().for_questions({"q0", "q2"})
        assert [a.question for _, a in history.answers()] == ["q0", "q2"]
        assert store.question_state("renamed-or-new").seen == 0


def test_history_split_by_month_and_never_appended_to_an_older_month(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
    history = data_dir / "profiles" / "anna" / "history"
    # A later month already exists (clock moved back): appends go there, not to an
    # earlier file the summary has already counted past.
    future = history / "2999-01.toml"
    future.write_text("schema_version = 2\n")
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2, quiz="later")
    assert len(future.read_text().split("[[answers]]")) == 3
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 3
        assert len(store.load_history().attempts) == 2


def test_load_history_while_another_thread_records(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 50)
        attempt = store.start_attempt("quiz", "practice", [])
        errors: list[BaseException] = []
        done = threading.Event()

        def writer() -> None:
            try:
                for i in range(200):
                    store.record_answer(attempt, f"w{i % 10}", str(i), True, 0.5)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=writer)
        thread.start()
        counts = []
        while not done.is_set():
            counts.append(sum(len(a.answers) for a in store.load_history().attempts))
        thread.join()
        assert not errors
        assert counts == sorted(counts) and counts[0] >= 50
        assert sum(len(a.answers) for a in store.load_history().attempts) == 250
    assert len(history_answers(data_dir, "anna")) == 250


def test_closed_store_refuses_writes(data_dir: Path) -> None:
    store = ProgressStore.open(data_dir, "anna")
    attempt = store.start_attempt("quiz", "practice", [])
    store.close()
    with pytest.raises(ProgressError):
        store.record_answer(attempt, "q", "a", True, 1.0)


def test_path_description_names_the_folder(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        assert str(data_dir / "profiles" / "anna") in store.path_description()


def test_card_table_round_trips(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
        store.summary.questions["q0"].card = dict(CARD)
        store.checkpoint()
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.question_state("q0").card == CARD
        assert not store.notices


CARD = {
    "card_id": 7,
    "state": 2,
    "stability": 3.5,
    "difficulty": 5.0,
    "due": datetime(2030, 1, 1, tzinfo=UTC),
}
