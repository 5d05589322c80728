"""``records export --for-class``: the file a class report reads, from a real profile."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixture_course import write_course
from trainer.classes.export import ClassExport
from trainer.cli import main
from trainer.course.loader import load_course
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession


@pytest.fixture
def studied(tmp_path: Path) -> tuple[Path, Path]:
    """A course and a profile 'anna' that took its basics quiz, one answer wrong."""
    root = write_course(tmp_path / "course")
    course = load_course(root).course
    data = tmp_path / "data"
    with ProgressStore.open(data, "anna") as store:
        session = StudySession(course, store, now=lambda: datetime.now(UTC))
        run = session.start_quiz(course.quizzes["basics"], seed=1)
        for number, item in enumerate(run.attempt.items):
            question = item.question
            right = getattr(question, "correct", None) or getattr(question, "answer", None)
            given = "surely wrong" if number == 0 else right
            session.answer(run, question.id, given if given is not None else "x", 3.0)
        session.finish(run)
    return root, data


def export(root: Path, data: Path, out: Path, *extra: str) -> tuple[int, dict]:
    argv = ["records", "export", "--for-class", "--data-dir", str(data), "--profile", "anna"]
    code = main([*argv, "--course", str(root), "-o", str(out), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_the_class_file_carries_the_id_standing_and_every_answer(studied, tmp_path, capsys):
    root, data = studied
    code, document = export(root, data, tmp_path / "anna.json")
    assert code == 0
    checked = ClassExport.model_validate(document)
    with ProgressStore.open(data, "anna") as store:
        assert store.identity is not None
        assert checked.student.id == store.identity.id
    assert (checked.student.name, checked.student.anonymous) == ("anna", False)
    assert checked.course.quizzes["basics"] == [
        q.id for q in load_course(root).course.quizzes["basics"].questions
    ]
    [attempt] = checked.attempts
    assert (attempt.quiz, attempt.kind, attempt.outcome) == ("basics", "full", "finished")
    assert len(attempt.answers) == len(checked.course.quizzes["basics"])
    assert attempt.answers[0].given == "surely wrong" and not attempt.answers[0].correct
    assert "/" not in attempt.answers[0].question  # question ids within the quiz
    # The questions asked, in the order asked: a report counts one left blank as wrong.
    assert sorted(attempt.questions) == sorted(checked.course.quizzes["basics"])
    assert attempt.questions == [answer.question for answer in attempt.answers]
    assert checked.last_activity is not None
    assert [lesson.id for lesson in checked.progress.lessons] == ["basics", "strokes"]
    assert "Wrote" in capsys.readouterr().err


def test_anonymous_files_hold_a_pseudonym_and_never_the_name(studied, tmp_path, capsys):
    root, data = studied
    out = tmp_path / "anon.json"
    code, document = export(root, data, out, "--anonymous")
    assert code == 0
    name = document["student"]["name"]
    assert name.startswith("Student ") and document["student"]["anonymous"] is True
    assert '"anna"' not in out.read_text(encoding="utf-8")
    assert f"Your name in this file is {name!r}" in capsys.readouterr().err
    # The same pseudonym every time: the student can tell the instructor which is theirs.
    assert export(root, data, tmp_path / "again.json", "--anonymous")[1]["student"]["name"] == name


def test_a_display_name_and_refusals(studied, tmp_path, capsys):
    root, data = studied
    assert export(root, data, tmp_path / "n.json", "--name", "Anna K.")[1]["student"]["name"] == (
        "Anna K."
    )
    argv = ["records", "export", "--data-dir", str(data), "--profile", "anna"]
    assert main([*argv, "--anonymous"]) == 2
    assert "--anonymous and --name are for --for-class" in capsys.readouterr().err
    assert main([*argv, "--for-class", "--format", "toml", "--course", str(root)]) == 2
    assert "--for-class writes JSON" in capsys.readouterr().err
