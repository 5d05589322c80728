"""Honest scores: only a full attempt sets a quiz's pass, best, last and average.

A retake of the missed questions and a review are practice. Each attempt saves its kind
(history version 3); older history is read with the kinds worked out, and an older
summary, which counted retakes as scores, is recounted when the profile is opened.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.course.loader import load_course
from trainer.course.models import Course
from trainer.mastery.report import build_report
from trainer.progress.attempt_kinds import KindGuesser
from trainer.progress.keys import REVIEW_QUIZ_ID
from trainer.progress.store import ProgressStore
from trainer.progress.summary import dump_summary, load_summary
from trainer.progress.transfer import export_record, import_record, record_to_toml
from trainer.study.session import StudySession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def course(small_course_dir: Path) -> Course:
    return load_course(small_course_dir).course


def _history_attempts(data_dir: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((data_dir / "profiles" / "anna" / "history").glob("*.toml")):
        rows.extend(tomllib.loads(path.read_text()).get("attempts", []))
    return rows


def _fail_then_retake_the_missed(course: Course, data_dir: Path) -> StudySession:
    """The issue's case: a failed full attempt, then a retake of missed questions, all right."""
    session = StudySession.open(course, data_dir, "anna", now=lambda: NOW)
    quiz = course.quizzes["basics"]
    run = session.start_quiz(quiz, seed=1)
    for item in run.attempt.items:
        session.answer(run, item.question.id, "surely wrong", 1.0)
    session.finish(run)
    assert len(run.attempt.missed_ids()) == len(quiz.questions)
    retake = session.start_quiz(quiz, question_ids=["b1", "b2", "b3"], seed=1)
    assert retake.kind == "retake" and retake.attempt.partial
    for item in retake.attempt.items:
        right = {"b1": "A", "b2": True, "b3": "heart"}[item.question.id]
        session.answer(retake, item.question.id, right, 1.0)
    assert retake.attempt.score == 100.0 and retake.attempt.passed
    session.finish(retake)
    return session


