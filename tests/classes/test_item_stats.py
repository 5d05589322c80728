"""Moodle's quiz statistics (``trainer.classes.item_stats``) against figures worked by hand.

The main data set is 5 students x 4 questions, every figure worked out below with its
arithmetic (variances and covariances divide by s - 1, as Moodle's do). Results are
compared to 2 decimal places.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.classes.item_stats import (
    FLAG_LOW_DISCRIMINATION,
    FLAG_NEGATIVE_DISCRIMINATION,
    FLAG_VERY_EASY,
    FLAG_VERY_HARD,
    AnswerKey,
    Distractor,
    Scores,
    answer_key,
    answer_keys,
    choose_attempts,
    chosen_indexes,
    distractor_analysis,
    item_analysis,
    question_flags,
    random_guess_score,
    random_guess_scores,
)
from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)


def close(actual: float | None, expected: float) -> None:
    """``actual`` equals ``expected`` to 2 decimal places."""
    assert actual is not None
    assert abs(actual - expected) < 0.005, f"{actual} is not {expected} to 2 places"


QUESTIONS = ["q1", "q2", "q3", "q4"]

# The worked example: five students' marks (1 right, 0 wrong) and their totals T.
#
#            q1  q2  q3  q4   T
#   Ana       1   1   1   0   3
#   Ben       1   1   0   1   3
#   Cara      1   0   1   0   2
#   Dan       1   0   0   0   1
#   Eve       1   0   0   0   1
ROWS = [(1, 1, 1, 0), (1, 1, 0, 1), (1, 0, 1, 0), (1, 0, 0, 0), (1, 0, 0, 0)]
ATTEMPTS: list[Scores] = [dict(zip(QUESTIONS, row, strict=True)) for row in ROWS]

# Random guess scores: q1 single choice of 4, q2 true/false, q3 several right answers,
# q4 short answer.
GUESSES: dict[str, float | None] = {"q1": 0.25, "q2": 0.5, "q3": None, "q4": 0.0}

# --- test statistics, by hand --------------------------------------------------------
# s = 5 attempts, p = 4 questions.
# mean = (3 + 3 + 2 + 1 + 1) / 5 = 10 / 5 = 2.00 marks (2 / 4 = 50%)
# median of 1, 1, 2, 3, 3 = 2.00 marks (50%)
# T - mean = 1, 1, 0, -1, -1
#   power2 = 1 + 1 + 0 + 1 + 1 = 4;  power3 = 1 + 1 + 0 - 1 - 1 = 0;  power4 = 4
# SD = sqrt(power2 / (s - 1)) = sqrt(4 / 4) = 1.00 mark (1 / 4 = 25%)
# m2 = 4 / 5 = 0.8,  m3 = 0 / 5 = 0,  m4 = 4 / 5 = 0.8
# k2 = s m2 / (s - 1) = 5 * 0.8 / 4 = 1.0;  k3 = s^2 m3 / ((s - 1)(s - 2)) = 0
# skewness = k3 / k2^1.5 = 0.00
# k4 = s^2 ((s + 1) m4 - 3 (s - 1) m2^2) / ((s - 1)(s - 2)(s - 3))
#    = 25 (6 * 0.8 - 3 * 4 * 0.64) / (4 * 3 * 2) = 25 (4.8 - 7.68) / 24 = -72 / 24 = -3
# kurtosis = k4 / k2^2 = -3 / 1 = -3.00
# Sum of the questions' mark variances (worked out below) = 0 + 0.3 + 0.3 + 0.2 = 0.8
# CIC = 100 p / (p - 1) * (1 - 0.8 / k2) = (400 / 3) * (1 - 0.8) = 133.333 * 0.2 = 26.67%
# ER = 100 sqrt(1 - CIC / 100) = 100 sqrt(0.733333) = 100 * 0.856349 = 85.63%
# SE = ER / 100 * SD = 0.856349 * 1 = 0.86 marks (0.856349 / 4 = 21.41%)

# --- question statistics, by hand ----------------------------------------------------
# For each question: x its marks, o = T - x "the rest of the test"; d = value - mean.
#
# q1: x = 1, 1, 1, 1, 1 -> mean 1, facility 100%; every dx = 0, so var(x) = 0, SD 0%.
#     var(x) * var(o) = 0 -> discrimination index n/a; the sorted covariance is 0 too ->
#     discriminative efficiency n/a. Facility 100% > 90%: "very easy".
#
# q2: x = 1, 1, 0, 0, 0 -> mean 2 / 5 = 0.4, facility 40%
#     dx = 0.6, 0.6, -0.4, -0.4, -0.4;  sum dx^2 = 0.36 * 2 + 0.16 * 3 = 1.2
#     var(x) = 1.2 / 4 = 0.3;  SD = sqrt(0.3) = 0.547723 -> 54.77%
#     o = 2, 2, 2, 1, 1 -> mean 8 / 5 = 1.6;  do = 0.4, 0.4, 0.4, -0.6, -0.6
#     sum do^2 = 0.16 * 3 + 0.36 * 2 = 1.2 -> var(o) = 0.3
#     sum dx do = 0.24 + 0.24 - 0.16 + 0.24 + 0.24 = 0.8 -> cov = 0.8 / 4 = 0.2
#     discrimination = 100 * 0.2 / sqrt(0.3 * 0.3) = 20 / 0.3 = 66.67%
#     sorted x = 0, 0, 0, 1, 1 (d = -0.4, -0.4, -0.4, 0.6, 0.6) with
#     sorted o = 1, 1, 2, 2, 2 (d = -0.6, -0.6, 0.4, 0.4, 0.4):
#     sum = 0.24 + 0.24 - 0.16 + 0.24 + 0.24 = 0.8 -> covmax = 0.2
#     discriminative efficiency = 100 * 0.2 / 0.2 = 100.00%
#
# q3: x = 1, 0, 1, 0, 0 -> mean 0.4, facility 40%; var(x) = 0.3 as for q2, SD 54.77%
#     dx = 0.6, -0.4, 0.6, -0.4, -0.4
#     o = 2, 3, 1, 1, 1 -> mean 8 / 5 = 1.6;  do = 0.4, 1.4, -0.6, -0.6, -0.6
#     sum do^2 = 0.16 + 1.96 + 0.36 * 3 = 3.2 -> var(o) = 0.8
#     sum dx do = 0.24 - 0.56 - 0.36 + 0.24 + 0.24 = -0.2 -> cov = -0.05
#     discrimination = 100 * -0.05 / sqrt(0.3 * 0.8) = -5 / 0.489898 = -10.21%
#     sorted x (d = -0.4, -0.4, -0.4, 0.6, 0.6) with sorted o = 1, 1, 1, 2, 3
#     (d = -0.6, -0.6, -0.6, 0.4, 1.4): sum = 0.24 * 3 + 0.24 + 0.84 = 1.8 -> covmax 0.45
#     discriminative efficiency = 100 * -0.05 / 0.45 = -11.11%
#     Discrimination below 0: "negative discrimination: check the key".
#
# q4: x = 0, 1, 0, 0, 0 -> mean 0.2, facility 20%
#     dx = -0.2, 0.8, -0.2, -0.2, -0.2;  sum dx^2 = 0.04 * 4 + 0.64 = 0.8
#     var(x) = 0.8 / 4 = 0.2;  SD = sqrt(0.2) = 0.447214 -> 44.72%
#     o = 3, 2, 2, 1, 1 -> mean 9 / 5 = 1.8;  do = 1.2, 0.2, 0.2, -0.8, -0.8
#     sum do^2 = 1.44 + 0.04 + 0.04 + 0.64 + 0.64 = 2.8 -> var(o) = 0.7
#     sum dx do = -0.24 + 0.16 - 0.04 + 0.16 + 0.16 = 0.2 -> cov = 0.05
#     discrimination = 100 * 0.05 / sqrt(0.2 * 0.7) = 5 / 0.374166 = 13.36%
#     sorted x (d = -0.2 x 4, 0.8) with sorted o = 1, 1, 2, 2, 3
#     (d = -0.8, -0.8, 0.2, 0.2, 1.2): sum = 0.16 + 0.16 - 0.04 - 0.04 + 0.96 = 1.2
#     -> covmax = 0.3;  discriminative efficiency = 100 * 0.05 / 0.3 = 16.67%
#     Discrimination 0..20: "low discrimination".


def test_test_statistics_of_the_worked_example() -> None:
    stats = item_analysis(ATTEMPTS, QUESTIONS, GUESSES)

    assert (stats.attempt_count, stats.question_count) == (5, 4)
    close(stats.mean, 2.00)
    close(stats.mean_percent, 50.00)
    close(stats.median, 2.00)
    close(stats.median_percent, 50.00)
    close(stats.standard_deviation, 1.00)
    close(stats.standard_deviation_percent, 25.00)
    close(stats.skewness, 0.00)
    close(stats.kurtosis, -3.00)
    close(stats.cic, 26.67)
    close(stats.error_ratio, 85.63)
    close(stats.standard_error, 0.86)
    close(stats.standard_error_percent, 21.41)


@pytest.mark.parametrize(
    ("question_id", "facility", "sd", "guess", "discrimination", "efficiency", "flags"),
    [
        ("q1", 100.00, 0.00, 25.00, None, None, (FLAG_VERY_EASY,)),
        ("q2", 40.00, 54.77, 50.00, 66.67, 100.00, ()),
        ("q3", 40.00, 54.77, None, -10.21, -11.11, (FLAG_NEGATIVE_DISCRIMINATION,)),
        ("q4", 20.00, 44.72, 0.00, 13.36, 16.67, (FLAG_LOW_DISCRIMINATION,)),
    ],
)
def test_question_statistics_of_the_worked_example(
    question_id: str,
    facility: float,
    sd: float,
    guess: float | None,
    discrimination: float | None,
    efficiency: float | None,
    flags: tuple[str, ...],
) -> None:
    stats = item_analysis(ATTEMPTS, QUESTIONS, GUESSES).question(question_id)

    assert stats.count == 5
    close(stats.facility, facility)
    close(stats.standard_deviation, sd)
    if guess is None:
        assert stats.random_guess_score is None
    else:
        close(stats.random_guess_score, guess)
    if discrimination is None:
        assert stats.discrimination_index is None
    else:
        close(stats.discrimination_index, discrimination)
    if efficiency is None:
        assert stats.discriminative_efficiency is None
    else:
        close(stats.discriminative_efficiency, efficiency)
    assert stats.flags == flags


def test_questions_come_in_the_quizs_order() -> None:
    stats = item_analysis(ATTEMPTS, ["q4", "q2", "q1", "q3"])

    assert [q.question_id for q in stats.questions] == ["q4", "q2", "q1", "q3"]
    with pytest.raises(KeyError):
        stats.question("q9")


def test_a_question_everyone_got_right_has_no_discrimination() -> None:
    q1 = item_analysis(ATTEMPTS, QUESTIONS).question("q1")

    assert q1.standard_deviation == 0.0  # a real 0%, not n/a: nothing is divided by it
    assert q1.discrimination_index is None
    assert q1.discriminative_efficiency is None
    assert FLAG_LOW_DISCRIMINATION not in q1.flags  # n/a raises no discrimination flag


# --- questions missing from some attempts --------------------------------------------
# Ben was not asked q3. Moodle leaves a question out of the figures of an attempt that
# does not contain it (it is not a 0):
#
#            q1  q2  q3   T
#   Ana       1   1   1   3
#   Ben       1   0   -   1
#   Cara      0   1   0   1
#   Dan       0   0   0   0
#
# Test: s = 4; mean = 5 / 4 = 1.25; median of 0, 1, 1, 3 = (1 + 1) / 2 = 1.00
#   T - mean = 1.75, -0.25, -0.25, -1.25; power2 = 3.0625 + 0.0625 + 0.0625 + 1.5625 = 4.75
#   k2 = SD^2 = 4.75 / 3 = 1.583333;  SD = 1.258306
# q3 (count 3: Ana, Cara, Dan): x = 1, 0, 0 -> mean 1/3, facility 33.33% (not 25%, which
#   counting Ben's missing q3 as a 0 would give)
#   dx = 2/3, -1/3, -1/3; sum dx^2 = 4/9 + 1/9 + 1/9 = 2/3 -> var(x) = (2/3) / 2 = 1/3
#   SD = sqrt(1/3) = 57.74%
#   o = 2, 1, 0 -> mean 1; do = 1, 0, -1; sum do^2 = 2 -> var(o) = 1
#   sum dx do = 2/3 + 0 + 1/3 = 1 -> cov = 1 / 2 = 0.5
#   discrimination = 100 * 0.5 / sqrt(1/3 * 1) = 50 * sqrt(3) = 86.60%
#   sorted x = 0, 0, 1 (d = -1/3, -1/3, 2/3), sorted o = 0, 1, 2 (d = -1, 0, 1):
#   sum = 1/3 + 0 + 2/3 = 1 -> covmax = 0.5 -> efficiency 100.00%
# q1 (count 4): x = 1, 1, 0, 0 -> facility 50%; dx = 0.5, 0.5, -0.5, -0.5 -> var 1/3
#   o = 2, 0, 1, 0 -> mean 0.75; do = 1.25, -0.75, 0.25, -0.75
#   sum do^2 = 1.5625 + 0.5625 + 0.0625 + 0.5625 = 2.75 -> var(o) = 2.75 / 3 = 11/12
#   sum dx do = 0.625 - 0.375 - 0.125 + 0.375 = 0.5 -> cov = 0.5 / 3 = 1/6
#   discrimination = 100 (1/6) / sqrt((1/3)(11/12)) = 100 (1/6) / (sqrt(11) / 6)
#                  = 100 / sqrt(11) = 30.15%
#   sorted x (d = -0.5, -0.5, 0.5, 0.5) with sorted o = 0, 0, 1, 2
#   (d = -0.75, -0.75, 0.25, 1.25): sum = 0.375 + 0.375 + 0.125 + 0.625 = 1.5
#   -> covmax = 0.5;  efficiency = 100 (1/6) / 0.5 = 33.33%
# CIC: the mark variances are q1 1/3, q2 1/3 (its marks are q1's, reordered), q3 1/3: sum 1
#   CIC = 100 * 3 / 2 * (1 - 1 / 1.583333) = 150 * 0.368421 = 55.26%
#   ER = 100 sqrt(1 - 0.552632) = 100 * 0.668856 = 66.89%;  SE = 0.668856 * 1.258306 = 0.84
MISSING = [
    {"q1": 1, "q2": 1, "q3": 1},
    {"q1": 1, "q2": 0},
    {"q1": 0, "q2": 1, "q3": 0},
    {"q1": 0, "q2": 0, "q3": 0},
]


def test_a_question_not_asked_is_left_out_of_its_figures() -> None:
    stats = item_analysis(MISSING, ["q1", "q2", "q3"])

    assert [q.count for q in stats.questions] == [4, 4, 3]
    q3 = stats.question("q3")
    close(q3.facility, 33.33)
    close(q3.standard_deviation, 57.74)
    close(q3.discrimination_index, 86.60)
    close(q3.discriminative_efficiency, 100.00)
    q1 = stats.question("q1")
    close(q1.facility, 50.00)
    close(q1.discrimination_index, 30.15)
    close(q1.discriminative_efficiency, 33.33)


def test_test_statistics_with_a_question_not_asked() -> None:
    stats = item_analysis(MISSING, ["q1", "q2", "q3"])

    assert stats.attempt_count == 4
    close(stats.mean, 1.25)
    close(stats.median, 1.00)
    close(stats.standard_deviation, 1.26)
    close(stats.cic, 55.26)
    close(stats.error_ratio, 66.89)
    close(stats.standard_error, 0.84)


def test_scores_of_questions_outside_the_quiz_are_ignored() -> None:
    with_extra = [{**attempt, "old-question": 1} for attempt in ATTEMPTS]

    assert item_analysis(with_extra, QUESTIONS) == item_analysis(ATTEMPTS, QUESTIONS)


# --- too little data -----------------------------------------------------------------


def test_no_attempts_give_no_figures() -> None:
    stats = item_analysis([], QUESTIONS, GUESSES)

    assert stats.attempt_count == 0
    assert stats.mean is None and stats.median is None and stats.mean_percent is None
    assert stats.standard_deviation is None and stats.cic is None
    q2 = stats.question("q2")
    assert (q2.count, q2.facility, q2.discrimination_index, q2.flags) == (0, None, None, ())
    close(q2.random_guess_score, 50.0)  # known from the question, attempts or not


def test_one_attempt_has_a_mean_but_no_spread() -> None:
    stats = item_analysis(ATTEMPTS[:1], QUESTIONS)

    close(stats.mean, 3.0)
    close(stats.median, 3.0)
    assert stats.standard_deviation is None  # Moodle needs s > 1
    assert stats.skewness is None and stats.cic is None
    q4 = stats.question("q4")
    assert q4.count == 1
    close(q4.facility, 0.0)
    assert q4.standard_deviation is None and q4.discrimination_index is None
    assert q4.flags == (FLAG_VERY_HARD,)


def test_skewness_needs_three_attempts_and_kurtosis_four() -> None:
    # Ana, Ben, Cara: T = 3, 3, 2; mean 8/3; d = 1/3, 1/3, -2/3
    # power2 = 1/9 + 1/9 + 4/9 = 2/3; power3 = 1/27 + 1/27 - 8/27 = -6/27 = -2/9
    # m2 = 2/9, m3 = -2/27; k2 = 3 (2/9) / 2 = 1/3; k3 = 9 (-2/27) / (2 * 1) = -1/3
    # skewness = (-1/3) / (1/3)^1.5 = -1 / sqrt(1/3) = -sqrt(3) = -1.73
    three = item_analysis(ATTEMPTS[:3], QUESTIONS)
    close(three.skewness, -1.73)
    assert three.kurtosis is None
    assert item_analysis(ATTEMPTS[:2], QUESTIONS).skewness is None


def test_everyone_with_the_same_total_has_no_skewness_or_cic() -> None:
    same_total = [{"q1": 1, "q2": 0}, {"q1": 0, "q2": 1}, {"q1": 1, "q2": 0}]

    stats = item_analysis(same_total, ["q1", "q2"])

    assert stats.standard_deviation == 0.0
    assert stats.skewness is None and stats.kurtosis is None and stats.cic is None


def test_a_one_question_quiz_has_no_cic() -> None:
    stats = item_analysis([{"q2": a["q2"]} for a in ATTEMPTS], ["q2"])

    close(stats.standard_deviation, 0.55)  # sqrt(0.3), as q2's own
    assert stats.cic is None and stats.error_ratio is None and stats.standard_error is None


def test_a_cic_over_100_has_no_error_ratio() -> None:
    # q2 asked only of the two who got q1 right, and right both times:
    #   q1 = 1, 1, 0, 0 -> var = (4 * 0.25) / 3 = 1/3;  q2 = 1, 1 -> var 0
    #   T = 2, 2, 0, 0 -> mean 1, power2 = 4, k2 = 4 / 3
    #   CIC = 100 * 2 / 1 * (1 - (1/3 + 0) / (4/3)) = 200 * 0.75 = 150%
    # 1 - CIC / 100 < 0 has no square root: Moodle stores ER and SE as null (n/a).
    attempts = [{"q1": 1, "q2": 1}, {"q1": 1, "q2": 1}, {"q1": 0}, {"q1": 0}]

    stats = item_analysis(attempts, ["q1", "q2"])

    close(stats.cic, 150.0)
    assert stats.error_ratio is None and stats.standard_error is None


@pytest.mark.parametrize("p", [3, 8])
def test_identical_questions_make_a_perfect_test(p: int) -> None:
    # p copies of one question, marks x = 0, 0, 1, 1 (4 students):
    #   var(x) = (4 * 0.25) / 3 = 1/3 each, sum = p / 3
    #   T = 0, 0, p, p: mean p / 2, power2 = 4 (p / 2)^2 = p^2, k2 = p^2 / 3
    #   CIC = 100 p / (p - 1) * (1 - (p / 3) / (p^2 / 3)) = 100 p / (p - 1) * (p - 1) / p
    #       = 100%;  ER = 100 sqrt(1 - 1) = 0;  SE = 0
    #   rest of the test = (p - 1) x: correlation 1 -> discrimination 100%
    # Rounding leaves these a hair off (CIC 100.00000000000001 for p = 3, discrimination
    # 100.00000000000001 for p = 8): they must still come out as 100 and 0, not n/a.
    ids = [f"q{i}" for i in range(p)]
    stats = item_analysis([dict.fromkeys(ids, mark) for mark in (0, 0, 1, 1)], ids)

    close(stats.cic, 100.0)
    close(stats.error_ratio, 0.0)
    close(stats.standard_error, 0.0)
    for question in stats.questions:
        assert question.discrimination_index is not None
        assert 99.995 < question.discrimination_index <= 100
        close(question.discriminative_efficiency, 100.0)


def test_scores_must_be_0_or_1_and_ids_must_not_repeat() -> None:
    with pytest.raises(ValueError, match="'q2' scored 2"):
        item_analysis([{"q1": 1, "q2": 2}], ["q1", "q2"])
    with pytest.raises(ValueError, match=r"scored 0\.5"):
        item_analysis([{"q1": 0.5}], ["q1"])  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="repeat"):
        item_analysis(ATTEMPTS, ["q1", "q1"])


# --- flags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facility", "discrimination", "flags"),
    [
        (50.0, 20.0, ()),
        (50.0, 19.99, (FLAG_LOW_DISCRIMINATION,)),
        (50.0, 0.0, (FLAG_LOW_DISCRIMINATION,)),
        (50.0, -0.01, (FLAG_NEGATIVE_DISCRIMINATION,)),
        (50.0, None, ()),
        (10.0, 40.0, ()),
        (9.99, 40.0, (FLAG_VERY_HARD,)),
        (90.0, 40.0, ()),
        (90.01, 40.0, (FLAG_VERY_EASY,)),
        (0.0, -5.0, (FLAG_NEGATIVE_DISCRIMINATION, FLAG_VERY_HARD)),
        (95.0, 5.0, (FLAG_LOW_DISCRIMINATION, FLAG_VERY_EASY)),
        (None, None, ()),
    ],
)
def test_flags(
    facility: float | None, discrimination: float | None, flags: tuple[str, ...]
) -> None:
    assert question_flags(facility, discrimination) == flags


def test_flag_words() -> None:
    assert FLAG_LOW_DISCRIMINATION == "low discrimination"
    assert FLAG_NEGATIVE_DISCRIMINATION == "negative discrimination: check the key"
    assert (FLAG_VERY_HARD, FLAG_VERY_EASY) == ("very hard", "very easy")


# --- which attempts count ------------------------------------------------------------

BY_STUDENT: dict[str, list[Scores]] = {
    # Ana: totals 0, 1, 2, 1 (oldest first)
    "ana": [{"q1": 0, "q2": 0}, {"q1": 1, "q2": 0}, {"q1": 1, "q2": 1}, {"q1": 0, "q2": 1}],
    # Ben: totals 1, 1: a tie for highest, which Moodle gives to the earlier attempt
    "ben": [{"q1": 1, "q2": 0}, {"q1": 0, "q2": 1}],
    # Cara never finished an attempt
    "cara": [],
}


@pytest.mark.parametrize(
    ("rule", "indexes"),
    [
        ("first", {"ana": (0,), "ben": (0,)}),
        ("last", {"ana": (3,), "ben": (1,)}),
        ("highest", {"ana": (2,), "ben": (0,)}),
        ("all", {"ana": (0, 1, 2, 3), "ben": (0, 1)}),
    ],
)
def test_chosen_indexes(rule: str, indexes: dict[str, tuple[int, ...]]) -> None:
    assert chosen_indexes(BY_STUDENT, rule) == indexes  # type: ignore[arg-type]


def test_choose_attempts_gives_the_chosen_rows_student_by_student() -> None:
    assert choose_attempts(BY_STUDENT, "first") == [BY_STUDENT["ana"][0], BY_STUDENT["ben"][0]]
    assert choose_attempts(BY_STUDENT, "highest") == [
        {"q1": 1, "q2": 1},
        {"q1": 1, "q2": 0},
    ]
    every = choose_attempts(BY_STUDENT, "all")
    assert every == [*BY_STUDENT["ana"], *BY_STUDENT["ben"]]  # each attempt its own row


def test_the_rule_changes_the_figures() -> None:
    # first: Ana q1 = 0, Ben q1 = 1 -> facility 50%; last: Ana 0, Ben 0 -> 0%;
    # all: q1 = 0, 1, 1, 0, 1, 0 -> 3 / 6 = 50% over 6 rows.
    def q1(rule: str) -> tuple[int, float | None]:
        stats = item_analysis(choose_attempts(BY_STUDENT, rule), ["q1", "q2"])  # type: ignore[arg-type]
        return stats.question("q1").count, stats.question("q1").facility

    assert q1("first") == (2, 50.0)
    assert q1("last") == (2, 0.0)
    assert q1("all") == (6, 50.0)


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown attempt rule 'best'"):
        chosen_indexes(BY_STUDENT, "best")  # type: ignore[arg-type]


# --- random guess score --------------------------------------------------------------


def _single(question_id: str, wrong: list[str]) -> SingleChoice:
    return SingleChoice(
        type="single",
        id=question_id,
        prompt="Which stroke glides?",
        explanation="Effleurage glides.",
        correct="Effleurage",
        wrong=wrong,
    )


MULTIPLE = MultipleChoice(
    type="multiple",
    id="m1",
    prompt="Which are strokes?",
    explanation="Both are strokes.",
    correct=["Stroke", "Knead"],
    wrong=["Tap", "Shake"],
)
TRUE_FALSE = TrueFalse(
    type="true_false", id="tf", prompt="Effleurage glides.", explanation="It does.", answer=True
)
SHORT = ShortAnswer(
    type="short",
    id="sa",
    prompt="Name the kneading stroke.",
    explanation="Petrissage kneads.",
    accept=["petrissage", "kneading"],
)
MATCHING = Matching(
    type="matching",
    id="mt",
    prompt="Match.",
    explanation="So.",
    pairs=[["Effleurage", "glide"], ["Petrissage", "knead"]],
)
ORDERING = Ordering(
    type="ordering",
    id="or",
    prompt="Order.",
    explanation="So.",
    order=["Effleurage", "Petrissage", "Tapotement"],
)


@pytest.mark.parametrize(
    ("question", "guess"),
    [
        (_single("s4", ["Petrissage", "Tapotement", "Friction"]), 0.25),
        (_single("s2", ["Petrissage"]), 0.5),
        (MULTIPLE, None),
        (TRUE_FALSE, 0.5),
        (SHORT, 0.0),
        (MATCHING, 0.0),
        (ORDERING, 0.0),
    ],
)
def test_random_guess_score(question: QuestionBase, guess: float | None) -> None:
    assert random_guess_score(question) == guess


def test_random_guess_scores_feed_the_statistics() -> None:
    guesses = random_guess_scores([_single("q1", ["a", "b", "c", "d"]), TRUE_FALSE, MULTIPLE])
    assert guesses == {"q1": 0.2, "tf": 0.5, "m1": None}

    stats = item_analysis(ATTEMPTS, QUESTIONS, guesses)

    close(stats.question("q1").random_guess_score, 20.0)  # 1 / 5 choices
    assert stats.question("q2").random_guess_score is None  # no guess given for q2


# --- distractor analysis -------------------------------------------------------------

SINGLE = _single("s1", ["Petrissage", "Tapotement", "Friction"])

RESPONSES: list[Mapping[str, object]] = [
    {"s1": "Petrissage", "m1": ["Stroke", "Tap"], "tf": False, "sa": "Pétrissage!"},
    {"s1": "petrissage ", "m1": ["Stroke", "Knead"], "tf": True, "sa": "petrisage"},
    {"s1": "Effleurage", "m1": ["Tap", "Shake"], "tf": False, "sa": "effleurage"},
    {"s1": "Tapotement", "m1": ["Shake", "Tap", "tap"], "sa": "Effleurage."},
    {"s1": "", "sa": "friction", "mt": [["Effleurage", "knead"], ["Petrissage", "glide"]]},
    {"s1": "Friction"},
]


def _distractors() -> dict[str, tuple[Distractor, ...]]:
    keys = answer_keys([SINGLE, MULTIPLE, TRUE_FALSE, SHORT, MATCHING, ORDERING])
    return distractor_analysis(RESPONSES, keys)  # type: ignore[arg-type]


def test_wrong_single_choices_most_common_first() -> None:
    # s1 was answered in 6 attempts: "Petrissage" twice (case and spaces aside), then
    # "Friction" and "Tapotement" once each (ties by text); "Effleurage" is right and the
    # blank answer is no distractor.
    assert _distractors()["s1"] == (
        Distractor("Petrissage", 2, 100 * 2 / 6),
        Distractor("Friction", 1, 100 / 6),
        Distractor("Tapotement", 1, 100 / 6),
    )


def test_each_wrong_choice_of_several_counts_once_per_attempt() -> None:
    # m1 (4 attempts): Tap in attempts 1, 3, 4 ("Tap" and "tap" in 4 count once); Shake
    # in 3 and 4; attempt 2 picked only right choices.
    assert _distractors()["m1"] == (
        Distractor("Tap", 3, 75.0),
        Distractor("Shake", 2, 50.0),
    )


def test_true_false_and_short_answers() -> None:
    found = _distractors()
    assert found["tf"] == (Distractor("False", 2, 100 * 2 / 3),)
    # "Pétrissage!" and "petrisage" (a typo) are accepted as grading accepts them;
    # "effleurage" and "Effleurage." are one wrong answer.
    assert found["sa"] == (
        Distractor("effleurage", 2, 40.0),
        Distractor("friction", 1, 20.0),
    )


def test_matching_and_ordering_have_no_distractors() -> None:
    assert answer_key(MATCHING) is None and answer_key(ORDERING) is None
    assert set(_distractors()) == {"s1", "m1", "tf", "sa"}


def test_a_question_without_wrong_answers_has_an_empty_list() -> None:
    keys = {"s1": AnswerKey(("Effleurage",))}
    assert distractor_analysis([{"s1": "effleurage"}], keys) == {"s1": ()}
    assert distractor_analysis([], keys) == {"s1": ()}


# --- properties ----------------------------------------------------------------------

MATRICES = st.integers(1, 5).flatmap(
    lambda p: st.lists(
        st.lists(st.sampled_from([0, 1, None]), min_size=p, max_size=p), min_size=0, max_size=9
    )
)


def _as_attempts(matrix: Sequence[Sequence[int | None]]) -> list[Scores]:
    """Rows of marks as attempts; None is a question not asked."""
    return [{f"q{j}": mark for j, mark in enumerate(row) if mark is not None} for row in matrix]


@given(MATRICES)
def test_facility_and_discrimination_stay_in_range(matrix: list[list[int | None]]) -> None:
    ids = [f"q{j}" for j in range(len(matrix[0]))] if matrix else ["q0"]

    stats = item_analysis(_as_attempts(matrix), ids)

    for question in stats.questions:
        assert question.facility is None or 0 <= question.facility <= 100
        assert question.discrimination_index is None or (
            -100 <= question.discrimination_index <= 100
        )


@given(
    st.integers(2, 5).flatmap(
        lambda p: st.lists(
            st.lists(st.sampled_from([0, 1]), min_size=p, max_size=p), min_size=2, max_size=9
        )
    )
)
def test_discrimination_is_the_correlation_with_the_rest(matrix: list[list[int]]) -> None:
    # An independent check: with every question asked, the discrimination index is the
    # Pearson correlation of a question's marks with the rest of each total, and the CIC
    # is Cronbach's alpha.
    ids = [f"q{j}" for j in range(len(matrix[0]))]
    stats = item_analysis(_as_attempts(matrix), ids)
    totals = [sum(row) for row in matrix]
    for j, question in enumerate(stats.questions):
        marks = [row[j] for row in matrix]
        rest = [t - m for t, m in zip(totals, marks, strict=True)]
        if len(set(marks)) > 1 and len(set(rest)) > 1:
            expected = 100 * statistics.correlation(marks, rest)
            assert question.discrimination_index == pytest.approx(expected, abs=1e-9)
        else:
            assert question.discrimination_index is None
    if len(matrix) > 2 and len(set(totals)) > 1:
        p = len(ids)
        variances = sum(statistics.variance([row[j] for row in matrix]) for j in range(p))
        alpha = p / (p - 1) * (1 - variances / statistics.variance(totals))
        assert stats.cic == pytest.approx(100 * alpha, abs=1e-9)
        assert math.isfinite(stats.cic or 0.0)


# --- no UI here ----------------------------------------------------------------------


def test_the_module_loads_no_ui_or_command_line() -> None:
    probe = (
        "import json, sys; import trainer.classes.item_stats; "
        "print(json.dumps([m for m in ('textual', 'rich', 'argparse') if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
