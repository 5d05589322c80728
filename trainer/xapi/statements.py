"""The xAPI statements a profile's history stands for: each a pure function of its record.

Nothing here reads a clock or the course's text: a statement's id, timestamp and content
come from one history entry (and the profile's id, the name shown and the course's id),
so the same history always gives the same statements, byte for byte. That is what makes
sending safe to repeat: the LRS already has a statement with that id and ignores it.

=========================  ===========  ===================  ==============================
History                    Verb         Object               Result
=========================  ===========  ===================  ==============================
``[[answers]]``            answered     the question         success, score 1/0, duration,
                                                             response, the exact answer
``[[undos]]``              voided       the answered         (none)
                                        statement
``[[results]]`` finished   completed    the quiz             score (percent), completion,
                                                             success, duration
... of a full attempt      passed or    the quiz             score, success
                           failed
``[[lessons]]`` read to    experienced  the lesson           completion
the end (first time)
=========================  ===========  ===================  ==============================

Abandoned and open attempts have no ``completed`` (their answers are sent); drafts,
partial reading and scheduler cards are not sent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trainer.progress.models import (
    Answer,
    AnswerEvent,
    AttemptRecord,
    HistoryChunk,
    LessonEvent,
    UndoEvent,
)
from trainer.progress.records import build_history
from trainer.xapi.vocabulary import (
    ANSWER_EXT,
    ANSWERED,
    ATTEMPT_EXT,
    COMPLETED,
    COURSE_TYPE,
    EXPERIENCED,
    FAILED,
    HOME_PAGE,
    KIND_EXT,
    LESSON_TYPE,
    MODE_EXT,
    PASSED,
    QUESTION_TYPE,
    QUESTIONS_EXT,
    QUIZ_TYPE,
    STARTED_EXT,
    VOIDED,
    course_activity,
    lesson_activity,
    question_activity,
    quiz_activity,
    registration,
    statement_id,
)

Statement = dict[str, Any]
"""One xAPI statement, as the JSON object sent."""

_RANK = {ANSWERED: 0, VOIDED: 1, COMPLETED: 2, PASSED: 3, FAILED: 3, EXPERIENCED: 4}
"""Order of statements made at the same moment: an answer before its undo, an attempt's
completion before its pass or fail."""


@dataclass(frozen=True)
class Learner:
    """Who the statements are about: the profile's lasting id and the name to show."""

    profile_id: str
    """The id in ``identity.toml`` (32 hex digits): the actor's account name."""
    name: str
    """The profile's name, the ``--name`` given, or the pseudonym (``--anonymous``)."""

    def actor(self) -> dict[str, Any]:
        """The statement's ``actor``: an agent known by an account of ours."""
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": HOME_PAGE, "name": self.profile_id},
        }


def build_statements(chunk: HistoryChunk, learner: Learner, course_id: str) -> list[Statement]:
    """Every statement ``chunk`` (a whole history, undone answers included, as
    ``ProgressStore.read_events`` gives it) stands for, in a stable order: by time
    (an undo and an attempt's end never before what they follow), then kind, then id.

    The same statement is never listed twice (a history that holds an entry twice
    gives it once). Statements share the parts that are the same in many (the actor,
    activities, verbs): copy a statement before changing it.
    """
    maker = _Maker(learner, course_id)
    attempts = {record.attempt: record for record in build_history(chunk).attempts}
    made: list[tuple[datetime, int, str, Statement]] = []

    def add(moment: datetime, statement: Statement) -> None:
        made.append((moment, _RANK[statement["verb"]["id"]], statement["id"], statement))

    # An answer is named by its attempt, question and time (an undo names it so). Two
    # answers with the same name (only in hand-made histories: the app gives each answer
    # its own microsecond) get ids of their own by their order, and an undo of that name
    # voids them all, as the history reader leaves them all out.
    answered: dict[tuple[str, str, datetime], list[str]] = {}
    for answer in chunk.answers:
        ids = answered.setdefault((answer.attempt, answer.question, answer.answered_at), [])
        statement = maker.answered(answer, attempts.get(answer.attempt), len(ids))
        ids.append(statement["id"])
        add(answer.answered_at, statement)
    # Undos and ends of attempts are saved to the whole second, answers to the
    # microsecond: listed by their own times, a void could come before the answer it
    # voids and an exam's result before its answers (an LRS may then ignore the void).
    # They are listed after what they follow; their timestamps stay their own.
    for undo in chunk.undos:
        # An undo of an answer no longer in the history has nothing to void.
        for target in answered.get((undo.attempt, undo.question, undo.answered_at), []):
            add(max(undo.at, undo.answered_at), maker.voided(undo, target))
    for attempt in attempts.values():
        if attempt.outcome != "finished" or attempt.ended_at is None:
            continue
        last = max((a.answered_at for a in attempt.answers), default=attempt.ended_at)
        ended = max(attempt.ended_at, last)
        add(ended, maker.completed(attempt))
        if attempt.kind == "full" and attempt.passed is not None:
            add(ended, maker.judged(attempt))
    for event in _first_reads(chunk.lessons):
        add(event.at, maker.experienced(event))
    made.sort(key=lambda item: item[:3])
    unique: dict[str, Statement] = {}
    for *_, statement in made:
        unique.setdefault(statement["id"], statement)
    return list(unique.values())


