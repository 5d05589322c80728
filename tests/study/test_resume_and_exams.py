"""Attempts left part way are resumed as they were; exams are graded once, at hand-in."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixture_course import write_course
from trainer.course.loader import load_course
from trainer.course.models import Course
from trainer.progress.keys import REVIEW_QUIZ_ID
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RIGHT = {"b1": "A", "b2": True, "b3": "heart", "b4": "A", "b5": [["a", "1"], ["b", "2"]]}


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    root = write_course(tmp_path / "course")
    final = root / "quizzes" / "final.toml"
    final.write_text(
        final.read_text().replace('title = "Final exam"', 'title = "Final exam"\nmode = "exam"')
        + '\n[[questions]]\nid = "f2"\nprompt = "Second?"\ntype = "true_false"\n'
        'explanation = "E."\nanswer = false\n'
    )
    return root


def _course(root: Path) -> Course:
    loaded = load_course(root)
    assert not loaded.problems, loaded.problems
    return loaded.course


def _history(data: Path, table: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((data / "profiles" / "anna" / "history").glob("*.toml")):
        rows += tomllib.loads(path.read_text()).get(table, [])
    return rows


def test_a_quiz_left_part_way_resumes_with_its_order_layout_and_answers(
    course_dir: Path, tmp_path: Path
) -> None:
    course = _course(course_dir)
    data = tmp_path / "data"
    session = StudySession.open(course, data, "anna", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["basics"])  # a seed of its own, saved
    order = [(item.question.id, item.choices) for item in run.attempt.items]
    first, second = order[0][0], order[1][0]
    session.answer(run, first, RIGHT[first], 3.0)
    session.answer(run, second, "wrong", 3.0)
    session.close()  # the terminal closes: nothing is abandoned

    again = StudySession.open(course, data, "anna", now=lambda: NOW)
    left = again.resumable("basics")
    assert left is not None and (left.given, left.total, left.kind) == (2, 5, "full")
    resumed = again.resume(left.attempt_id)
    assert resumed is not None and resumed.dropped == 0 and resumed.notice is None
    attempt = resumed.run.attempt
    assert [(item.question.id, item.choices) for item in attempt.items] == order
    assert attempt.answered == 2 and attempt.correct_count == 1
    assert attempt.next_index() == 2  # carries on where it stopped
    for item in attempt.items[2:]:
        again.answer(resumed.run, item.question.id, RIGHT[item.question.id], 1.0)
    again.finish(resumed.run)
    assert again.store is not None
    assert again.store.quiz_status("basics").last_score == 80.0
    # Every answer was saved once: the two before and the three after.
    assert len(_history(data, "answers")) == 5
    assert again.resumable("basics") is None
    again.close()


def test_questions_removed_or_changed_since_are_dropped_with_a_notice(
    course_dir: Path, tmp_path: Path
) -> None:
    course = _course(course_dir)
    data = tmp_path / "data"
    session = StudySession.open(course, data, "anna", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["basics"], seed=4)
    session.answer(run, "b1", "A", 1.0)
    session.close()
    quiz_file = course_dir / "quizzes" / "basics.toml"
    text = quiz_file.read_text().replace('prompt = "Fourth?"', 'prompt = "Fourth, reworded?"')
    quiz_file.write_text(text[: text.index('[[questions]]\nid = "b5"')])  # b5 removed
    changed = _course(course_dir)
    again = StudySession.open(changed, data, "anna", now=lambda: NOW)
    left = again.resumable("basics")
    assert left is not None
    resumed = again.resume(left.attempt_id)
    assert resumed is not None and resumed.dropped == 2
    assert resumed.notice == (
        "2 questions were removed or changed in the quiz file since you began, and left "
        "out of this attempt."
    )
    assert [i.question.id for i in resumed.run.attempt.items if i.question.id == "b4"] == []
    assert resumed.run.attempt.answered == 1
    again.close()


def test_starting_afresh_leaves_another_attempt_open_for_its_window(
    course_dir: Path, tmp_path: Path
) -> None:
    """Another copy of the app may be taking the older attempt: it is not closed under it;
    the newest is the one carried on. One that cannot be taken up is closed on request."""
    course = _course(course_dir)
    session = StudySession.open(course, tmp_path / "data", "anna", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["basics"], seed=1)
    session.answer(run, "b1", "A", 1.0)
    fresh = session.start_quiz(course.quizzes["basics"], seed=2)
    assert session.answer(run, "b2", True, 1.0).error is None  # still saving
    left = session.resumable("basics")
    assert left is not None and left.attempt_id == fresh.attempt_id and left.given == 0
    assert run.attempt_id is not None
    session.close_attempt(run.attempt_id)
    assert session.store is not None
    assert session.store.quiz_status("basics").abandoned == 1
    session.close()


def test_an_exam_keeps_answers_as_given_and_grades_them_once_at_hand_in(
    course_dir: Path, tmp_path: Path
) -> None:
    course = _course(course_dir)
    data = tmp_path / "data"
    session = StudySession.open(course, data, "anna", now=lambda: NOW)
    exam = course.quizzes["final"]
    run = session.start_quiz(exam, seed=1)
    assert run.exam
    assert session.save_draft(run, "f1", "B", flagged=True, seconds=4.0) is None
    assert session.save_draft(run, "f1", "A", flagged=False, seconds=2.0) is None  # changed
    assert session.save_draft(run, "f2", None, flagged=True) is None  # flagged, unanswered
    assert _history(data, "answers") == []  # nothing graded or scheduled yet
    assert [d["question"] for d in _history(data, "drafts")] == ["final/f1"] * 2 + ["final/f2"]
    session.close()

    again = StudySession.open(course, data, "anna", now=lambda: NOW)
    left = again.resumable("final")
    assert left is not None and left.given == 1
    resumed = again.resume(left.attempt_id)
    assert resumed is not None
    attempt = resumed.run.attempt
    assert attempt.drafts == {"f1": "A"} and attempt.flagged == {"f2"}
    assert attempt.answered == 0
    assert again.hand_in(resumed.run) is None
    answers = _history(data, "answers")
    assert [(a["question"], a["answer"], a["correct"]) for a in answers] == [
        ("final/f1", "A", True)
    ]  # once, with the final answer; the unanswered f2 is not an answer
    assert again.store is not None
    status = again.store.quiz_status("final")
    assert (status.last_score, status.last_passed) == (50.0, False)
    assert again.store.question_state("final/f1").card is not None
    again.close()


def test_a_time_limit_runs_in_wall_time_from_the_first_start(
    course_dir: Path, tmp_path: Path
) -> None:
    final = course_dir / "quizzes" / "final.toml"
    final.write_text(final.read_text().replace('mode = "exam"', 'mode = "exam"\ntime_limit = 20'))
    course = _course(course_dir)
    data = tmp_path / "data"
    clock = [NOW]
    session = StudySession.open(course, data, "anna", now=lambda: clock[0])
    run = session.start_quiz(course.quizzes["final"], seed=1)
    assert run.deadline == NOW + timedelta(minutes=20)
    session.close()
    clock[0] = NOW + timedelta(hours=1)
    again = StudySession.open(course, data, "anna", now=lambda: clock[0])
    left = again.resumable("final")
    assert left is not None
    resumed = again.resume(left.attempt_id)
    assert resumed is not None
    # The real start, as saved, not the moment it was resumed.
    assert resumed.run.deadline is not None and resumed.run.deadline < clock[0]
    again.close()


def test_a_review_left_part_way_resumes_too(small_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with ProgressStore.open(data, "anna") as store:
        attempt = store.start_attempt(REVIEW_QUIZ_ID, "review", ["basics/b1", "strokes/s1"])
        store.record_answer(attempt, "basics/b1", "A", True, 1.0)
    session = StudySession.open(small_course, data, "anna", now=lambda: NOW)
    left = session.resumable(REVIEW_QUIZ_ID)
    assert left is not None and left.kind == "review"
    resumed = session.resume(left.attempt_id)
    assert resumed is not None
    assert [i.question.id for i in resumed.run.attempt.items] == ["basics/b1", "strokes/s1"]
    assert resumed.run.attempt.answered == 1 and resumed.run.review
    session.close()


def test_an_exams_time_on_each_question_survives_a_resume(course_dir: Path, tmp_path: Path) -> None:
    course = _course(course_dir)
    data = tmp_path / "data"
    session = StudySession.open(course, data, "anna", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["final"], seed=1)
    session.save_draft(run, "f1", "A", flagged=False, seconds=9.0)
    session.close()
    again = StudySession.open(course, data, "anna", now=lambda: NOW)
    left = again.resumable("final")
    assert left is not None
    resumed = again.resume(left.attempt_id)
    assert resumed is not None and resumed.run.attempt.draft_seconds == {"f1": 9.0}
    again.save_draft(resumed.run, "f2", False, flagged=False, seconds=3.0)
    again.hand_in(resumed.run)
    assert resumed.run.attempt.seconds == 12.0  # the results' time counts both
    again.close()
