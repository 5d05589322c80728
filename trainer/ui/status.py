"""Words for a student's standing in a lesson, computed from the progress summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.progress.models import QuizStatus
    from trainer.progress.store import ProgressStore


@dataclass(frozen=True)
class LessonStanding:
    """What the home screen says about one lesson."""

    symbol: str
    words: str


def lesson_standing(
    store: ProgressStore | None,
    lesson_id: str,
    quiz_ids: tuple[str, ...],
    level: str | None = None,
) -> LessonStanding:
    """Reading and quiz status of a lesson, as a symbol and a few words.

    With one quiz, its last score; with several, how many were passed on their last full
    attempt (``quizzes: 1 of 2 passed``): the chooser (``t``) shows each one's score.
    """
    if store is None:
        return LessonStanding("○", "not started")
    lesson = store.lesson_status(lesson_id)
    statuses = [store.quiz_status(quiz_id) for quiz_id in quiz_ids]
    parts: list[str] = []
    fraction = lesson.fraction if lesson else 0.0
    if lesson and lesson.read_at is not None:
        symbol, parts = "●", ["read"]
    elif fraction > 0:
        symbol, parts = "◐", [f"reading {fraction:.0%}"]
    else:
        tried = any(quiz is not None and quiz.attempts > 0 for quiz in statuses)
        symbol, parts = "○", ["not read yet" if tried else "not started"]
    if len(quiz_ids) == 1:
        quiz, quiz_id = statuses[0], quiz_ids[0]
        if quiz and quiz.last_score is not None:
            verdict = "passed" if quiz.last_passed else "not passed"
            best = f", best {quiz.best_score:.0f}%" if quiz.best_score != quiz.last_score else ""
            parts.append(f"quiz {quiz.last_score:.0f}% {verdict}{best}")
            if quiz.last_passed:
                symbol = "✔"
        if quiz and (retake := latest_retake(quiz)):
            parts.append(retake)
        if going := in_progress(store, quiz_id):
            parts.append(going)
    elif quiz_ids:
        passed = sum(1 for quiz in statuses if quiz is not None and quiz.last_passed)
        if any(quiz is not None and quiz.last_score is not None for quiz in statuses):
            parts.append(f"quizzes: {passed} of {len(quiz_ids)} passed")
        if passed == len(quiz_ids):
            symbol = "✔"
        left = sum(1 for quiz_id in quiz_ids if store.open_attempt_progress(quiz_id))
        if left:
            parts.append(f"{left} in progress: t carries on")
    if level:
        parts.append(f"mastery: {level.lower()}")
    return LessonStanding(symbol, " · ".join(parts))


def quiz_choice(store: ProgressStore | None, quiz_id: str) -> str:
    """A quiz's standing in the chooser's few words: ``passed, best 90%``, ``not taken``,
    ``not passed, last 60%, best 70% · in progress, 3 of 8 answered``."""
    quiz = store.quiz_status(quiz_id) if store else None
    if quiz is None or quiz.last_score is None:
        words = "not taken"
    elif quiz.last_passed:
        words = f"passed, best {quiz.best_score:.0f}%"
    else:
        words = f"not passed, last {quiz.last_score:.0f}%, best {quiz.best_score:.0f}%"
    going = store.open_attempt_progress(quiz_id) if store else None
    if going is None:
        return words
    _, given, total = going
    progress = f"in progress, {given} of {total} answered"
    return progress if words == "not taken" else f"{words} · {progress}"


def quiz_standing(store: ProgressStore | None, quiz_id: str) -> str:
    """A quiz's last and best score in words."""
    quiz = store.quiz_status(quiz_id) if store else None
    going = in_progress(store, quiz_id)
    if quiz is None or quiz.last_score is None:
        return going or "not taken"
    verdict = "passed" if quiz.last_passed else "not passed"
    words = f"last {quiz.last_score:.0f}% {verdict} · best {quiz.best_score:.0f}%"
    retake = latest_retake(quiz)
    extra = [part for part in (retake, going) if part]
    return " · ".join([words, *extra])


def in_progress(store: ProgressStore | None, quiz_id: str) -> str | None:
    """``"quiz in progress (3 of 8 answered): t carries on"`` for an attempt left open."""
    found = store.open_attempt_progress(quiz_id) if store else None
    if found is None:
        return None
    mode, given, total = found
    what = "exam" if mode == "exam" else "quiz"
    return f"{what} in progress ({given} of {total} answered): t carries on"


def latest_retake(quiz: QuizStatus) -> str | None:
    """``"retake of 6 missed: 6/6"`` when a retake came after the last full attempt.

    A retake is practice: it is shown as what it was, never as the quiz's score.
    """
    practice = quiz.last_practice
    if practice is None or practice.kind != "retake":
        return None
    if quiz.last_at is not None and practice.at < quiz.last_at:
        return None
    return f"retake of {practice.asked} missed: {practice.right}/{practice.asked}"
