"""Helpers shared by the mastery tests: a small course on disk, hand-made cards and states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fixture_course import write_course as write_course
from trainer.mastery.scheduling import card_id_for, make_scheduler
from trainer.progress.models import QuestionState

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The fixed clock of most tests (a Tuesday, noon UTC)."""

SCHEDULER = make_scheduler(enable_fuzzing=False)
"""Fuzzing off: every interval is exact."""


def card(
    stability: float,
    last_review: datetime,
    *,
    due: datetime | None = None,
    difficulty: float = 5.0,
    state: int = 2,
    key: str = "basics/b1",
) -> dict[str, Any]:
    """A hand-made card table in Review state (as stored in ``QuestionState.card``)."""
    return {
        "card_id": card_id_for(key),
        "state": state,
        "stability": stability,
        "difficulty": difficulty,
        "due": due if due is not None else last_review + timedelta(days=round(stability)),
        "last_review": last_review,
    }


def answered(
    card_table: dict[str, Any] | None, *, correct: bool = True, seen: int = 1
) -> QuestionState:
    """A question state whose last answer was ``correct``, holding ``card_table``."""
    last = card_table["last_review"] if card_table else NOW
    return QuestionState(
        seen=seen,
        right=seen if correct else seen - 1,
        last_answered=last,
        last_correct=correct,
        card=card_table,
    )


def mastered_card(last_review: datetime, key: str = "basics/b1") -> dict[str, Any]:
    """A card well past the Mastered stability."""
    return card(60.0, last_review, key=key)
