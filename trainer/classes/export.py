"""One student's file for a class report: ``records export --for-class``.

It carries what a class report needs and nothing of the scheduler's inner state: who the
student is (the profile's lasting id; the name, or a pseudonym with ``--anonymous``),
which course and version it was made on (every quiz's question ids, so a report can
match files from another version), the student's standing (the same report as
``massage-trainer progress``), when they last studied, how overdue their reviews are,
and every attempt with its answers (for item statistics and wrong-answer counts).
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from trainer.course.models import Course
from trainer.mastery.report import ProgressReport, build_report
from trainer.mastery.scheduling import due_at
from trainer.progress.models import Answer, History, Summary

FORMAT: Final = "massage-trainer class export"
VERSION = 1
OVERDUE_DAYS = 7
"""Reviews overdue by more than this many days count toward "falling behind"."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClassStudent(_Model):
    """Who the file is from: the id tells students apart; the name is for people."""

    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    name: str = Field(min_length=1, max_length=200)
    anonymous: bool = False


class ClassCourse(_Model):
    """The course the file was made on."""

    title: str
    version: str
    quizzes: dict[str, list[str]]
    """Every quiz's question ids, in order: what a report matches answers by."""


class ClassAnswer(_Model):
    """One answer: its question (id within the quiz), right or not, and what was given."""

    question: str
    correct: bool
    given: Answer
    answered_at: AwareDatetime
    seconds: float


class ClassAttempt(_Model):
    """One attempt at a quiz, with its kind (only ``full`` attempts are attempts at the
    quiz in item statistics; retakes of missed questions and reviews are practice)."""

    attempt: str
    quiz: str
    kind: Literal["full", "retake", "review"]
    started_at: AwareDatetime
    ended_at: AwareDatetime | None
    outcome: Literal["finished", "abandoned", "open"]
    score: float | None
    passed: bool | None
    questions: list[str] = Field(default_factory=list)
    """The questions the attempt asked, in order (ids within the quiz): a question asked
    but not answered counts as 0. Empty in records too old to say; then the questions
    answered are taken as the ones asked."""
    answers: list[ClassAnswer]


class ClassExport(_Model):
    """The whole file (JSON)."""

    format: Literal["massage-trainer class export"] = FORMAT
    version: int = Field(VERSION, ge=1, le=VERSION)
    exported_at: AwareDatetime
    student: ClassStudent
    course: ClassCourse
    last_activity: AwareDatetime | None
    reviews_overdue: int = Field(ge=0, le=10_000_000)
    """Reviews due more than ``OVERDUE_DAYS`` days ago."""
    oldest_overdue_days: float | None = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    progress: ProgressReport
    attempts: list[ClassAttempt]


def build_class_export(
    course: Course,
    summary: Summary,
    history: History,
    student: ClassStudent,
    now: datetime,
    tz: tzinfo,
) -> ClassExport:
    """The class file of one profile on ``course``, as of ``now``."""
    report = build_report(course, summary, history, now, tz)
    report = report.model_copy(update={"profile": student.name})
    overdue = [
        (now - due).total_seconds() / 86400
        for state in summary.questions.values()
        if (due := due_at(state.card)) is not None and (now - due).days >= OVERDUE_DAYS
    ]
    attempts = []
    for attempt in history.with_kinds().attempts:
        prefix = f"{attempt.quiz}/"
        attempts.append(
            ClassAttempt(
                attempt=attempt.attempt,
                quiz=attempt.quiz,
                kind=attempt.kind or "full",
                started_at=attempt.started_at,
                ended_at=attempt.ended_at,
                outcome=attempt.outcome,
                score=attempt.score,
                passed=attempt.passed,
                questions=[q.removeprefix(prefix) for q in attempt.questions],
                answers=[
                    ClassAnswer(
                        question=answer.question.removeprefix(prefix),
                        correct=answer.correct,
                        given=answer.answer,
                        answered_at=answer.answered_at,
                        seconds=answer.seconds,
                    )
                    for answer in attempt.answers
                ],
            )
        )
    return ClassExport(
        exported_at=now,
        student=student,
        course=ClassCourse(
            title=course.info.title,
            version=course.info.version,
            quizzes={qid: [q.id for q in quiz.questions] for qid, quiz in course.quizzes.items()},
        ),
        last_activity=summary.last_activity,
        reviews_overdue=len(overdue),
        oldest_overdue_days=round(max(overdue), 1) if overdue else None,
        progress=report,
        attempts=attempts,
    )


def class_export_json(export: ClassExport) -> str:
    """The file's text: JSON, indented, UTF-8 as written."""
    data: dict[str, Any] = export.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
