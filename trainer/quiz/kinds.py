"""Each question type's rules in one place: ``KINDS["single"]`` and so on.

A kind says how its questions are laid out for an attempt (shuffled choices), what the
right answer is in words, how an answer is graded, how a student's answer reads, and how
long a right answer may take before it counts as hard-won. A new question type is a new
entry here (plus its model in ``trainer.course.models`` and its widget in the UI); a test
fails while any of them is missing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from trainer.quiz.grading import Answer, Grade, pairs_of, same, short_answer_matches


@dataclass(frozen=True)
class QuestionKind:
    """The rules of one question type (the functions take that type's model)."""

    name: str
    model: type[QuestionBase]
    expected: Callable[[Any], str]
    """The right answer, as words to show the student."""
    grade: Callable[[Any, Answer], Grade]
    """The verdict on an answer; a malformed answer is simply wrong."""
    layout: Callable[[Any, random.Random], tuple[str, ...]]
    """What the attempt shows to pick or arrange, in the order shown."""
    describe: Callable[[Answer], str]
    """A student's answer in words."""
    slow_after: float
    """Seconds after which a right answer is rated Hard, not Good: typing, matching and
    ordering take longer to answer than a true/false."""


def _shuffled(items: list[str], rng: random.Random, avoid: list[str] | None = None) -> list[str]:
    """Shuffle, and for lists of 2+ avoid handing back the answer (``avoid``) as is."""
    out = list(items)
    for _ in range(10):
        rng.shuffle(out)
        if avoid is None or out != avoid or len(set(out)) < 2:
            break
    return out


def _describe_text(answer: Answer) -> str:
    if isinstance(answer, bool):
        return "True" if answer else "False"
    if isinstance(answer, str):
        return answer or "(blank)"
    return _describe_list(answer, "; ")


def _describe_list(answer: Answer, separator: str) -> str:
    if isinstance(answer, bool | str):
        return _describe_text(answer)
    if not answer:
        return "(nothing chosen)"
    return separator.join(str(item) for item in answer)


def _describe_pairs(answer: Answer) -> str:
    pairs = pairs_of(answer)
    if not pairs:
        return _describe_text(answer)
    return "; ".join(f"{left} → {right}" for left, right in pairs)


# --- grading, one function per type -------------------------------------------------


def _grade_single(question: SingleChoice, answer: Answer) -> Grade:
    right = isinstance(answer, str) and same(answer, question.correct)
    return Grade(right, question.correct)


def _grade_multiple(question: MultipleChoice, answer: Answer) -> Grade:
    expected = "; ".join(question.correct)
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return Grade(False, expected)
    picked = {str(a).strip().casefold() for a in answer}
    right = {c.strip().casefold() for c in question.correct}
    hits = len(picked & right)
    detail = "" if picked == right else f"{hits} of {len(right)} right choices picked"
    extra = len(picked - right)
    if extra:
        noun = "choice" if extra == 1 else "choices"
        detail += f"{'; ' if detail else ''}{extra} wrong {noun} picked"
    return Grade(picked == right, expected, detail)


def _grade_true_false(question: TrueFalse, answer: Answer) -> Grade:
    right = isinstance(answer, bool) and answer == question.answer
    return Grade(right, "True" if question.answer else "False")


def _grade_short(question: ShortAnswer, answer: Answer) -> Grade:
    expected = question.accept[0]
    if not isinstance(answer, str):
        return Grade(False, expected)
    for accepted in question.accept:
        ok, by_typo = short_answer_matches(answer, accepted)
        if ok:
            note = f"accepted as {accepted!r} (check the spelling)" if by_typo else ""
            return Grade(True, expected, note)
    return Grade(False, expected)


def _expected_matching(question: Matching) -> str:
    return "; ".join(f"{left} → {right}" for left, right in question.pairs)


def _grade_matching(question: Matching, answer: Answer) -> Grade:
    given = pairs_of(answer)
    matched = sum(
        1
        for left, target in question.pairs
        if any(same(left, g[0]) and same(target, g[1]) for g in given)
    )
    total = len(question.pairs)
    detail = "" if matched == total else f"{matched} of {total} pairs right"
    return Grade(matched == total, _expected_matching(question), detail)


def _grade_ordering(question: Ordering, answer: Answer) -> Grade:
    expected = " → ".join(question.order)
    if not isinstance(answer, list) or len(answer) != len(question.order):
        return Grade(False, expected)
    placed = sum(1 for g, want in zip(answer, question.order, strict=True) if same(str(g), want))
    total = len(question.order)
    detail = "" if placed == total else f"{placed} of {total} items in the right place"
    return Grade(placed == total, expected, detail)


KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        QuestionKind(
            "single",
            SingleChoice,
            expected=lambda q: q.correct,
            grade=_grade_single,
            layout=lambda q, rng: tuple(_shuffled(q.choices(), rng)),
            describe=_describe_text,
            slow_after=20.0,
        ),
        QuestionKind(
            "multiple",
            MultipleChoice,
            expected=lambda q: "; ".join(q.correct),
            grade=_grade_multiple,
            layout=lambda q, rng: tuple(_shuffled(q.choices(), rng)),
            describe=_describe_text,
            slow_after=30.0,
        ),
        QuestionKind(
            "true_false",
            TrueFalse,
            expected=lambda q: "True" if q.answer else "False",
            grade=_grade_true_false,
            layout=lambda q, rng: ("True", "False"),
            describe=_describe_text,
            slow_after=15.0,
        ),
        QuestionKind(
            "short",
            ShortAnswer,
            expected=lambda q: q.accept[0],
            grade=_grade_short,
            layout=lambda q, rng: (),
            describe=_describe_text,
            slow_after=40.0,
        ),
        QuestionKind(
            "matching",
            Matching,
            expected=_expected_matching,
            grade=_grade_matching,
            layout=lambda q, rng: tuple(
                _shuffled([p[1] for p in q.pairs], rng, avoid=[p[1] for p in q.pairs])
            ),
            describe=_describe_pairs,
            slow_after=60.0,
        ),
        QuestionKind(
            "ordering",
            Ordering,
            expected=lambda q: " → ".join(q.order),
            grade=_grade_ordering,
            layout=lambda q, rng: tuple(_shuffled(q.order, rng, avoid=q.order)),
            describe=lambda answer: _describe_list(answer, " → "),
            slow_after=60.0,
        ),
    )
}

_BY_MODEL = {kind.model: kind for kind in KINDS.values()}

DEFAULT_SLOW_AFTER = 30.0
"""Seconds after which a right answer counts as hard-won, for a type we do not know."""


def kind_of(question: QuestionBase) -> QuestionKind:
    """The rules of ``question``'s type.

    Raises:
        TypeError: ``question`` is of no known type.
    """
    kind = _BY_MODEL.get(type(question))
    if kind is None:
        raise TypeError(f"unknown question type: {type(question).__name__}")
    return kind


def expected_answer(question: QuestionBase) -> str:
    """The right answer to ``question``, as words to show the student."""
    return kind_of(question).expected(question)


def grade(question: QuestionBase, answer: Answer) -> Grade:
    """Grade ``answer`` against ``question``. A malformed answer is simply wrong."""
    return kind_of(question).grade(question, answer)


def describe_answer(answer: Answer, question: QuestionBase) -> str:
    """A student's answer in words (ordering joined by arrows, choices by semicolons)."""
    return kind_of(question).describe(answer)


def slow_after_for(question_type: str) -> float:
    """Seconds after which a right answer to a ``question_type`` question is "slow"."""
    kind = KINDS.get(question_type)
    return kind.slow_after if kind is not None else DEFAULT_SLOW_AFTER
