"""Synthetic class files (``records export --for-class``) for benchmarks and tests.

Each student has an ability and each question a difficulty; a student gets a question
right with a logistic chance of the difference, and picks a wrong choice otherwise (the
first wrong choice more often, so distractor lists have a clear leader). Each student
takes every quiz as a full attempt one to three times, then reviews questions until the
file holds ``answers`` answers. The files are written as JSON directly (not through the
models) so a class of 200 students x 5,000 answers is made in seconds; tests check that
``ClassExport`` reads them.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.course.models import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _right_and_wrong(question: QuestionBase, rng: random.Random) -> tuple[Any, Any]:
    """A right answer and a wrong one, as the app saves them."""
    if isinstance(question, SingleChoice):
        weights = [3, *([1] * (len(question.wrong) - 1))]
        return question.correct, rng.choices(question.wrong, weights)[0]
    if isinstance(question, MultipleChoice):
        return list(question.correct), [*question.correct[:-1], question.wrong[0]]
    if isinstance(question, TrueFalse):
        return question.answer, not question.answer
    if isinstance(question, ShortAnswer):
        return question.accept[0], rng.choice(["not sure", "muscle", "skin"])
    if isinstance(question, Matching):
        pairs = [list(pair) for pair in question.pairs]
        swapped = [[pairs[0][0], pairs[1][1]], [pairs[1][0], pairs[0][1]], *pairs[2:]]
        return pairs, swapped
    if isinstance(question, Ordering):
        return list(question.order), list(reversed(question.order))
    raise TypeError(type(question).__name__)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def student_file(
    course: Course,
    number: int,
    answers: int,
    seed: int = 0,
    *,
    exported_at: datetime | None = None,
    idle_days: float = 1.0,
) -> dict[str, Any]:
    """One student's class file as JSON data."""
    rng = random.Random(seed * 1_000_003 + number)
    ability = rng.gauss(0.0, 1.0)
    clock = START + timedelta(hours=number % 24)
    difficulty = {
        (quiz_id, question.id): random.Random(f"{quiz_id}/{question.id}").gauss(0.0, 1.0)
        for quiz_id, quiz in course.quizzes.items()
        for question in quiz.questions
    }
    attempts: list[dict[str, Any]] = []
    given = 0

    def answer(quiz_id: str, question: QuestionBase) -> dict[str, Any]:
        nonlocal clock
        chance = 1 / (1 + math.exp(difficulty[(quiz_id, question.id)] - ability))
        correct = rng.random() < chance
        right, wrong = _right_and_wrong(question, rng)
        clock += timedelta(seconds=rng.randint(5, 60))
        return {
            "question": question.id,
            "correct": correct,
            "given": right if correct else wrong,
            "answered_at": _iso(clock),
            "seconds": float(rng.randint(3, 50)),
        }

    def attempt(quiz_id: str, kind: str, questions: list[QuestionBase]) -> None:
        nonlocal clock, given
        quiz = course.quizzes[quiz_id]
        started = clock
        made = [answer(quiz_id, question) for question in questions]
        given += len(made)
        right = sum(1 for a in made if a["correct"])
        score = 100 * right / len(questions)
        attempts.append(
            {
                "attempt": f"{_iso(started)}-{number:06x}{len(attempts):04x}",
                "quiz": quiz_id,
                "kind": kind,
                "started_at": _iso(started),
                "ended_at": _iso(clock),
                "outcome": "finished",
                "score": score,
                "passed": score >= quiz.pass_mark,
                "questions": [q.id for q in questions],
                "answers": made,
            }
        )
        clock += timedelta(hours=rng.randint(2, 30))

    quiz_ids = list(course.quizzes)
    for quiz_id in quiz_ids:
        for _ in range(rng.randint(1, 3)):
            if given >= answers:
                break
            attempt(quiz_id, "full", list(course.quizzes[quiz_id].questions))
    while given < answers:
        quiz_id = rng.choice(quiz_ids)
        pool = list(course.quizzes[quiz_id].questions)
        take = rng.sample(pool, min(len(pool), answers - given, 10))
        attempt(quiz_id, "review", take)
    last = clock
    exported = exported_at or last + timedelta(days=idle_days)
    lessons = [
        {
            "id": lesson.id,
            "title": lesson.title,
            "fraction_read": 1.0 if rng.random() < 0.8 else round(rng.random(), 2),
            "quiz_id": next(iter(course.lesson_quizzes.get(lesson.id, ())), None),
            "quiz_ids": list(course.lesson_quizzes.get(lesson.id, ())),
            "level": "familiar",
            "level_label": "Familiar",
            "questions": 0,
            "mastery": 0.5,
            "by_level": {},
        }
        for lesson in course.lessons
    ]
    return {
        "format": "massage-trainer class export",
        "version": 1,
        "exported_at": _iso(exported),
        "student": {"id": f"{number:08x}{seed:024x}", "name": f"Student {number:03d}"},
        "course": {
            "title": course.info.title,
            "version": course.info.version,
            "quizzes": {
                quiz_id: [q.id for q in quiz.questions] for quiz_id, quiz in course.quizzes.items()
            },
        },
        "last_activity": _iso(last),
        "reviews_overdue": 0,
        "oldest_overdue_days": None,
        "progress": {
            "profile": f"Student {number:03d}",
            "generated_at": _iso(exported),
            "answers": given,
            "lessons": lessons,
            "topics": [],
            "quizzes": [],
            "most_missed": [],
            "streak_days": None,
            "time_spent_seconds": None,
            "due_today": 0,
            "next_due": None,
            "weakest_lesson": None,
        },
        "attempts": attempts,
    }


def write_class(
    course: Course, folder: Path, students: int, answers: int, seed: int = 0
) -> Iterator[Path]:
    """Write ``students`` files of ``answers`` answers each into ``folder``, yielding each.

    Indented as ``records export --for-class`` writes them (about 550 bytes an answer)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(students):
        path = folder / f"student-{number:03d}.json"
        data = student_file(course, number, answers, seed)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        yield path
