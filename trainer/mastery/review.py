"""The review queue: which questions are due, in what order, and when the next ones are.

A question is *due* when it has a card and its due time falls before the end of the
student's local day, or when its last answer was wrong. Questions never answered have no
card: they are new, not due (quizzes introduce them). Keys of questions no longer in the
course are ignored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainer.course.models import Course
from trainer.mastery import scheduling
from trainer.mastery.levels import (
    Level,
    group_level,
    lesson_levels,
    lesson_states,
    question_level,
    quiz_states,
)
from trainer.mastery.local_days import end_of_local_day, local_date
from trainer.progress.keys import store_key
from trainer.progress.models import QuestionState, QuizStatus

FORECAST_DAYS = 14


@dataclass(frozen=True)
class _Scheduled:
    quiz_id: str
    question_id: str
    type: str
    due: datetime
    recall: float
    difficulty: float
    missed: bool
    """Last answer wrong: due whatever the card says."""


def _scheduled(
    course: Course, states: Mapping[str, QuestionState], now: datetime
) -> Iterator[_Scheduled]:
    """Every current question of the course that has a card, in course order."""
    for quiz_id, quiz in course.quizzes.items():
        for question in quiz.questions:
            state = states.get(store_key(quiz_id, question.id))
            if state is None:
                continue
            card = scheduling.card_from_dict(state.card)
            if card is None:
                continue
            yield _Scheduled(
                quiz_id=quiz_id,
                question_id=question.id,
                type=question.type,
                due=card.due,
                recall=scheduling.card_retrievability(card, now),
                difficulty=card.difficulty or 0.0,
                missed=state.last_correct is False,
            )


def _mix_types(items: list[_Scheduled]) -> list[_Scheduled]:
    """Reorder so no two neighbours share a question type where avoidable.

    Greedy: take the hardest remaining item whose type differs from the previous one
    (the hardest overall when every remaining item has that type), so the order stays
    as close to hardest-first as the mixing allows. Linear in the number of items: only
    the head of each type's queue is compared.
    """
    queues: dict[str, deque[tuple[int, _Scheduled]]] = {}
    for rank, item in enumerate(items):
        queues.setdefault(item.type, deque()).append((rank, item))
    mixed: list[_Scheduled] = []
    previous: str | None = None
    while queues:
        others = [q for kind, q in queues.items() if kind != previous] or list(queues.values())
        queue = min(others, key=lambda q: q[0][0])
        _rank, item = queue.popleft()
        if not queue:
            del queues[item.type]
        mixed.append(item)
        previous = item.type
    return mixed


def due_questions(
    course: Course, question_states: Mapping[str, QuestionState], now: datetime, tz: tzinfo
) -> list[tuple[str, str]]:
    """The questions to review today, as ``(quiz_id, question_id)``, hardest first.

    Due: the card's due time is before the end of the local day of ``now`` in ``tz``, or
    the last answer was wrong (so a failed review never leaves the queue, even just before
    midnight). Order: lowest predicted recall first, then highest FSRS difficulty, then
    course order; then question types are interleaved (see ``_mix_types``).

    Raises:
        ValueError: ``now`` is naive.
    """
    horizon = end_of_local_day(now, tz)
    due = [s for s in _scheduled(course, question_states, now) if s.missed or s.due < horizon]
    due.sort(key=lambda s: (s.recall, -s.difficulty))  # stable: ties keep course order
    return [(s.quiz_id, s.question_id) for s in _mix_types(due)]


def ahead_questions(
    course: Course,
    question_states: Mapping[str, QuestionState],
    now: datetime,
    tz: tzinfo,
    limit: int,
) -> list[tuple[str, str]]:
    """The next ``limit`` questions by due date that are not due today ("study ahead")."""
    horizon = end_of_local_day(now, tz)
    later = [
        s for s in _scheduled(course, question_states, now) if not s.missed and s.due >= horizon
    ]
    later.sort(key=lambda s: s.due)
    return [(s.quiz_id, s.question_id) for s in later[:limit]]


def next_due(
    course: Course, question_states: Mapping[str, QuestionState], now: datetime, tz: tzinfo
) -> datetime | None:
    """When the next question falls due after today (aware UTC), or None if none will.

    Meant for "nothing due today: next review on ...". Questions due today are skipped.
    """
    horizon = end_of_local_day(now, tz)
    later = [
        s.due for s in _scheduled(course, question_states, now) if not s.missed and s.due >= horizon
    ]
    return min(later, default=None)


def forecast(
    course: Course,
    question_states: Mapping[str, QuestionState],
    now: datetime,
    tz: tzinfo,
    days: int = FORECAST_DAYS,
) -> list[tuple[date, int]]:
    """How many reviews fall due on each of the next ``days`` local days, today first.

    Today's count is ``len(due_questions(...))`` (it includes overdue questions).
    """
    today = local_date(now, tz)
    counts = dict.fromkeys((today + timedelta(days=i) for i in range(days)), 0)
    if not counts:
        return []
    horizon = end_of_local_day(now, tz)
    for item in _scheduled(course, question_states, now):
        day = today if item.missed or item.due < horizon else local_date(item.due, tz)
        if day in counts:
            counts[day] += 1
    return list(counts.items())


def weakest_lesson(
    course: Course,
    question_states: Mapping[str, QuestionState],
    quiz_statuses: Mapping[str, QuizStatus],
    now: datetime,
) -> str | None:
    """The started lesson with the lowest mastery, for "Practice weakest"; None if none.

    Only lessons with a quiz (one that loaded) and at least one answered question count
    (an unstarted lesson is "next", not "weak"). Ties go to the lower average predicted
    recall, then to the earlier lesson in the course.
    """
    levels = lesson_levels(course, question_states, quiz_statuses, now)
    candidates: list[tuple[Level, float, int, str]] = []
    for position, lesson in enumerate(course.lessons):
        level = levels[lesson.id]
        # Practising a lesson means taking its quiz: one without cannot be the weakest.
        if level is Level.NOT_STARTED or not course.quizzes_for(lesson):
            continue
        states = lesson_states(course, lesson.id, question_states)
        recalls = [
            scheduling.retrievability(state.card if state else None, now) for state in states
        ]
        average = sum(recalls) / len(recalls) if recalls else 0.0
        candidates.append((level, average, position, lesson.id))
    return min(candidates)[3] if candidates else None


def weakest_quiz(
    course: Course,
    lesson_id: str,
    question_states: Mapping[str, QuestionState],
    quiz_statuses: Mapping[str, QuizStatus],
    now: datetime,
) -> str | None:
    """Which of a lesson's quizzes "Practice weakest" starts: the one done worst on.

    Of the lesson's quizzes with an answered question, the one whose questions are at the
    lowest level (the lesson rule, on that quiz's questions alone), then with the lowest
    average predicted recall, then the first in the lesson's order. A quiz not yet taken
    is what comes next, not practice; it is chosen only when no quiz of the lesson has an
    answer (the lesson was started through another quiz's questions). None without quizzes.
    """
    quizzes = course.quizzes_for(lesson_id)
    candidates: list[tuple[Level, float, int, str]] = []
    for position, quiz in enumerate(quizzes):
        states = quiz_states(course, quiz.id, question_states)
        if not any(state is not None and state.seen for state in states):
            continue
        status = quiz_statuses.get(quiz.id)
        level = group_level(
            [question_level(state, now) for state in states],
            quiz_passed=status is not None and status.last_passed is True,
        )
        recalls = [
            scheduling.retrievability(state.card if state else None, now) for state in states
        ]
        candidates.append((level, sum(recalls) / len(recalls), position, quiz.id))
    if candidates:
        return min(candidates)[3]
    return quizzes[0].id if quizzes else None