def test_a_retake_of_the_missed_questions_never_sets_the_quizs_score(
    course: Course, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    session = _fail_then_retake_the_missed(course, data_dir)
    assert session.store is not None
    status = session.store.quiz_status("basics")
    assert (status.best_score, status.last_score, status.last_passed) == (0.0, 0.0, False)
    assert status.attempts == 1 and status.finished == 1
    assert status.practice == 1
    assert status.last_practice is not None
    assert (status.last_practice.kind, status.last_practice.asked) == ("retake", 3)
    assert status.last_practice.right == 3
    # The retake still taught the scheduler: its questions' cards moved on.
    assert session.store.question_state("basics/b2").right == 1
    session.close()
    assert [row["kind"] for row in _history_attempts(data_dir)] == ["full", "retake"]
    # The same after the summary is rebuilt from the history alone.
    (data_dir / "profiles" / "anna" / "profile.toml").unlink()
    with ProgressStore.open(data_dir, "anna") as store:
        rebuilt = store.quiz_status("basics")
    assert (rebuilt.best_score, rebuilt.last_passed, rebuilt.practice) == (0.0, False, 1)


def test_the_report_averages_full_attempts_only(course: Course, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _fail_then_retake_the_missed(course, data_dir).close()
    with ProgressStore.open(data_dir, "anna") as store:
        report = build_report(course, store.summary, store.load_history(), NOW, UTC)
    basics = next(quiz for quiz in report.quizzes if quiz.id == "basics")
    assert (basics.best, basics.last, basics.average, basics.scores) == (0.0, 0.0, 0.0, [0.0])
    assert basics.practice == 1 and basics.last_practice is not None
    assert basics.last_practice.right == 3
    assert report.model_dump(mode="json")["quizzes"][0]["last_practice"]["kind"] == "retake"


def test_a_review_is_practice_too(course: Course, tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "data", "anna") as store:
        attempt = store.start_attempt(REVIEW_QUIZ_ID, "review", ["basics/b1"])
        store.record_answer(attempt, "basics/b1", "Right", True, 1.0)
        store.finish_attempt(attempt, 100.0, True)
        status = store.quiz_status(REVIEW_QUIZ_ID)
    assert status.best_score is None and status.attempts == 0
    assert status.last_practice is not None and status.last_practice.kind == "review"


def test_kinds_of_old_history_are_worked_out_in_order() -> None:
    guess = KindGuesser()
    assert guess.kind("q", ["a", "b", "c"], None) == "full"
    assert guess.kind("q", ["b"], None) == "retake"  # a strict subset of the last full
    assert guess.kind("q", ["a", "b", "c"], None) == "full"  # all of them again
    assert guess.kind("other", ["b"], None) == "full"  # nothing earlier at that quiz
    assert guess.kind(REVIEW_QUIZ_ID, ["q/a"], None) == "review"
    assert guess.kind("q", ["a", "b", "c", "d"], None) == "full"  # the quiz grew
    assert guess.kind("q", ["a"], "full") == "full"  # a saved kind is taken as it is
    assert guess.kind("q", ["a"], None) == "full"  # ...and is the new last full


def _as_version_2(data_dir: Path) -> None:
    """Make the profile look written by the version before kinds: no kinds, summary v3."""
    for path in (data_dir / "profiles" / "anna" / "history").glob("*.toml"):
        text = path.read_text()
        text = text.replace('kind = "full"\n', "").replace('kind = "retake"\n', "")
        path.write_text(text.replace("schema_version = 3", "schema_version = 2"))
    summary_path = data_dir / "profiles" / "anna" / "profile.toml"
    summary = load_summary(summary_path)
    # What version 3 counted: the retake's 100% as the quiz's last and best score.
    summary.quizzes["basics"] = summary.quizzes["basics"].model_copy(
        update={"best_score": 100.0, "last_score": 100.0, "last_passed": True, "attempts": 2}
    )
    text = dump_summary(summary).decode().replace("schema_version = 4", "schema_version = 3")
    summary_path.write_text(text)


def test_an_older_summary_is_recounted_and_the_student_told(course: Course, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _fail_then_retake_the_missed(course, data_dir).close()
    _as_version_2(data_dir)
    assert "kind" not in (data_dir / "profiles/anna/profile.toml").read_text().split("[quizzes")[0]
    with ProgressStore.open(data_dir, "anna") as store:
        status = store.quiz_status("basics")
        notices = list(store.notices)
        card = store.question_state("basics/b2").card
    assert (status.best_score, status.last_passed, status.practice) == (0.0, False, 1)
    [notice] = notices
    assert "recounted" in notice and "basics" in notice and "No answer was lost" in notice
    assert card is not None
    assert "schema_version = 4" in (data_dir / "profiles/anna/profile.toml").read_text()
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.notices == []  # told once


def test_a_read_only_open_of_an_older_summary_shows_the_recount(
    course: Course, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    _fail_then_retake_the_missed(course, data_dir).close()
    _as_version_2(data_dir)
    from filelock import FileLock

    # Another copy holds the profile: this one opens read-only and recounts in memory.
    with (
        FileLock(str(data_dir / "profiles" / "anna.lock")),
        ProgressStore.open(data_dir, "anna", wait=0.05) as second,
    ):
        assert second.read_only
        assert second.quiz_status("basics").last_passed is False
    assert "schema_version = 3" in (data_dir / "profiles/anna/profile.toml").read_text()


def test_an_old_record_imports_with_kinds_and_exports_them(course: Course, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _fail_then_retake_the_missed(course, data_dir).close()
    with ProgressStore.open(data_dir, "anna") as store:
        exported = export_record(store).record
    assert [a.kind for a in exported.attempts] == ["full", "retake"]
    text = record_to_toml(exported)
    assert text.count('kind = "') == 2
    old = tmp_path / "old.toml"
    old.write_text(
        text.replace('kind = "full"\n', "")
        .replace('kind = "retake"\n', "")
        .replace("schema_version = 3", "schema_version = 2")
    )
    import_record(data_dir, "bea", old)
    with ProgressStore.open(data_dir, "bea") as store:
        status = store.quiz_status("basics")
    assert (status.best_score, status.practice) == (0.0, 1)
    kinds = []
    for path in sorted((data_dir / "profiles" / "bea" / "history").glob("*.toml")):
        kinds += [row["kind"] for row in tomllib.loads(path.read_text()).get("attempts", [])]
    assert kinds == ["full", "retake"]
