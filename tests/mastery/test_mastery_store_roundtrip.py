"""FSRS state survives the progress store's files: profile.toml and a reopened store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mastery_helpers import NOW, SCHEDULER

from trainer.mastery.levels import Level, question_level
from trainer.mastery.scheduling import card_from_dict, retrievability, schedule
from trainer.progress.models import QuestionState, Summary
from trainer.progress.store import ProgressStore
from trainer.progress.summary import load_summary, save_summary


def three_reviews() -> dict:
    card = None
    moment = NOW
    for correct in (True, True, False):
        card = schedule(
            card, "basics/b1", correct=correct, seconds=4, now=moment, scheduler=SCHEDULER
        )
        moment = card["due"]
    return card  # type: ignore[return-value]


def test_card_survives_profile_toml(tmp_path: Path) -> None:
    card = three_reviews()
    summary = Summary(profile="anna", created_at=NOW)
    summary.questions["basics/b1"] = QuestionState(
        seen=3, right=2, last_answered=card["last_review"], last_correct=False, card=card
    )
    path = tmp_path / "profile.toml"
    save_summary(path, summary)
    assert '[questions."basics/b1".card]' in path.read_text()
    loaded = load_summary(path).questions["basics/b1"].card
    assert loaded == card
    assert card_from_dict(loaded) is not None
    later = NOW + timedelta(days=40)
    assert retrievability(loaded, later) == retrievability(card, later)


def test_card_survives_reopening_the_store(data_dir: Path) -> None:
    first = schedule(None, "basics/b1", correct=True, seconds=4, now=NOW, scheduler=SCHEDULER)
    with ProgressStore.open(data_dir, "anna") as store:
        attempt = store.start_attempt("basics", "practice", ["basics/b1"])
        store.record_answer(attempt, "basics/b1", "A", True, 4.0, card=first)
        second = schedule(
            store.question_state("basics/b1").card,
            "basics/b1",
            correct=True,
            seconds=4,
            now=first["due"],
            scheduler=SCHEDULER,
        )
        store.record_answer(attempt, "basics/b1", "A", True, 4.0, card=second)  # type: ignore[call-arg]
        # left open on purpose: the card must come back from the history, not a checkpoint
    with ProgressStore.open(data_dir, "anna") as store:
        state = store.question_state("basics/b1")
        assert state.card == second
        assert question_level(state, first["due"]) is Level.PROFICIENT