def _first_reads(events: Iterable[LessonEvent]) -> list[LessonEvent]:
    """For each lesson, the first event that reached its end (fraction 1.0)."""
    first: dict[str, LessonEvent] = {}
    for event in events:
        if event.fraction >= 1.0:
            known = first.get(event.lesson)
            if known is None or event.at < known.at:
                first[event.lesson] = event
    return list(first.values())


class _Maker:
    """Builds each kind of statement for one learner and course."""

    def __init__(self, learner: Learner, course_id: str) -> None:
        self.profile_id = learner.profile_id
        self.course_id = course_id
        self.actor = learner.actor()
        self.course = {
            "objectType": "Activity",
            "id": course_activity(course_id),
            "definition": {"type": COURSE_TYPE},
        }
        # Worked out once per attempt, quiz and question (a long history has 100,000
        # answers to a few hundred questions): the parts that do not change are shared
        # between statements, which nothing changes once made.
        self._quizzes: dict[str, dict[str, Any]] = {}
        self._questions: dict[str, dict[str, Any]] = {}
        self._contexts: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {}
        self._verbs: dict[str, dict[str, Any]] = {}

    def _key(self, *parts: str) -> str:
        return statement_id("|".join((parts[0], self.profile_id, self.course_id, *parts[1:])))

    def _statement(
        self, key: str, verb: str, target: dict[str, Any], moment: datetime
    ) -> Statement:
        shown = self._verbs.get(verb)
        if shown is None:
            shown = self._verbs[verb] = {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}}
        return {
            "id": key,
            "actor": self.actor,
            "verb": shown,
            "object": target,
            "timestamp": timestamp(moment),
        }

    def _quiz(self, quiz_id: str) -> dict[str, Any]:
        found = self._quizzes.get(quiz_id)
        if found is None:
            found = self._quizzes[quiz_id] = {
                "objectType": "Activity",
                "id": quiz_activity(self.course_id, quiz_id),
                "definition": {"type": QUIZ_TYPE},
            }
        return found

    def _question(self, key: str) -> dict[str, Any]:
        found = self._questions.get(key)
        if found is None:
            found = self._questions[key] = {
                "objectType": "Activity",
                "id": question_activity(self.course_id, key),
                "definition": {"type": QUESTION_TYPE},
            }
        return found

    def _context(self, attempt_id: str, attempt: AttemptRecord | None) -> dict[str, Any]:
        """An attempt's context: its registration, course, and what the record says of it."""
        made = self._contexts.get(attempt_id)
        if made is None:
            activities: dict[str, Any] = {"grouping": [self.course]}
            extensions: dict[str, Any] = {ATTEMPT_EXT: attempt_id}
            if attempt is not None:
                if attempt.quiz:
                    activities["parent"] = [self._quiz(attempt.quiz)]
                if attempt.kind is not None:
                    extensions[KIND_EXT] = attempt.kind
                if attempt.mode:
                    extensions[MODE_EXT] = attempt.mode
                extensions[STARTED_EXT] = timestamp(attempt.started_at)
            made = (registration(self.profile_id, attempt_id), activities, extensions)
            self._contexts[attempt_id] = made
        reg, activities, extensions = made
        return {
            "registration": reg,
            "contextActivities": activities,
            "extensions": dict(extensions),  # its own: a completion adds to it
        }

    def answered(
        self, answer: AnswerEvent, attempt: AttemptRecord | None, repeat: int = 0
    ) -> Statement:
        parts = ["answer", answer.attempt, answer.question, answer.answered_at.isoformat()]
        key = self._key(*parts, *([str(repeat)] if repeat else []))
        statement = self._statement(
            key, ANSWERED, self._question(answer.question), answer.answered_at
        )
        mark = 1 if answer.correct else 0
        statement["result"] = {
            "success": answer.correct,
            "score": {"scaled": mark, "raw": mark, "min": 0, "max": 1},
            "duration": iso_duration(answer.seconds),
            "response": response_text(answer.answer),
            "extensions": {ANSWER_EXT: answer.answer},
        }
        statement["context"] = self._context(answer.attempt, attempt)
        return statement

    def voided(self, undo: UndoEvent, target: str) -> Statement:
        reference = {"objectType": "StatementRef", "id": target}
        statement = self._statement(self._key("void", target), VOIDED, reference, undo.at)
        # The course in its context: a query for the course's statements finds it too
        # (an LRS that does not hide voided statements, as Ralph 5.1, needs it read).
        statement["context"] = {"contextActivities": {"grouping": [self.course]}}
        return statement

    def completed(self, attempt: AttemptRecord) -> Statement:
        assert attempt.ended_at is not None
        # The questions asked are part of the id: a reset (``reset --lesson``) takes a
        # lesson's questions out of the record, and the statement made then must be a new
        # one, not a different statement under an id the LRS already holds (a 409 on
        # every later send). Readers take the union of an attempt's lists.
        asked = hashlib.sha256("\n".join(attempt.questions).encode("utf-8")).hexdigest()[:16]
        key = self._key("completed", attempt.attempt, asked)
        statement = self._statement(key, COMPLETED, self._quiz(attempt.quiz), attempt.ended_at)
        result: dict[str, Any] = {"completion": True}
        if attempt.score is not None:
            result["score"] = _percent(attempt.score)
        if attempt.passed is not None:
            result["success"] = attempt.passed
        spent = (attempt.ended_at - attempt.started_at).total_seconds()
        result["duration"] = iso_duration(max(0.0, spent))
        statement["result"] = result
        context = self._context(attempt.attempt, attempt)
        context["extensions"][QUESTIONS_EXT] = list(attempt.questions)
        statement["context"] = context
        return statement

    def judged(self, attempt: AttemptRecord) -> Statement:
        """``passed`` or ``failed``, for a finished full attempt."""
        assert attempt.ended_at is not None and attempt.passed is not None
        verb = PASSED if attempt.passed else FAILED
        key = self._key("judged", attempt.attempt)
        statement = self._statement(key, verb, self._quiz(attempt.quiz), attempt.ended_at)
        result: dict[str, Any] = {"success": attempt.passed}
        if attempt.score is not None:
            result["score"] = _percent(attempt.score)
        statement["result"] = result
        statement["context"] = self._context(attempt.attempt, attempt)
        return statement

    def experienced(self, event: LessonEvent) -> Statement:
        key = self._key("lesson", event.lesson, event.at.isoformat())
        target = {
            "objectType": "Activity",
            "id": lesson_activity(self.course_id, event.lesson),
            "definition": {"type": LESSON_TYPE},
        }
        statement = self._statement(key, EXPERIENCED, target, event.at)
        statement["result"] = {"completion": True}
        statement["context"] = {"contextActivities": {"grouping": [self.course]}}
        return statement


