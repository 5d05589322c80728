"""Helpers shared by the mastery tests: a small course on disk, hand-made cards and states."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.mastery.scheduling import card_id_for, make_scheduler
from trainer.progress.models import QuestionState

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The fixed clock of most tests (a Tuesday, noon UTC)."""

SCHEDULER = make_scheduler(enable_fuzzing=False)
"""Fuzzing off: every interval is exact."""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def write_course(root: Path) -> Path:
    """Two lessons with quizzes (mixed question types) and a standalone final quiz."""
    _write(root / "course.toml", 'title = "Test course"\n')
    _write(
        root / "lessons" / "basics.md",
        """
        +++
        title = "Basics [/] of touch"
        summary = "The basics."
        order = 1
        topics = ["anatomy"]
        quiz = "basics"
        +++
        Text.
        """,
    )
    _write(
        root / "lessons" / "strokes.md",
        """
        +++
        title = "Strokes"
        summary = "The strokes."
        order = 2
        topics = ["anatomy", "technique"]
        quiz = "strokes"
        +++
        Text.
        """,
    )
    single = 'type = "single"\nexplanation = "E."\ncorrect = "A"\nwrong = ["B", "C"]\n'
    _write(
        root / "quizzes" / "basics.toml",
        'title = "Basics quiz"\nlesson = "basics"\n\n'
        f'[[questions]]\nid = "b1"\nprompt = "First [b]question[/]?"\n{single}\n'
        '[[questions]]\nid = "b2"\nprompt = "True?"\ntype = "true_false"\n'
        'explanation = "E."\nanswer = true\n\n'
        '[[questions]]\nid = "b3"\nprompt = "Type it"\ntype = "short"\n'
        'explanation = "E."\naccept = ["heart"]\n\n'
        f'[[questions]]\nid = "b4"\nprompt = "Fourth?"\n{single}\n'
        '[[questions]]\nid = "b5"\nprompt = "Match"\ntype = "matching"\nexplanation = "E."\n'
        'pairs = [["a", "1"], ["b", "2"]]\n',
    )
    _write(
        root / "quizzes" / "strokes.toml",
        'title = "Strokes quiz"\nlesson = "strokes"\n\n'
        f'[[questions]]\nid = "s1"\nprompt = "Stroke?"\n{single}\n'
        '[[questions]]\nid = "s2"\nprompt = "Order"\ntype = "ordering"\nexplanation = "E."\n'
        'order = ["x", "y"]\n\n'
        '[[questions]]\nid = "s3"\nprompt = "Which?"\ntype = "multiple"\nexplanation = "E."\n'
        'correct = ["A", "B"]\nwrong = ["C"]\n',
    )
    _write(
        root / "quizzes" / "final.toml",
        f'title = "Final exam"\n\n[[questions]]\nid = "f1"\nprompt = "Final?"\n{single}',
    )
    return root


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
