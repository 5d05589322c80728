"""The IRIs our statements use, and how activity ids are made and read back.

Verbs and activity types are ADL's standard ones, so any LRS report understands them.
Our own IRIs (the actor's home page, extensions) live under ``massage-trainer.invalid``:
``.invalid`` is a reserved top-level domain (RFC 2606), so they can never clash with a
real system's, and nothing ever tries to fetch them.

Activity ids are built from the course's id (``course.toml``'s ``id``) and the ids of
quizzes, questions and lessons, never from their text::

    urn:massage-trainer:course:<course>
    urn:massage-trainer:course:<course>/quiz/<quiz>
    urn:massage-trainer:course:<course>/quiz/<quiz>/question/<question>
    urn:massage-trainer:course:<course>/lesson/<lesson>

Each id part is percent-encoded (course ids never need it; a hand-edited history might).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote

from trainer.progress.keys import SEPARATOR

XAPI_VERSION = "1.0.3"
"""The xAPI version we speak (the ``X-Experience-API-Version`` header)."""

NAMESPACE = uuid.UUID("81b1d77e-6684-46a6-9633-fdff04afd44f")
"""Our UUID v5 namespace: statement ids and registrations are made under it. Never change
it: every id already sent to an LRS was made with it."""

HOME_PAGE = "https://massage-trainer.invalid"
"""The actor's ``account.homePage``: the system whose ids ``account.name`` holds."""

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ANSWERED = ADL_VERBS + "answered"
COMPLETED = ADL_VERBS + "completed"
PASSED = ADL_VERBS + "passed"
FAILED = ADL_VERBS + "failed"
EXPERIENCED = ADL_VERBS + "experienced"
VOIDED = ADL_VERBS + "voided"
VERBS = (ANSWERED, COMPLETED, PASSED, FAILED, EXPERIENCED, VOIDED)

ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
QUESTION_TYPE = ADL_ACTIVITIES + "cmi.interaction"
QUIZ_TYPE = ADL_ACTIVITIES + "assessment"
LESSON_TYPE = ADL_ACTIVITIES + "lesson"
COURSE_TYPE = ADL_ACTIVITIES + "course"

EXTENSIONS = HOME_PAGE + "/xapi/"
ANSWER_EXT = EXTENSIONS + "answer"
"""Result extension: the answer exactly as saved (JSON), so it reads back unchanged."""
ATTEMPT_EXT = EXTENSIONS + "attempt"
"""Context extension: the attempt's own id (the registration is a UUID made from it)."""
KIND_EXT = EXTENSIONS + "attempt-kind"
"""Context extension: ``full``, ``retake`` or ``review``."""
MODE_EXT = EXTENSIONS + "mode"
"""Context extension: the attempt's mode (``practice``, ``exam`` ...)."""
STARTED_EXT = EXTENSIONS + "started-at"
"""Context extension: when the attempt began (ISO 8601)."""
QUESTIONS_EXT = EXTENSIONS + "questions"
"""Context extension of ``completed``: the attempt's question ids in order (what was
asked, answered or not)."""

COURSE_PREFIX = "urn:massage-trainer:course:"


def course_activity(course_id: str) -> str:
    """The course's activity id."""
    return COURSE_PREFIX + _part(course_id)


def quiz_activity(course_id: str, quiz_id: str) -> str:
    """A quiz's activity id."""
    return f"{course_activity(course_id)}/quiz/{_part(quiz_id)}"


def question_activity(course_id: str, question_key: str) -> str:
    """The activity id of a question, by the store's key for it (``<quiz>/<question>``).

    A key without a quiz (only in hand-made histories) is put right under the course.
    """
    quiz_id, separator, question_id = question_key.partition(SEPARATOR)
    if not separator:
        return f"{course_activity(course_id)}/question/{_part(question_key)}"
    return f"{quiz_activity(course_id, quiz_id)}/question/{_part(question_id)}"


def lesson_activity(course_id: str, lesson_id: str) -> str:
    """A lesson's activity id."""
    return f"{course_activity(course_id)}/lesson/{_part(lesson_id)}"


def _part(text: str) -> str:
    # "@" is kept: it is valid in an IRI path, and the review quiz's id is "@review".
    return quote(text, safe="@")


ActivityKind = Literal["course", "quiz", "question", "lesson"]


@dataclass(frozen=True)
class Activity:
    """What one of our activity ids names."""

    kind: ActivityKind
    course: str
    id: str = ""
    """The quiz or lesson id; for a question, the store's key (``<quiz>/<question>``)."""


def parse_activity(iri: str) -> Activity | None:
    """What ``iri`` names, if it is one of our activity ids; None otherwise."""
    if not iri.startswith(COURSE_PREFIX):
        return None
    parts = iri[len(COURSE_PREFIX) :].split("/")
    course = unquote(parts[0])
    if not course:
        return None
    rest = [unquote(part) for part in parts[1:]]
    if not rest:
        return Activity("course", course)
    if len(rest) == 2 and rest[0] in ("quiz", "lesson") and rest[1]:
        return Activity("quiz" if rest[0] == "quiz" else "lesson", course, rest[1])
    if len(rest) == 4 and rest[0] == "quiz" and rest[2] == "question" and rest[1] and rest[3]:
        return Activity("question", course, f"{rest[1]}{SEPARATOR}{rest[3]}")
    if len(rest) == 2 and rest[0] == "question" and rest[1]:
        return Activity("question", course, rest[1])
    return None


def statement_id(key: str) -> str:
    """A statement id (UUID v5, as text) made from ``key``: the same key, the same id.

    The same text as ``str(uuid.uuid5(NAMESPACE, key))``, made three times as fast (a
    long history has 100,000 statements).
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + key.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_NAMESPACE_BYTES = NAMESPACE.bytes


def registration(profile_id: str, attempt_id: str) -> str:
    """The registration of an attempt: a UUID made from the profile's id and the
    attempt's (attempt ids are not UUIDs)."""
    return statement_id(f"{profile_id}|{attempt_id}")
