"""Comparing answers: the verdict type and the text matching every question type uses.

Answers are always compared by text, never by position, so shuffling choices and
editing a quiz never break grading. Short answers are matched leniently: case, accents,
spacing and punctuation are ignored and one small typo is forgiven, but numbers must
match exactly (1838 is not 1839). Each question type's own rules are in ``kinds``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def same(a: str, b: str) -> bool:
    """Equal but for case and surrounding spaces (choices, pairs and items)."""
    return a.strip().casefold() == b.strip().casefold()


def pairs_of(answer: Answer) -> list[tuple[str, str]]:
    """The well-formed ``[left, right]`` pairs of a matching answer."""
    if not isinstance(answer, list):
        return []
    pairs = []
    for item in answer:
        if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
            pairs.append((item[0], item[1]))
    return pairs
