"""Grading each question type: right answers, wrong answers, malformed answers."""

from __future__ import annotations

from typing import Any

import pytest

from trainer.course.models import Quiz
from trainer.quiz.grading import normalise, short_answer_matches
from trainer.quiz.kinds import expected_answer, grade

BASE = {"prompt": "p", "explanation": "e"}


def question(kind: str, **fields: Any):
    quiz = Quiz.model_validate(
        {"id": "q", "title": "T", "questions": [{"id": "a", "type": kind, **BASE, **fields}]}
    )
    return quiz.questions[0]


SINGLE = question("single", correct="Effleurage", wrong=["Friction", "Tapotement"])
MULTIPLE = question("multiple", correct=["Hacking", "Cupping"], wrong=["Wringing", "Stroking"])
TRUE = question("true_false", answer=True)
FALSE = question("true_false", answer=False)
SHORT = question("short", accept=["petrissage", "kneading"])
MATCHING = question(
    "matching", pairs=[["Effleurage", "gliding"], ["Petrissage", "kneading"], ["Friction", "rub"]]
)
ORDERING = question("ordering", order=["Warm up", "Work", "Close"])


# ---------------------------------------------------------------------------- single


@pytest.mark.parametrize("answer", ["Effleurage", " effleurage ", "EFFLEURAGE"])
def test_single_right(answer):
    g = grade(SINGLE, answer)
    assert g.correct and g.expected == "Effleurage"


@pytest.mark.parametrize("answer", ["Friction", "Effleurag", "", True, ["Effleurage"], 0])
def test_single_wrong_or_malformed(answer):
    assert not grade(SINGLE, answer).correct


# ---------------------------------------------------------------------------- multiple


def test_multiple_right_in_any_order_and_case():
    g = grade(MULTIPLE, ["cupping", "Hacking "])
    assert g.correct and g.detail == ""
    assert g.expected == "Hacking; Cupping"


def test_multiple_partial_and_extra_explained():
    g = grade(MULTIPLE, ["Hacking"])
    assert not g.correct and g.detail == "1 of 2 right choices picked"
    g = grade(MULTIPLE, ["Hacking", "Cupping", "Wringing"])
    assert not g.correct and g.detail == "2 of 2 right choices picked; 1 wrong choice picked"
    g = grade(MULTIPLE, [])
    assert not g.correct


@pytest.mark.parametrize("answer", ["Hacking", True, [1, 2], [["Hacking"]]])
def test_multiple_malformed(answer):
    assert not grade(MULTIPLE, answer).correct


# ---------------------------------------------------------------------------- true/false


def test_true_false():
    assert grade(TRUE, True).correct and not grade(TRUE, False).correct
    assert grade(FALSE, False).correct and not grade(FALSE, True).correct
    assert grade(TRUE, True).expected == "True" and grade(FALSE, False).expected == "False"


@pytest.mark.parametrize("answer", ["True", "true", 1, None, [True]])
def test_true_false_only_accepts_bools(answer):
    assert not grade(TRUE, answer).correct


# ---------------------------------------------------------------------------- short


@pytest.mark.parametrize(
    "answer",
    ["petrissage", "Petrissage", "  PETRISSAGE  ", "pétrissage", "petrissage.", "Kneading!"],
)
def test_short_exact_after_normalising(answer):
    g = grade(SHORT, answer)
    assert g.correct and g.detail == ""
    assert g.expected == "petrissage"


@pytest.mark.parametrize("answer", ["petrisage", "petrissagr", "pettrissage", "kneding"])
def test_short_one_typo_is_forgiven_with_a_note(answer):
    g = grade(SHORT, answer)
    assert g.correct
    assert "check the spelling" in g.detail


@pytest.mark.parametrize("answer", ["", "   ", "...", "massage", "petri", "kn", True, ["x"]])
def test_short_wrong(answer):
    assert not grade(SHORT, answer).correct


def test_short_spacing_and_punctuation():
    q = question("short", accept=["Per Henrik Ling"])
    for answer in ["per henrik ling", "Per-Henrik Ling", "PerHenrik Ling", "per  henrik, ling"]:
        assert grade(q, answer).correct, answer
    q = question("short", accept=["sub-acromial bursa"])
    assert grade(q, "subacromial bursa").correct


def test_short_numbers_must_match_exactly():
    q = question("short", accept=["1838"])
    assert grade(q, "1838").correct
    assert grade(q, " 1838. ").correct
    assert not grade(q, "1839").correct
    assert not grade(q, "183").correct
    q = question("short", accept=["about 15 minutes"])
    assert grade(q, "About 15 minutes").correct
    assert grade(q, "abuot 15 minutes").correct  # a typo in the words is fine
    assert not grade(q, "about 16 minutes").correct
    assert not grade(q, "about 150 minutes").correct


def test_short_typo_budget_scales_with_length():
    short = question("short", accept=["ice"])
    assert not grade(short, "icy").correct  # too short for any typo
    long = question("short", accept=["contraindication"])
    assert grade(long, "contraindicaton").correct
    assert grade(long, "contrindicaton").correct  # two typos on a long word
    assert not grade(long, "contrndicaton").correct  # three is too many


def test_normalise_and_short_answer_matches():
    assert normalise("  Pétrissage,  KNEADING! ") == "petrissage kneading"
    assert normalise("a_b") == "a b"
    assert short_answer_matches("petrisage", "petrissage") == (True, True)
    assert short_answer_matches("petrissage", "Pétrissage") == (True, False)
    assert short_answer_matches("", "") == (False, False)


# ---------------------------------------------------------------------------- matching


def test_matching_right_in_any_order():
    answer = [["Friction", "rub"], ["effleurage", "Gliding"], ["Petrissage", "kneading"]]
    g = grade(MATCHING, answer)
    assert g.correct and g.detail == ""
    assert g.expected == "Effleurage → gliding; Petrissage → kneading; Friction → rub"


def test_matching_partly_right():
    answer = [["Effleurage", "gliding"], ["Petrissage", "rub"], ["Friction", "kneading"]]
    g = grade(MATCHING, answer)
    assert not g.correct and g.detail == "1 of 3 pairs right"


@pytest.mark.parametrize("answer", ["x", [], [["a"]], [[1, 2]], True, [["Effleurage", "gliding"]]])
def test_matching_malformed_or_incomplete(answer):
    assert not grade(MATCHING, answer).correct


# ---------------------------------------------------------------------------- ordering


def test_ordering():
    g = grade(ORDERING, ["warm up", "Work", "Close "])
    assert g.correct and g.expected == "Warm up → Work → Close"
    g = grade(ORDERING, ["Work", "Warm up", "Close"])
    assert not g.correct and g.detail == "1 of 3 items in the right place"


@pytest.mark.parametrize("answer", [["Warm up", "Work"], "Warm up", [], True])
def test_ordering_malformed(answer):
    assert not grade(ORDERING, answer).correct


def test_expected_answer_of_each_type():
    assert expected_answer(SINGLE) == "Effleurage"
    assert expected_answer(SHORT) == "petrissage"
    assert expected_answer(ORDERING) == "Warm up → Work → Close"