def _percent(score: float) -> dict[str, float]:
    return {"scaled": round(score / 100, 6), "raw": score, "min": 0, "max": 100}


def timestamp(moment: datetime) -> str:
    """``moment`` as an xAPI timestamp: ISO 8601 in UTC, with its offset."""
    return moment.astimezone(UTC).isoformat()


def iso_duration(seconds: float) -> str:
    """``seconds`` as an ISO 8601 duration to the hundredth (xAPI's precision): ``PT12.5S``."""
    hundredths = round(seconds * 100)
    whole, part = divmod(hundredths, 100)
    return f"PT{whole}S" if part == 0 else f"PT{whole}.{part:02d}".rstrip("0") + "S"


def response_text(answer: Answer) -> str:
    """The answer as an xAPI interaction response: ``true``/``false``; a choice or a typed
    text as it is; several choices, or an order, joined by ``[,]``; matched pairs as
    ``a[.]b`` joined by ``[,]``.

    The text cannot always be read back (an answer may itself hold ``[,]``): the exact
    answer travels beside it, in the ``answer`` result extension.
    """
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, str):
        return answer
    return "[,]".join(item if isinstance(item, str) else "[.]".join(item) for item in answer)


def statements_json(statements: Sequence[Statement]) -> str:
    """``statements`` as a JSON array, one statement a line (what an LRS's import takes,
    and still readable with ``grep``)."""
    if not statements:
        return "[]\n"
    lines = ",\n".join(json.dumps(statement, ensure_ascii=False) for statement in statements)
    return f"[\n{lines}\n]\n"
