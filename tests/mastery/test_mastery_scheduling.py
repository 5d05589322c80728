"""The FSRS wrapper: rating rule, stable ids, aware datetimes, TOML-safe cards."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from fsrs import Rating, State
from mastery_helpers import NOW, SCHEDULER

from trainer.mastery import scheduling
from trainer.mastery.scheduling import (
    card_from_dict,
    card_id_for,
    card_to_dict,
    due_at,
    rating_for,
    retrievability,
    schedule,
)
from trainer.quiz.kinds import DEFAULT_SLOW_AFTER, slow_after_for


def test_card_id_is_stable_positive_and_fits_63_bits() -> None:
    ids = {card_id_for(f"quiz/q{i}") for i in range(1000)}
    assert len(ids) == 1000
    assert all(0 < i < 2**63 for i in ids)
    assert card_id_for("anatomy/q1") == card_id_for("anatomy/q1")
    assert card_id_for("anatomy/q1") != card_id_for("physiology/q1")


def test_new_card_uses_the_stable_id() -> None:
    card = schedule(None, "basics/b1", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert card["card_id"] == card_id_for("basics/b1")


@pytest.mark.parametrize(
    ("correct", "seconds", "rating"),
    [
        (False, 1.0, Rating.Again),
        (False, 500.0, Rating.Again),
        (True, 0.0, Rating.Good),
        (True, DEFAULT_SLOW_AFTER, Rating.Good),  # at the limit: still Good
        (True, DEFAULT_SLOW_AFTER + 0.01, Rating.Hard),
    ],
)
def test_rating_rule(correct: bool, seconds: float, rating: Rating) -> None:
    assert rating_for(correct=correct, seconds=seconds) == rating


def test_slow_depends_on_question_type() -> None:
    assert slow_after_for("true_false") < slow_after_for("single") < slow_after_for("matching")
    assert slow_after_for("unknown-type") == DEFAULT_SLOW_AFTER
    assert rating_for(correct=True, seconds=20, slow_after=slow_after_for("true_false")) == (
        Rating.Hard
    )


def test_first_right_answer_graduates_to_days() -> None:
    card = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert card["state"] == State.Review
    assert card["due"] == NOW + timedelta(days=2)  # stability 2.3 days, fuzzing off
    assert card["last_review"] == NOW


def test_wrong_answer_comes_back_in_ten_minutes() -> None:
    first = schedule(None, "q/a", correct=False, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert first["due"] == NOW + timedelta(minutes=10)
    good = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    later = NOW + timedelta(days=2)
    lapsed = schedule(good, "q/a", correct=False, seconds=3, now=later, scheduler=SCHEDULER)
    assert lapsed["state"] == State.Relearning
    assert lapsed["due"] == later + timedelta(minutes=10)


def test_slow_right_answer_is_hard_shorter_than_good() -> None:
    good = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    hard = schedule(None, "q/a", correct=True, seconds=99, now=NOW, scheduler=SCHEDULER)
    assert hard["stability"] < good["stability"]
    assert hard["due"] < good["due"]


def test_fuzzing_off_is_repeatable_and_on_by_default() -> None:
    assert scheduling.SCHEDULER.enable_fuzzing is True
    assert SCHEDULER.enable_fuzzing is False
    cards = []
    for _ in range(3):
        card = None
        moment = NOW
        for _ in range(4):
            card = schedule(card, "q/a", correct=True, seconds=3, now=moment, scheduler=SCHEDULER)
            moment = card["due"]
        cards.append(card)
    assert cards[0] == cards[1] == cards[2]


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 3, 10, 12, 0)
    with pytest.raises(ValueError, match="naive"):
        schedule(None, "q/a", correct=True, seconds=3, now=naive)
    card = schedule(None, "q/a", correct=True, seconds=3, now=NOW)
    with pytest.raises(ValueError, match="naive"):
        retrievability(card, naive)


def test_aware_non_utc_times_are_converted() -> None:
    local = NOW.astimezone(ZoneInfo("Pacific/Auckland"))
    card = schedule(None, "q/a", correct=True, seconds=3, now=local, scheduler=SCHEDULER)
    assert card["last_review"] == NOW
    assert card["last_review"].tzinfo is UTC


def test_card_table_has_no_none_and_aware_utc_datetimes() -> None:
    card = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert "step" not in card  # None in Review state: left out, TOML has no null
    assert all(value is not None for value in card.values())
    assert card["due"].tzinfo is UTC and card["last_review"].tzinfo is UTC


def test_card_survives_toml_round_trip() -> None:
    card = None
    moment = NOW
    for correct in (True, False, True):
        card = schedule(card, "q/a", correct=correct, seconds=3, now=moment, scheduler=SCHEDULER)
        moment += timedelta(days=1)
    text = tomli_w.dumps({"questions": {"q/a": {"card": card}}})
    loaded = tomllib.loads(text)["questions"]["q/a"]["card"]
    assert loaded == card
    parsed = card_from_dict(loaded)
    assert parsed is not None
    assert card_to_dict(parsed) == card
    # and it keeps scheduling from where it was
    assert schedule(loaded, "q/a", correct=True, seconds=3, now=moment, scheduler=SCHEDULER) == (
        schedule(card, "q/a", correct=True, seconds=3, now=moment, scheduler=SCHEDULER)
    )


def test_learning_card_keeps_its_step_through_toml() -> None:
    card = schedule(None, "q/a", correct=False, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert card["step"] == 0
    loaded = tomllib.loads(tomli_w.dumps({"card": card}))["card"]
    assert card_from_dict(loaded).step == 0  # type: ignore[union-attr]


def test_card_from_json_strings_and_other_offsets() -> None:
    card = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    from_json = json.loads(json.dumps(card, default=lambda d: d.isoformat()))
    assert card_to_dict(card_from_dict(from_json)) == card  # type: ignore[arg-type]
    plus_one = {**card, "due": card["due"].astimezone(timezone(timedelta(hours=1)))}
    assert due_at(plus_one) == card["due"]
    assert due_at(plus_one).tzinfo is UTC  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "broken",
    [
        {"state": 2},
        {"card_id": 1, "state": 9, "due": NOW},
        {"card_id": 1, "state": 2, "due": "not a date"},
        {"card_id": 1, "state": 2, "due": datetime(2026, 1, 1)},  # naive
    ],
)
def test_unreadable_card_counts_as_none(broken: dict) -> None:
    assert card_from_dict(broken) is None
    assert retrievability(broken, NOW) == 0.0
    assert due_at(broken) is None
    fresh = schedule(broken, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert fresh["state"] == State.Review


def test_retrievability_falls_with_time() -> None:
    card = schedule(None, "q/a", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    assert retrievability(card, NOW) == 1.0
    assert retrievability(None, NOW) == 0.0
    values = [retrievability(card, NOW + timedelta(days=d)) for d in (1, 5, 30, 300)]
    assert values == sorted(values, reverse=True)
    # by FSRS's definition recall is 90% after `stability` days
    assert (
        retrievability(card, NOW + timedelta(days=2))
        > 0.9
        > retrievability(card, NOW + timedelta(days=3))
    )
