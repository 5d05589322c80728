"""A question tests its own ``lesson`` if set, else its quiz's lesson: the rule in the core.

So a final exam counts toward the mastery of the lessons its questions name.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixture_course import write_course
from trainer.course.loader import load_course
from trainer.course.models import Course
from trainer.mastery.levels import Level, lesson_levels
from trainer.mastery.report import build_report
from trainer.study.session import StudySession
from trainer.ui.launch import builtin_course_dir

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _final_names(root: Path, names: dict[str, str]) -> Path:
    """The small course with its final exam's questions naming lessons."""
    final = root / "quizzes" / "final.toml"
    text = final.read_text()
    for question_id, lesson_id in names.items():
        text = text.replace(
            f'id = "{question_id}"\n', f'id = "{question_id}"\nlesson = "{lesson_id}"\n'
        )
    final.write_text(text)
    return root


def test_the_rule_own_lesson_else_the_quizs(tmp_path: Path) -> None:
    course = load_course(_final_names(write_course(tmp_path), {"f1": "strokes"})).course
    basics = course.quizzes["basics"]
    final = course.quizzes["final"]
    assert course.tested_lesson(basics, basics.questions[0]) == "basics"
    assert course.tested_lesson(final, final.questions[0]) == "strokes"
    testing = [(quiz.id, question.id) for quiz, question in course.questions_testing("strokes")]
    assert testing == [("strokes", "s1"), ("strokes", "s2"), ("strokes", "s3"), ("final", "f1")]
    assert [q.id for _, q in course.questions_testing("basics")] == ["b1", "b2", "b3", "b4", "b5"]
    assert course.questions_testing("nowhere") == []


def test_validate_names_a_question_lesson_that_does_not_exist(tmp_path: Path) -> None:
    root = _final_names(write_course(tmp_path), {"f1": "stroke"})
    [problem] = load_course(root).problems
    assert problem.path.name == "final.toml"
    text = (root / "quizzes" / "final.toml").read_text().splitlines()
    assert text[problem.line - 1] == 'lesson = "stroke"'
    assert "question 'f1': lesson 'stroke' does not exist" in problem.message
    assert "did you mean `strokes`?" in problem.message


def test_an_exam_alone_counts_toward_its_lessons_mastery(tmp_path: Path) -> None:
    """The issue's check, on the built-in course: a fresh profile takes only the exam."""
    course = load_course(builtin_course_dir()).course
    exam = course.quizzes["final-exam"]
    assert all(q.lesson is not None for q in exam.questions), "every exam question names one"
    session = StudySession.open(course, tmp_path / "data", "anna", now=lambda: NOW)
    run = session.start_quiz(exam, seed=3)
    for item in run.attempt.items:
        session.answer(run, item.question.id, "not the answer", 1.0)
    session.finish(run)
    assert session.store is not None
    summary = session.store.summary
    levels = lesson_levels(course, summary.questions, summary.quizzes, NOW)
    tested = {q.lesson for q in exam.questions}
    assert tested == {lesson.id for lesson in course.lessons}
    assert all(levels[lesson_id] > Level.NOT_STARTED for lesson_id in tested), levels
    report = build_report(course, summary, None, NOW, UTC)
    friction = next(lesson for lesson in report.lessons if lesson.id == "friction")
    own = len(course.quizzes["friction"].questions)
    assert friction.questions == own + sum(q.lesson == "friction" for q in exam.questions)
    session.close()


def test_resetting_a_lesson_forgets_its_exam_answers_too(tmp_path: Path) -> None:
    root = _final_names(write_course(tmp_path / "course"), {"f1": "strokes"})
    course: Course = load_course(root).course
    data = tmp_path / "data"
    session = StudySession.open(course, data, "anna", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["final"], seed=1)
    session.answer(run, "f1", "A", 1.0)
    session.finish(run)
    assert lesson_levels(course, session.store.summary.questions, {}, NOW)["strokes"] > 0  # type: ignore[union-attr]
    session.reset("strokes")
    assert session.store is not None
    assert session.store.question_state("final/f1").seen == 0
    levels = lesson_levels(course, session.store.summary.questions, {}, NOW)
    assert levels["strokes"] is Level.NOT_STARTED
    # Every answer of that exam attempt was about the lesson, so the attempt went too.
    assert session.store.quiz_status("final").finished == 0
    session.close()
    rows = []
    for path in (data / "profiles" / "anna" / "history").glob("*.toml"):
        rows += tomllib.loads(path.read_text()).get("answers", [])
    assert rows == []


@pytest.mark.parametrize(
    "quiz_file", sorted((Path(builtin_course_dir()) / "quizzes").glob("*.toml"))
)
def test_builtin_lesson_keys_name_real_lessons(quiz_file: Path) -> None:
    lessons = {p.stem for p in (Path(builtin_course_dir()) / "lessons").glob("*.md")}
    for question in tomllib.loads(quiz_file.read_text())["questions"]:
        assert question.get("lesson", next(iter(lessons))) in lessons
