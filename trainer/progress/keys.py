"""How the progress store names questions: one rule, used by everything that reads or writes.

Question ids are unique only within their quiz, so the store keeps each question under
``"<quiz id>/<question id>"``. Review sessions mix questions of many quizzes; they run as a
quiz of their own, ``REVIEW_QUIZ_ID``, whose questions carry their full key as their id.
"""

from __future__ import annotations

REVIEW_QUIZ_ID = "@review"
"""Quiz id of review sessions: no course quiz can have it (ids cannot contain ``@``)."""

SEPARATOR = "/"


def store_key(quiz_id: str, question_id: str) -> str:
    """The store's key of ``question_id`` asked in ``quiz_id`` (a review's ids are keys)."""
    if quiz_id == REVIEW_QUIZ_ID:
        return question_id
    return f"{quiz_id}{SEPARATOR}{question_id}"


def quiz_prefix(quiz_id: str) -> str:
    """What every key of ``quiz_id``'s questions starts with."""
    return f"{quiz_id}{SEPARATOR}"


def is_key_of(key: str, quiz_id: str) -> bool:
    """True when ``key`` names a question of ``quiz_id``."""
    return key.startswith(quiz_prefix(quiz_id))
