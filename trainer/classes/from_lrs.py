"""A class from a Learning Record Store: each student's statements made a class file.

``class report --lrs`` reads the statements the students sent (``records send``), and
``trainer.xapi.reverse`` rebuilds each student's history from them. This module turns
such a history into the same ``ClassExport`` a student's own file holds, so the report is
built one way whatever the source.

Statements do not carry the scheduler's state (a class file does not either), so each
question's card is worked out again from the answers, in the order given, as the app
schedules them (with the scheduler's random spread of due dates off): levels and overdue
reviews from an LRS can differ a little from the student's own.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from trainer.classes.export import ClassExport, ClassStudent, build_class_export
from trainer.course.models import Course, QuestionBase
from trainer.mastery.scheduling import make_scheduler, schedule
from trainer.progress.models import History, HistoryChunk
from trainer.progress.records import record_events
from trainer.progress.summary import apply_chunk, fresh_summary
from trainer.quiz.kinds import DEFAULT_SLOW_AFTER, kind_of


class NotAStudent(ValueError):
    """An actor whose statements cannot be a student's class file (the message says why)."""


def _questions(course: Course) -> dict[str, QuestionBase]:
    return {
        f"{quiz_id}/{question.id}": question
        for quiz_id, quiz in course.quizzes.items()
        for question in quiz.questions
    }


def with_cards(history: History, course: Course) -> History:
    """``history`` with each answer's card scheduled again from the answers before it."""
    scheduler = make_scheduler(enable_fuzzing=False)
    questions = _questions(course)
    cards: dict[str, dict[str, Any]] = {}
    answers = sorted(
        (answer for attempt in history.attempts for answer in attempt.answers),
        key=lambda answer: answer.answered_at,
    )
    for answer in answers:
        question = questions.get(answer.question)
        slow_after = kind_of(question).slow_after if question is not None else DEFAULT_SLOW_AFTER
        card = schedule(
            cards.get(answer.question),
            answer.question,
            correct=answer.correct,
            seconds=answer.seconds,
            now=answer.answered_at,
            slow_after=slow_after,
            scheduler=scheduler,
        )
        cards[answer.question] = card
        answer.card = card
    return history


def class_export_from_history(
    course: Course,
    student_id: str,
    name: str,
    history: History,
    now: datetime,
    tz: tzinfo,
) -> ClassExport:
    """The class file a student with this history would write on ``course`` at ``now``.

    Raises:
        NotAStudent: the id is not a profile id of ours (another program's actor).
    """
    try:
        student = ClassStudent(id=student_id, name=name.strip() or student_id[:8])
    except ValueError:
        raise NotAStudent(
            f"actor {student_id[:40]!r} is not a massage-trainer profile id"
        ) from None
    history = with_cards(history, course)
    summary = fresh_summary(student.name)
    chunk = HistoryChunk()
    for event in record_events(history):
        chunk.extend(HistoryChunk.of(event))
    apply_chunk(summary, chunk)
    return build_class_export(course, summary, history, student, now, tz)
