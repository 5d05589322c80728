"""The study core without Textual: what happens when a student answers, reads, resets."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.course.loader import load_course
from trainer.course.models import Course
from trainer.progress.errors import AttemptNotOpen, ProgressError
from trainer.progress.keys import REVIEW_QUIZ_ID
from trainer.progress.store import ProgressStore
from trainer.progress.transfer import import_record
from trainer.study.session import StudySession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def course(small_course_dir: Path) -> Course:
    loaded = load_course(small_course_dir)
    assert not loaded.problems
    return loaded.course


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _session(course: Course, data_dir: Path, now: datetime = NOW) -> StudySession:
    return StudySession.open(course, data_dir, "anna", now=lambda: now)


def _history(data_dir: Path) -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {}
    for path in sorted((data_dir / "profiles" / "anna" / "history").glob("*.toml")):
        for table, rows in tomllib.loads(path.read_text()).items():
            if isinstance(rows, list):
                merged.setdefault(table, []).extend(rows)
    return merged


def test_an_answer_is_graded_scheduled_and_on_disk_when_answer_returns(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["basics"], seed=1)
    answered = session.answer(run, "b2", True, 3.0)
    assert answered.response.grade.correct and answered.error is None
    # Read back from the file, not from memory: the answer and its card are saved.
    [saved] = _history(data_dir)["answers"]
    assert saved["question"] == "basics/b2" and saved["correct"] is True
    assert saved["card"]["state"] in (1, 2) and saved["card"]["last_review"] == NOW
    assert session.store is not None
    assert session.store.question_state("basics/b2").card == saved["card"]
    session.close()


def test_a_retake_asks_only_the_chosen_questions_under_the_same_keys(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["basics"], question_ids=["b1", "b4"], seed=1)
    assert sorted(item.question.id for item in run.attempt.items) == ["b1", "b4"]
    [start] = _history(data_dir)["attempts"]
    assert sorted(start["questions"]) == ["basics/b1", "basics/b4"]
    session.close()


def test_finish_saves_score_and_pass_once(course: Course, data_dir: Path) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "A", 2.0)
    assert session.finish(run) is None
    assert session.finish(run) is None  # a doubled finish saves nothing more
    [result] = _history(data_dir)["results"]
    assert result["outcome"] == "finished" and result["score"] == pytest.approx(100 / 3, 0.01)
    session.close()


def test_abandon_keeps_the_answers_and_closes_the_attempt(course: Course, data_dir: Path) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "B", 2.0)
    assert session.abandon(run) is None
    history = _history(data_dir)
    assert [r["outcome"] for r in history["results"]] == ["abandoned"]
    assert len(history["answers"]) == 1
    assert session.store is not None and not session.store.open_attempts()
    session.close()


def test_a_review_asks_what_is_due_and_saves_under_each_question_s_own_key(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    assert session.start_review() is None  # nothing answered: nothing due
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "B", 2.0)  # wrong: due again today
    session.finish(run)
    review = session.start_review(seed=1)
    assert review is not None and review.review and review.quiz.id == REVIEW_QUIZ_ID
    assert [item.question.id for item in review.attempt.items] == ["strokes/s1"]
    session.answer(review, "strokes/s1", "A", 2.0)
    assert session.store is not None
    assert session.store.question_state("strokes/s1").seen == 2
    session.close()


def test_a_review_takes_up_answers_another_copy_saved_meanwhile(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    other = _session(course, data_dir)
    run = other.start_quiz(course.quizzes["strokes"], seed=1)
    other.answer(run, "s1", "B", 2.0)
    other.finish(run)
    review = session.start_review(seed=1)
    assert review is not None
    assert [item.question.id for item in review.attempt.items] == ["strokes/s1"]
    other.close()
    session.close()


def test_a_read_only_session_grades_but_saves_nothing(course: Course, data_dir: Path) -> None:
    holder = ProgressStore.open(data_dir, "anna")
    with holder._lock:  # another copy is saving for longer than the wait
        session = StudySession.open(course, data_dir, "anna", wait=0.1)
    assert not session.saving
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    assert run.attempt_id is None
    assert session.answer(run, "s1", "A", 1.0).response.grade.correct
    holder.close()
    assert "answers" not in _history(data_dir)


def test_an_attempt_closed_elsewhere_goes_on_unsaved_and_says_why(
    course: Course, data_dir: Path, tmp_path: Path
) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "A", 1.0)
    record = tmp_path / "empty.toml"
    record.write_text(
        'schema_version = 2\n[profile]\nname = "anna"\ncreated_at = 2026-01-01T00:00:00Z\n'
    )
    import_record(data_dir, "anna", record)
    answered = session.answer(run, "s3", ["A", "B"], 1.0)
    assert isinstance(answered.error, AttemptNotOpen)
    assert run.attempt_id is None and run.unsaved_reason
    assert session.answer(run, "s2", ["x", "y"], 1.0).error is None  # no more tries
    assert any("replaced outside this window" in n for n in session.new_notices())
    assert session.new_notices() == []  # each notice is handed out once
    session.close()


def test_a_lesson_counts_as_read_only_when_every_page_end_was_seen(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    assert session.page_end_seen("basics", 2, 3) is None  # jumped to the last page
    assert not session.lesson_read("basics")
    session.page_end_seen("basics", 2, 3)  # seen again: nothing new
    session.page_end_seen("basics", 0, 3)
    assert not session.lesson_read("basics")
    session.page_end_seen("basics", 1, 3)
    assert session.lesson_read("basics")
    assert session.reading.pages_read("basics") == {0, 1, 2}
    assert [row["fraction"] for row in _history(data_dir)["lessons"]] == [0.33, 0.66, 1.0]
    session.close()


def test_reset_of_a_lesson_keeps_a_backup_reopens_and_forgets_its_reading(
    course: Course, data_dir: Path
) -> None:
    session = _session(course, data_dir)
    for page in range(2):
        session.page_end_seen("basics", page, 2)
    run = session.start_quiz(course.quizzes["basics"], seed=1)
    session.answer(run, "b2", True, 1.0)
    session.finish(run)
    other = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(other, "s1", "A", 1.0)
    session.finish(other)
    result = session.reset("basics")
    assert result.answers_removed == 1 and result.replaced is not None
    assert session.store is not None and not session.store.read_only
    assert session.store.question_state("basics/b2").seen == 0
    assert session.store.question_state("strokes/s1").seen == 1
    assert not session.lesson_read("basics")
    assert session.reading.pages_read("basics") == frozenset()
    session.close()


def test_reset_of_a_lesson_the_course_lacks_changes_nothing(course: Course, data_dir: Path) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "A", 1.0)
    session.finish(run)
    with pytest.raises(KeyError):
        session.reset("no-such-lesson")
    assert session.store is not None and session.store.question_state("strokes/s1").seen == 1
    session.close()


def test_a_reset_refused_reopens_the_store_and_raises(course: Course, data_dir: Path) -> None:
    session = _session(course, data_dir)
    session.wait = 0.1
    holder = ProgressStore.open(data_dir, "anna")
    with holder._lock, pytest.raises(ProgressError):
        # The profile is busy for longer than the reset waits.
        session.reset(None)
    assert session.store is not None
    holder.close()
    session.close()


def test_reviews_fall_due_by_the_session_clock(course: Course, data_dir: Path) -> None:
    session = _session(course, data_dir)
    run = session.start_quiz(course.quizzes["strokes"], seed=1)
    session.answer(run, "s1", "A", 1.0)  # right: due in days, not today
    session.finish(run)
    assert session.due_now() == []
    session.now = lambda: NOW + timedelta(days=30)
    assert session.due_now() == [("strokes", "s1")]
    session.close()
