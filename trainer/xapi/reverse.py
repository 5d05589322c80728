"""Students' histories rebuilt from statements read back from an LRS (``class report --lrs``).

The reverse of ``statements``: ``answered``, ``completed``, ``passed``/``failed`` and
``experienced`` statements of ours become attempts with their answers, and lessons read.
An LRS holds everyone's statements, so anything that is not ours is passed over: another
system's activities or actors, verbs we do not send, another course when one is asked
for. An LRS hides voided statements by itself; an ``answered`` statement voided by a
statement in the same set is dropped too, so a set exported to a file reads the same.

Statements come from a server, so nothing in them is trusted: one of ours that cannot be
read (a field missing or of the wrong type, a date out of range) is left out and named
in ``problems``, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from trainer.progress.attempt_kinds import KINDS
from trainer.progress.models import AnswerRecord, AttemptRecord, History, LessonRecord
from trainer.xapi.vocabulary import (
    ANSWER_EXT,
    ANSWERED,
    ATTEMPT_EXT,
    COMPLETED,
    EXPERIENCED,
    FAILED,
    HOME_PAGE,
    KIND_EXT,
    MODE_EXT,
    PASSED,
    QUESTIONS_EXT,
    STARTED_EXT,
    VOIDED,
    Activity,
    parse_activity,
)

_PROFILE_ID = re.compile(r"^[0-9a-f]{32}$")
_DURATION = re.compile(
    r"^P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_MAX_PROBLEMS = 100


@dataclass
class LrsStudent:
    """One student as an LRS knows them: their profile's id, the name they sent last,
    and the history their statements rebuild."""

    id: str
    """The profile's lasting id (the actor's ``account.name``)."""
    name: str
    history: History = field(default_factory=History)


class _Unreadable(ValueError):
    """A statement of ours that cannot be read; the message says why."""


@dataclass
class _Attempt:
    """What the statements of one attempt say, gathered before it becomes a record."""

    quiz: str = ""
    mode: str = ""
    kind: str | None = None
    started_at: datetime | None = None
    questions: list[str] | None = None
    finished: datetime | None = None
    score: float | None = None
    passed: bool | None = None
    answers: dict[str, AnswerRecord] = field(default_factory=dict)
    """By the id of the statement that told it."""


@dataclass
class _Student:
    name: str
    named_at: datetime
    attempts: dict[str, _Attempt] = field(default_factory=dict)
    lessons: dict[str, datetime] = field(default_factory=dict)


def histories_from_statements(
    statements: Iterable[Mapping[str, Any]],
    *,
    course_id: str | None = None,
    problems: list[str] | None = None,
) -> dict[str, LrsStudent]:
    """Each student's history, by profile id, from ``statements`` (in any order).

    Args:
        statements: xAPI statements as JSON objects (``fetch_statements`` gives them).
        course_id: keep only statements about this course (default: every course of ours;
            their quiz and lesson ids are then mixed in one history).
        problems: if given, gets one line for each statement of ours left out as
            unreadable (the first 100).
    """
    students: dict[str, _Student] = {}
    voided: set[str] = set()
    notes: list[str] = []
    for statement in statements:
        try:
            _take(statement, course_id, students, voided)
        except _Unreadable as exc:
            if len(notes) < _MAX_PROBLEMS:
                notes.append(f"statement {_id_of(statement)}: {exc}")
    if problems is not None:
        problems.extend(notes)
    return {
        profile_id: LrsStudent(profile_id, student.name, _history(student, voided, problems))
        for profile_id, student in sorted(students.items())
    }


def _id_of(statement: object) -> str:
    value = statement.get("id") if isinstance(statement, Mapping) else None
    return value if isinstance(value, str) else "(no id)"


def _take(
    statement: object,
    course_id: str | None,
    students: dict[str, _Student],
    voided: set[str],
) -> None:
    """Note what one statement says, if it is ours (raises ``_Unreadable``)."""
    if not isinstance(statement, Mapping):
        return
    verb_object, actor, target = (statement.get(k) for k in ("verb", "actor", "object"))
    if not (
        isinstance(verb_object, Mapping)
        and isinstance(actor, Mapping)
        and isinstance(target, Mapping)
    ):
        return
    verb = verb_object.get("id")
    if verb == VOIDED:
        # Whoever voided it (the student, or an LRS administrator), it no longer counts.
        if target.get("objectType") == "StatementRef" and isinstance(target.get("id"), str):
            voided.add(target["id"])
        return
    if verb not in (ANSWERED, COMPLETED, PASSED, FAILED, EXPERIENCED):
        return
    account = actor.get("account")
    if not isinstance(account, Mapping) or account.get("homePage") != HOME_PAGE:
        return  # another system's actor
    profile_id = account.get("name")
    if not isinstance(profile_id, str) or not _PROFILE_ID.match(profile_id):
        return
    activity = parse_activity(str(target.get("id", "")))
    if activity is None or (course_id is not None and activity.course != course_id):
        return
    moment = _time(_get(statement, "timestamp", str), "timestamp")
    name = actor.get("name")
    student = students.get(profile_id)
    if student is None:
        student = students[profile_id] = _Student(name if isinstance(name, str) else "", moment)
    elif isinstance(name, str) and moment >= student.named_at:
        student.name, student.named_at = name, moment
    if verb == EXPERIENCED:
        if activity.kind != "lesson":
            raise _Unreadable("experienced names no lesson")
        known = student.lessons.get(activity.id)
        if known is None or moment < known:
            student.lessons[activity.id] = moment
        return
    context = _get(statement, "context", dict)
    extensions = _get(context, "extensions", dict)
    attempt_id = _get(extensions, ATTEMPT_EXT, str)
    attempt = student.attempts.setdefault(attempt_id, _Attempt())
    _note_attempt(attempt, context, extensions)
    result = _get(statement, "result", dict)
    if verb == ANSWERED:
        _note_answer(attempt, activity, statement, result, moment)
    elif activity.kind != "quiz":
        raise _Unreadable("the object is not a quiz")
    else:
        attempt.quiz = activity.id
        attempt.finished = moment
        if (score := _score(result)) is not None:
            attempt.score = score
        success = result.get("success")
        if verb in (PASSED, FAILED):
            attempt.passed = verb == PASSED
        elif isinstance(success, bool) and attempt.passed is None:
            attempt.passed = success
        if verb == COMPLETED and QUESTIONS_EXT in extensions:
            questions = extensions[QUESTIONS_EXT]
            if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
                raise _Unreadable("the questions extension is not a list of ids")
            # Several lists for one attempt: a reset since took some questions out of the
            # record; the LRS keeps what was asked, so every one counts.
            asked = attempt.questions or []
            attempt.questions = [*asked, *(q for q in questions if q not in asked)]


def _note_attempt(
    attempt: _Attempt, context: Mapping[str, Any], extensions: Mapping[str, Any]
) -> None:
    """What every statement of an attempt says of it: kind, mode, start, quiz."""
    kind = extensions.get(KIND_EXT)
    if kind is not None:
        if kind not in KINDS:
            raise _Unreadable(f"unknown attempt kind {kind!r}")
        attempt.kind = kind
    mode = extensions.get(MODE_EXT)
    if isinstance(mode, str):
        attempt.mode = mode
    if STARTED_EXT in extensions:
        attempt.started_at = _time(extensions[STARTED_EXT], "started-at")
    activities = context.get("contextActivities")
    parents = activities.get("parent") if isinstance(activities, Mapping) else None
    if isinstance(parents, list):
        for parent in parents:
            found = parse_activity(str(parent.get("id", ""))) if isinstance(parent, dict) else None
            if found is not None and found.kind == "quiz" and not attempt.quiz:
                attempt.quiz = found.id


def _note_answer(
    attempt: _Attempt,
    activity: Activity,
    statement: Mapping[str, Any],
    result: Mapping[str, Any],
    moment: datetime,
) -> None:
    if activity.kind != "question":
        raise _Unreadable("answered names no question")
    extensions = _get(result, "extensions", dict)
    if ANSWER_EXT not in extensions:
        raise _Unreadable("the answer extension is missing")
    try:
        answer = AnswerRecord(
            question=activity.id,
            answer=extensions[ANSWER_EXT],
            correct=_get(result, "success", bool),
            seconds=_seconds(_get(result, "duration", str)),
            answered_at=moment,
        )
    except ValidationError as exc:
        raise _Unreadable(_first_error(exc)) from None
    attempt.answers[_get(statement, "id", str)] = answer


def _history(student: _Student, voided: set[str], problems: list[str] | None) -> History:
    attempts: list[AttemptRecord] = []
    for attempt_id, gathered in student.attempts.items():
        answers = sorted(
            (answer for sid, answer in gathered.answers.items() if sid not in voided),
            key=lambda answer: answer.answered_at,
        )
        times = [a.answered_at for a in answers]
        if gathered.finished is not None:
            times.append(gathered.finished)
        started = gathered.started_at or (min(times) if times else None)
        if started is None:
            continue  # only voided answers: nothing left of it
        try:
            record = AttemptRecord(
                attempt=attempt_id,
                quiz=gathered.quiz,
                mode=gathered.mode,
                questions=gathered.questions or [],
                kind=gathered.kind,  # type: ignore[arg-type]  # checked against KINDS
                started_at=started,
                outcome="finished" if gathered.finished is not None else "open",
                score=gathered.score,
                passed=gathered.passed,
                ended_at=gathered.finished,
                answers=answers,
            )
        except ValidationError as exc:
            if problems is not None and len(problems) < _MAX_PROBLEMS:
                problems.append(f"attempt {attempt_id}: {_first_error(exc)}")
            continue
        attempts.append(record)
    attempts.sort(key=lambda record: (record.started_at, record.attempt))
    lessons = [
        LessonRecord(lesson=lesson, fraction=1.0, read_at=moment, updated_at=moment)
        for lesson, moment in sorted(student.lessons.items(), key=lambda item: item[1])
    ]
    return History(lessons=lessons, attempts=attempts).with_kinds()


def _get(mapping: Mapping[str, Any], key: str, kind: type[Any], *, required: bool = True) -> Any:
    value = mapping.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Unreadable(f"{key} is missing or not {kind.__name__}")
    return value


def _time(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise _Unreadable(f"{what} is not a date")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Unreadable(f"{what} is not an ISO 8601 date: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise _Unreadable(f"{what} has no time zone: {value[:40]!r}")
    return moment


def _score(result: Mapping[str, Any]) -> float | None:
    score = result.get("score")
    if not isinstance(score, Mapping):
        return None
    raw = score.get("raw")
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _Unreadable("score.raw is not a number")
    return float(raw)


def _seconds(duration: str) -> float:
    match = _DURATION.match(duration)
    if match is None or duration in ("P", "PT"):
        raise _Unreadable(f"duration is not ISO 8601: {duration[:40]!r}")
    factors = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    total = sum(float(match[unit]) * factor for unit, factor in factors.items() if match[unit])
    return round(total, 2)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]
