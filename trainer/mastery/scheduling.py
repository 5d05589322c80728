"""Spaced repetition: each question is an FSRS card, scheduled by the ``fsrs`` library.

This module is a thin wrapper: it picks the rating from an answer, converts cards to and
from the TOML-safe tables kept in ``QuestionState.card``, and guards the two things that
bite (naive datetimes, timestamp card ids). The scheduling itself is ``fsrs.Scheduler``'s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from trainer.progress.bounds import card_problem
from trainer.quiz.kinds import DEFAULT_SLOW_AFTER

LEARNING_STEPS = (timedelta(minutes=10),)
"""One short step: a wrong first answer comes back in 10 minutes, a right one graduates.

fsrs's default (1 min, 10 min) would put every question answered right in a quiz back in
today's review queue; a quiz asks each question once, so one right answer is enough to
start counting in days."""

RELEARNING_STEPS = (timedelta(minutes=10),)
"""A forgotten question comes back in 10 minutes, so it stays in today's queue."""

_CARD_KEYS = ("card_id", "state", "step", "stability", "difficulty", "due", "last_review")


def make_scheduler(*, enable_fuzzing: bool = True) -> Scheduler:
    """The scheduler used everywhere; tests pass ``enable_fuzzing=False`` for exact dates."""
    return Scheduler(
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=enable_fuzzing,
    )


SCHEDULER = make_scheduler()
"""Module-wide scheduler (fuzzing on: spreads reviews of questions learnt together)."""


def card_id_for(key: str) -> int:
    """A stable, positive 63-bit card id for a question key (``"<quiz_id>/<question_id>"``).

    fsrs's default id is the creation time in milliseconds, which differs on every run
    and collides when cards are made in a batch; the key's hash is neither.
    """
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1 or 1


def rating_for(*, correct: bool, seconds: float, slow_after: float = DEFAULT_SLOW_AFTER) -> Rating:
    """Right → Good, right but slower than ``slow_after`` seconds → Hard, wrong → Again."""
    if not correct:
        return Rating.Again
    return Rating.Hard if seconds > slow_after else Rating.Good


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC (fsrs accepts only ``datetime.UTC``).

    Raises:
        ValueError: ``moment`` is naive; its zone is unknown, so guessing could shift a
            review by hours and move it to another day.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"naive datetime {moment.isoformat()}: pass a timezone-aware one, "
            "e.g. datetime.now(UTC)"
        )
    return moment.astimezone(UTC)


def _to_datetime(value: Any) -> datetime:
    if isinstance(value, str):  # JSON exports hold ISO strings
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    return as_utc(value)


def card_from_dict(data: Mapping[str, Any] | None) -> Card | None:
    """The ``fsrs.Card`` stored in a question's ``card`` table, or None.

    Missing keys are the ones stored as absent because TOML has no null. A table that
    cannot be read or holds values fsrs cannot use (``stability = 0`` divides by zero,
    ``inf`` or a far date overflows) gives None: the question then counts as having no
    schedule, rather than crashing the app.
    """
    if not data or card_problem(dict(data)) is not None:
        return None
    try:
        last_review = data.get("last_review")
        stability = data.get("stability")
        difficulty = data.get("difficulty")
        step = data.get("step")
        return Card(
            card_id=int(data["card_id"]),
            state=State(int(data["state"])),
            step=int(step) if step is not None else None,
            stability=float(stability) if stability is not None else None,
            difficulty=float(difficulty) if difficulty is not None else None,
            due=_to_datetime(data["due"]),
            last_review=_to_datetime(last_review) if last_review is not None else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def card_to_dict(card: Card) -> dict[str, Any]:
    """``card`` as a TOML-safe table: None values left out, datetimes aware and in UTC."""
    values: dict[str, Any] = {
        "card_id": card.card_id,
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": as_utc(card.due),
        "last_review": as_utc(card.last_review) if card.last_review else None,
    }
    return {key: values[key] for key in _CARD_KEYS if values[key] is not None}


def schedule(
    card: Mapping[str, Any] | None,
    key: str,
    *,
    correct: bool,
    seconds: float,
    now: datetime,
    slow_after: float = DEFAULT_SLOW_AFTER,
    scheduler: Scheduler | None = None,
) -> dict[str, Any]:
    """Review a question's card after an answer; return the new card table to store.

    Args:
        card: the question's stored ``card`` table, or None for its first answer.
        key: the question's store key, ``"<quiz_id>/<question_id>"`` (gives the card id).
        correct: whether the answer was right.
        seconds: time taken to answer.
        now: when it was answered; timezone-aware (any zone: it is converted to UTC).
        slow_after: seconds after which a right answer is rated Hard (the question
            kind's ``slow_after``).
        scheduler: for tests (fuzzing off); defaults to ``SCHEDULER``.

    Raises:
        ValueError: ``now`` is naive.
    """
    when = as_utc(now)
    rating = rating_for(correct=correct, seconds=seconds, slow_after=slow_after)
    current = card_from_dict(card)
    if current is not None:
        try:
            new_card, _log = (scheduler or SCHEDULER).review_card(current, rating, when)
            return card_to_dict(new_card)
        except (ArithmeticError, ValueError, AssertionError):
            # A card fsrs cannot review (it asserts on missing state): start afresh. The
            # card checks keep such cards out; this is the last guard.
            pass
    fresh = Card(card_id=card_id_for(key), due=when)
    new_card, _log = (scheduler or SCHEDULER).review_card(fresh, rating, when)
    return card_to_dict(new_card)


def retrievability(
    card: Mapping[str, Any] | None, now: datetime, *, scheduler: Scheduler | None = None
) -> float:
    """Predicted chance (0..1) of recalling the question at ``now``; 0 without a card.

    Raises:
        ValueError: ``now`` is naive.
    """
    parsed = card_from_dict(card)
    if parsed is None:
        return 0.0
    return card_retrievability(parsed, now, scheduler=scheduler)


def card_retrievability(card: Card, now: datetime, *, scheduler: Scheduler | None = None) -> float:
    """``retrievability`` of an already parsed card (saves parsing it again)."""
    return float((scheduler or SCHEDULER).get_card_retrievability(card, as_utc(now)))


def due_at(card: Mapping[str, Any] | None) -> datetime | None:
    """When the question is next due (aware UTC), or None when it has no card."""
    parsed = card_from_dict(card)
    return parsed.due if parsed is not None else None


def stability(card: Mapping[str, Any] | None) -> float:
    """FSRS stability in days (the interval at which recall falls to 90%); 0 without one."""
    parsed = card_from_dict(card)
    return (parsed.stability or 0.0) if parsed is not None else 0.0


def difficulty(card: Mapping[str, Any] | None) -> float:
    """FSRS difficulty, 1 (easy) .. 10 (hard); 0 without a card."""
    parsed = card_from_dict(card)
    return (parsed.difficulty or 0.0) if parsed is not None else 0.0
