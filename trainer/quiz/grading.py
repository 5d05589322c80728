"""Grading a student's answer to one question.

Answers are always compared by text, never by position, so shuffling choices and
editing a quiz never break grading. Short answers are matched leniently: case, accents,
spacing and punctuation are ignored and one small typo is forgiven, but numbers must
match exactly (1838 is not 1839).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

# What a student can give: a choice's text, several texts, true/false, typed text,
# [left, right] pairs, or items in an order.
Answer = str | bool | list[str] | list[list[str]]

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    correct: bool
    expected: str
    """The right answer in words, for the student."""
    detail: str = ""
    """A note such as "3 of 4 pairs right" or "accepted despite a typo"."""


def normalise(text: str) -> str:
    """Fold case and accents, drop punctuation and collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", no_accents)).strip()


def _typo_budget(length: int) -> int:
    if length < 5:
        return 0
    return 1 if length < 10 else 2


def short_answer_matches(given: str, accepted: str) -> tuple[bool, bool]:
    """Whether ``given`` matches ``accepted``; the second value is True when only by a typo."""
    a, b = normalise(given), normalise(accepted)
    if not a:
        return False, False
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True, False
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False, False
    from rapidfuzz.distance import OSA  # imported on first use: it is not needed at start-up

    budget = _typo_budget(len(b))
    if budget and OSA.distance(a, b, score_cutoff=budget) <= budget:
        return True, True
    return False, False


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def expected_answer(question: QuestionBase) -> str:
    """The right answer, as words to show the student."""
    if isinstance(question, SingleChoice):
        return question.correct
    if isinstance(question, MultipleChoice):
        return "; ".join(question.correct)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, ShortAnswer):
        return question.accept[0]
    if isinstance(question, Matching):
        return "; ".join(f"{left} → {right}" for left, right in question.pairs)
    if isinstance(question, Ordering):
        return " → ".join(question.order)
    raise TypeError(f"unknown question type: {type(question).__name__}")


def grade(question: QuestionBase, answer: Answer) -> Grade:
    """Grade ``answer`` against ``question``. A malformed answer is simply wrong."""
    expected = expected_answer(question)
    if isinstance(question, SingleChoice):
        return Grade(isinstance(answer, str) and _same(answer, question.correct), expected)
    if isinstance(question, MultipleChoice):
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return Grade(False, expected)
        picked = {a.strip().casefold() for a in answer}  # type: ignore[union-attr]
        right = {c.strip().casefold() for c in question.correct}
        hits = len(picked & right)
        detail = "" if picked == right else f"{hits} of {len(right)} right choices picked"
        extra = len(picked - right)
        if extra:
            noun = "choice" if extra == 1 else "choices"
            detail += f"{'; ' if detail else ''}{extra} wrong {noun} picked"
        return Grade(picked == right, expected, detail)
    if isinstance(question, TrueFalse):
        return Grade(isinstance(answer, bool) and answer == question.answer, expected)
    if isinstance(question, ShortAnswer):
        if not isinstance(answer, str):
            return Grade(False, expected)
        for accepted in question.accept:
            ok, by_typo = short_answer_matches(answer, accepted)
            if ok:
                note = f"accepted as {accepted!r} (check the spelling)" if by_typo else ""
                return Grade(True, expected, note)
        return Grade(False, expected)
    if isinstance(question, Matching):
        given = _pairs(answer)
        matched = sum(
            1
            for left, target in question.pairs
            if any(_same(left, g[0]) and _same(target, g[1]) for g in given)
        )
        total = len(question.pairs)
        detail = "" if matched == total else f"{matched} of {total} pairs right"
        return Grade(matched == total, expected, detail)
    if isinstance(question, Ordering):
        if not isinstance(answer, list) or len(answer) != len(question.order):
            return Grade(False, expected)
        placed = sum(
            1 for g, want in zip(answer, question.order, strict=True) if _same(str(g), want)
        )
        total = len(question.order)
        detail = "" if placed == total else f"{placed} of {total} items in the right place"
        return Grade(placed == total, expected, detail)
    raise TypeError(f"unknown question type: {type(question).__name__}")


def _pairs(answer: Answer) -> list[tuple[str, str]]:
    if not isinstance(answer, list):
        return []
    pairs = []
    for item in answer:
        if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
            pairs.append((item[0], item[1]))
    return pairs
