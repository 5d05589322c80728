"""Course-wide invariants of the built-in course at the top of the repository.

The files are read with ``tomllib`` directly, so these checks stand apart from the
loader; one extra test also runs the real loader and expects no problems.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[1]
LESSONS_DIR = ROOT / "lessons"
QUIZZES_DIR = ROOT / "quizzes"
FENCE = "+++"

QUESTION_TYPES = ("single", "multiple", "true_false", "short", "matching", "ordering")
MIN_USES_PER_TYPE = 5
LESSON_QUIZ_QUESTIONS = range(6, 13)
LESSON_WORDS = range(350, 1201)
FINAL_EXAM_MIN_QUESTIONS = 25

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.MULTILINE)
_KEY_TERMS = re.compile(r"^##\s+Key terms\s*$", re.MULTILINE)


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the parsed TOML front matter and the Markdown body of a lesson."""
    lines = text.splitlines(keepends=True)
    assert lines and lines[0].strip() == FENCE, "lesson must start with a +++ line"
    for i in range(1, len(lines)):
        if lines[i].strip() == FENCE:
            return tomllib.loads("".join(lines[1:i])), "".join(lines[i + 1 :])
    raise AssertionError("front matter has no closing +++ line")


def _read_lessons() -> dict[str, tuple[dict[str, Any], str]]:
    return {
        path.stem: _split_front_matter(path.read_text(encoding="utf-8"))
        for path in sorted(LESSONS_DIR.glob("*.md"))
    }


def _read_quizzes() -> dict[str, dict[str, Any]]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(QUIZZES_DIR.glob("*.toml"))
    }


LESSONS = _read_lessons()
QUIZZES = _read_quizzes()
LINKED_QUIZZES = {meta["quiz"] for meta, _ in LESSONS.values() if "quiz" in meta}


def _lesson_quiz_ids() -> list[str]:
    return sorted(LINKED_QUIZZES & QUIZZES.keys())


def test_course_has_lessons_and_quizzes() -> None:
    assert (ROOT / "course.toml").is_file()
    assert LESSONS, "no lessons found"
    assert QUIZZES, "no quizzes found"


@pytest.mark.parametrize("lesson_id", sorted(LESSONS))
def test_lesson_quiz_exists_and_points_back(lesson_id: str) -> None:
    meta, _ = LESSONS[lesson_id]
    quiz_id = meta.get("quiz")
    assert quiz_id, f"lesson {lesson_id} names no quiz"
    assert quiz_id in QUIZZES, f"lesson {lesson_id} names missing quiz {quiz_id}"
    assert QUIZZES[quiz_id].get("lesson") == lesson_id


@pytest.mark.parametrize("lesson_id", sorted(LESSONS))
def test_lesson_body_shape(lesson_id: str) -> None:
    meta, body = LESSONS[lesson_id]
    words = len(body.split())
    assert words in LESSON_WORDS, f"{lesson_id}: {words} words"
    assert _KEY_TERMS.search(body), f"{lesson_id}: no '## Key terms' section"
    assert _LIST_ITEM.search(body), f"{lesson_id}: no list"
    assert meta.get("title"), f"{lesson_id}: no title"


@pytest.mark.parametrize("lesson_id", sorted(LESSONS))
def test_lesson_has_sources(lesson_id: str) -> None:
    meta, _ = LESSONS[lesson_id]
    sources = meta.get("sources", [])
    assert sources, f"{lesson_id}: no sources"
    assert all(isinstance(s, str) and s.strip() for s in sources)


def test_final_exam_is_the_only_standalone_quiz() -> None:
    standalone = sorted(QUIZZES.keys() - LINKED_QUIZZES)
    assert len(standalone) == 1, f"quizzes not reached from a lesson: {standalone}"
    exam = QUIZZES[standalone[0]]
    assert exam.get("mode") == "exam"
    assert len(exam.get("questions", [])) >= FINAL_EXAM_MIN_QUESTIONS


@pytest.mark.parametrize("quiz_id", _lesson_quiz_ids())
def test_lesson_quiz_size(quiz_id: str) -> None:
    count = len(QUIZZES[quiz_id].get("questions", []))
    assert count in LESSON_QUIZ_QUESTIONS, f"{quiz_id}: {count} questions"


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_questions_have_unique_ids_and_explanations(quiz_id: str) -> None:
    questions = QUIZZES[quiz_id].get("questions", [])
    ids = [q.get("id") for q in questions]
    assert all(ids), f"{quiz_id}: a question has no id"
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"{quiz_id}: duplicate ids {duplicates}"
    for q in questions:
        assert str(q.get("explanation", "")).strip(), f"{quiz_id}/{q['id']}: empty explanation"


def test_every_question_type_is_used_enough() -> None:
    uses = Counter(q.get("type") for quiz in QUIZZES.values() for q in quiz.get("questions", []))
    assert set(uses) <= set(QUESTION_TYPES), f"unknown types: {set(uses) - set(QUESTION_TYPES)}"
    too_few = {t: uses[t] for t in QUESTION_TYPES if uses[t] < MIN_USES_PER_TYPE}
    assert not too_few, f"question types used fewer than {MIN_USES_PER_TYPE} times: {too_few}"


def test_builtin_course_loads_without_problems() -> None:
    from trainer.course.loader import load_course

    loaded = load_course(ROOT)
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.course.lessons) == len(LESSONS)
    assert loaded.course.quizzes.keys() == QUIZZES.keys()
