"""Bounds on every number and date read from progress files, and the check of FSRS cards.

Progress files are plain text that anyone can edit or import, and values that TOML and
JSON accept crash later code: ``inf`` seconds in the report's sums, ``stability = 0`` in
fsrs (a division), a date of year 1 with an offset when converted to UTC. Each value is
checked where it is read, so nothing past the models ever sees one out of range.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""Dates outside these are refused: no real answer falls there, and date arithmetic on
them (a review interval added, a local day taken) would overflow."""

MAX_COUNT = 10**12
MAX_SECONDS = 10**7
"""About 115 days: longer than any attempt left open, short of anything that overflows."""

CARD_KEYS = frozenset({"card_id", "state", "step", "stability", "difficulty", "due", "last_review"})
_CARD_STATES = (1, 2, 3)  # fsrs State: Learning, Review, Relearning
_STABILITY = (0.001, 1e9)  # fsrs's own floor; the ceiling keeps intervals finite
_DIFFICULTY = (1.0, 10.0)  # fsrs clamps difficulty to this range
_MAX_STEP = 1000
_MAX_CARD_ID = 2**63 - 1


def in_range(value: datetime) -> datetime:
    """``value`` converted to UTC, if it lies between ``EARLIEST`` and ``LATEST``.

    Raises:
        ValueError: it does not (pydantic reports it as a validation error).
    """
    try:
        moment = value if value.tzinfo is UTC else value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date out of range") from None
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"date out of range (must be between {EARLIEST:%Y} and {LATEST:%Y})")
    return moment


UtcDatetime = Annotated[AwareDatetime, AfterValidator(in_range)]
"""A timezone-aware datetime in a sane range, stored as UTC (a TOML offset datetime)."""

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)]


def clamp_seconds(seconds: float) -> float:
    """``seconds`` as ``Seconds`` holds them: 0 to ``MAX_SECONDS``, to the hundredth."""
    return round(min(max(0.0, seconds), float(MAX_SECONDS)), 2)


Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _number(value: Any, low: float, high: float, *, whole: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        # Compared as an int: a 310-digit one is too large to turn into a float.
        return low <= value <= high
    return not whole and math.isfinite(value) and low <= value <= high


def _moment(value: Any) -> bool:
    if isinstance(value, str):  # a JSON export holds ISO text
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return False
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        return False
    try:
        in_range(value)
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    """A value for a message, cut short (a hostile one may have hundreds of digits)."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return text if len(text) <= 40 else text[:37] + "..."


_REQUIRED: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("card_id", lambda v: _number(v, 1, _MAX_CARD_ID, whole=True), "a whole number"),
    ("state", lambda v: _number(v, 1, 3) and v in _CARD_STATES, "1, 2 or 3"),
    ("due", _moment, f"a date and time between {EARLIEST:%Y} and {LATEST:%Y}"),
)
_OPTIONAL: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("step", lambda v: _number(v, 0, _MAX_STEP, whole=True), "a whole number from 0"),
    ("stability", lambda v: _number(v, *_STABILITY), "a number from 0.001 (days)"),
    ("difficulty", lambda v: _number(v, *_DIFFICULTY), "a number from 1 to 10"),
    ("last_review", _moment, "a date and time"),
)
"""The checks of ``card_problem``, built once: it runs for every card the mastery views
read (20,000 in a large course), so nothing is formatted until a check fails."""


def card_problem(card: Any) -> str | None:
    """Why ``card`` is not a usable FSRS card table, or None when it is.

    A card is what ``fsrs.Card`` holds, with absent keys for its None values (TOML has
    no null): ``card_id``, ``state``, ``due`` always; ``step``, ``stability``,
    ``difficulty``, ``last_review`` when known.
    """
    if not isinstance(card, dict):
        return "card: should be a table"
    if not card.keys() <= CARD_KEYS:
        return f"card: unknown key {sorted(set(card) - CARD_KEYS)[0]!r}"
    for key, check, expected in _REQUIRED:
        if key not in card:
            return f"card: missing {key!r}"
        if not check(card[key]):
            return f"card.{key}: should be {expected}, not {_shown(card[key])}"
    for key, check, expected in _OPTIONAL:
        if key in card and not check(card[key]):
            return f"card.{key}: should be {expected}, not {_shown(card[key])}"
    # fsrs needs a reviewed card's memory state, and the step of a card in (re)learning.
    if card["state"] in (2, 3):
        for key in ("stability", "difficulty"):
            if key not in card:
                return f"card: missing {key!r} (a card in review or relearning has one)"
    if card["state"] in (1, 3) and "step" not in card:
        return "card: missing 'step' (a card in learning or relearning has one)"
    return None
