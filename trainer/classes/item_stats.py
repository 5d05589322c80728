"""Moodle's quiz statistics (item analysis) for a class's attempts at one quiz.

The formulas are Moodle's, as its statistics report computes them (the quiz's
``quiz_statistics\\calculator`` for the test, ``core_question\\statistics\\questions\\
calculator`` for each question; described at docs.moodle.org/dev/Quiz_statistics_calculations).
For people they are written out in ``docs/class-report.md``. In short, with ``s`` attempts,
``p`` questions, ``x`` an attempt's mark on a question and ``T`` its total:

* test: mean and median of ``T``; standard deviation ``sqrt(sum (T - mean)^2 / (s - 1))``;
  skewness ``k3 / k2^1.5`` and kurtosis ``k4 / k2^2`` from the k-statistics of ``T``;
  coefficient of internal consistency (Cronbach's alpha)
  ``CIC = 100 p / (p - 1) * (1 - sum of the questions' mark variances / k2)``;
  error ratio ``ER = 100 sqrt(1 - CIC / 100)``; standard error ``SE = ER / 100 * SD``;
* each question, over the ``s_q`` attempts that asked it: facility ``100 * mean(x)``;
  standard deviation ``100 * sqrt(var(x))``; discrimination index
  ``100 * cov(x, T - x) / sqrt(var(x) var(T - x))`` (the correlation of the question with
  the rest of the test); discriminative efficiency ``100 * cov(x, T - x) / covmax``, where
  ``covmax`` pairs the sorted ``x`` with the sorted ``T - x`` (the most that covariance
  could be with these marks). Every variance and covariance divides by ``s_q - 1``.

A statistic is None ("n/a") where Moodle's is null: too few attempts, or a division by a
variance (or ``covmax``) that is zero, as for a question everyone got right, or an error
ratio of a CIC over 100% (the square root of a negative number). Two departures, both
about rounding or no data: a discrimination index a hair past +-100% (a perfect
correlation, rounded) is brought back to +-100, and a CIC within 1e-9 of 100% is 100
(so ER and SE are 0, not n/a); a question no attempt asked has facility None (Moodle
would show 0%).

Every question is worth one mark and scores 0 or 1: the app grades all-or-nothing.
A question that was not asked in an attempt is left out of that question's figures, as
Moodle leaves out a question an attempt does not contain; a question asked but left
unanswered is a 0 (the caller's job: give it a score of 0).
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from trainer.quiz.grading import normalise, same, short_answer_matches

Scores = Mapping[str, int]
"""One attempt: question id -> score, 0 or 1 (a question not asked is simply absent)."""

Response = str | bool | Sequence[str]
"""What a student gave to one question: a choice or typed text, true/false, or several
choices. Pairs (matching) and orders are not analysed for distractors."""

AttemptRule = Literal["first", "last", "highest", "all"]
"""Which of a student's attempts count, as Moodle's "calculate statistics from" option."""

ATTEMPT_RULES: tuple[AttemptRule, ...] = ("first", "last", "highest", "all")

LOW_DISCRIMINATION = 20.0
"""Discrimination index (%) below which a question is flagged "low discrimination"."""
VERY_HARD = 10.0
"""Facility (%) below which a question is flagged "very hard"."""
VERY_EASY = 90.0
"""Facility (%) above which a question is flagged "very easy"."""

FLAG_LOW_DISCRIMINATION = "low discrimination"
FLAG_NEGATIVE_DISCRIMINATION = "negative discrimination: check the key"
FLAG_VERY_HARD = "very hard"
FLAG_VERY_EASY = "very easy"


# --- which attempts count ---------------------------------------------------------------


def chosen_indexes(
    attempts_by_student: Mapping[str, Sequence[Scores]], rule: AttemptRule
) -> dict[str, tuple[int, ...]]:
    """Which of each student's attempts count under ``rule``, by position in their list.

    Each student's attempts must be in the order they were taken, oldest first. "first"
    and "last" take one end; "highest" the attempt with the highest total, the earliest
    of those tied (as Moodle breaks ties); "all" keeps every attempt, each then counted
    as if by a different student. A student without attempts is left out.
    """
    if rule not in ATTEMPT_RULES:
        raise ValueError(f"unknown attempt rule {rule!r}; use one of {', '.join(ATTEMPT_RULES)}")
    chosen: dict[str, tuple[int, ...]] = {}
    for student, attempts in attempts_by_student.items():
        if not attempts:
            continue
        if rule == "first":
            chosen[student] = (0,)
        elif rule == "last":
            chosen[student] = (len(attempts) - 1,)
        elif rule == "highest":
            totals = [sum(attempt.values()) for attempt in attempts]
            chosen[student] = (totals.index(max(totals)),)
        else:
            chosen[student] = tuple(range(len(attempts)))
    return chosen


def choose_attempts(
    attempts_by_student: Mapping[str, Sequence[Scores]], rule: AttemptRule
) -> list[Scores]:
    """The attempts that count under ``rule`` (see ``chosen_indexes``), student by student.

    Use ``chosen_indexes`` to pick the same attempts' answers for ``distractor_analysis``.
    """
    indexes = chosen_indexes(attempts_by_student, rule)
    return [attempts_by_student[student][i] for student, picks in indexes.items() for i in picks]


# --- random guess score -----------------------------------------------------------------


def random_guess_score(question: QuestionBase) -> float | None:
    """The mark (0..1) a student would expect by guessing, by Moodle's rule for the type.

    One right choice among ``n``: ``1/n`` (Moodle: the choices' average fraction).
    Several right choices: None, as Moodle does not estimate it for multiple-answer
    questions. True/false: 0.5. Short answer, matching and ordering: 0 (graded
    all-or-nothing here, a blind guess practically never gets them right).
    """
    if isinstance(question, SingleChoice):
        return 1 / (1 + len(question.wrong))
    if isinstance(question, MultipleChoice):
        return None
    if isinstance(question, TrueFalse):
        return 0.5
    if isinstance(question, ShortAnswer | Matching | Ordering):
        return 0.0
    raise TypeError(f"no random guess score for question type {type(question).__name__}")


def random_guess_scores(questions: Iterable[QuestionBase]) -> dict[str, float | None]:
    """``random_guess_score`` of each question, by id (e.g. of a quiz's ``questions``)."""
    return {question.id: random_guess_score(question) for question in questions}


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStats:
    """Moodle's statistics of one question. Percentages; None means "n/a"."""

    question_id: str
    count: int
    """Attempts that asked it (Moodle's "attempts" for the question)."""
    facility: float | None
    """Facility index: the mean score, as a percentage (None if nobody was asked)."""
    standard_deviation: float | None
    """Standard deviation of its score, as a percentage of its mark (None below 2 attempts)."""
    random_guess_score: float | None
    """Random guess score, as a percentage (None: not estimated for this type)."""
    discrimination_index: float | None
    """Correlation of its score with the rest of the test (total minus this question), %."""
    discriminative_efficiency: float | None
    """Its covariance with the rest of the test, as a percentage of the most it could be."""
    flags: tuple[str, ...]
    """Plain-word warnings (``question_flags``), e.g. ("very easy",)."""


@dataclass(frozen=True)
class QuizStats:
    """Moodle's test statistics of a quiz, with every question's.

    ``mean``, ``median``, ``standard_deviation`` and ``standard_error`` are in marks (one
    per question); the ``*_percent`` properties give them as a percentage of the quiz's
    marks, as Moodle shows them. ``cic`` and ``error_ratio`` are percentages. None: n/a.
    """

    attempt_count: int
    question_count: int
    """``p``: the questions in the quiz, one mark each."""
    mean: float | None
    median: float | None
    standard_deviation: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    """Coefficient of internal consistency (Cronbach's alpha), %."""
    error_ratio: float | None
    standard_error: float | None
    questions: tuple[QuestionStats, ...]

    def percent(self, marks: float | None) -> float | None:
        """``marks`` as a percentage of the quiz's marks (None stays None)."""
        if marks is None or self.question_count == 0:
            return None
        return 100 * marks / self.question_count

    @property
    def mean_percent(self) -> float | None:
        return self.percent(self.mean)

    @property
    def median_percent(self) -> float | None:
        return self.percent(self.median)

    @property
    def standard_deviation_percent(self) -> float | None:
        return self.percent(self.standard_deviation)

    @property
    def standard_error_percent(self) -> float | None:
        return self.percent(self.standard_error)

    def question(self, question_id: str) -> QuestionStats:
        """The statistics of the question with this id."""
        for stats in self.questions:
            if stats.question_id == question_id:
                return stats
        raise KeyError(question_id)


def question_flags(facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    """Plain-word warnings for a question with this facility and discrimination index (%).

    Discrimination below 0: "negative discrimination: check the key" (the students who
    did best overall got it wrong more often: often a wrong key); below 20: "low
    discrimination". Facility below 10: "very hard"; above 90: "very easy". An "n/a"
    figure raises no flag.
    """
    flags: list[str] = []
    if discrimination is not None:
        if discrimination < 0:
            flags.append(FLAG_NEGATIVE_DISCRIMINATION)
        elif discrimination < LOW_DISCRIMINATION:
            flags.append(FLAG_LOW_DISCRIMINATION)
    if facility is not None:
        if facility < VERY_HARD:
            flags.append(FLAG_VERY_HARD)
        elif facility > VERY_EASY:
            flags.append(FLAG_VERY_EASY)
    return tuple(flags)


# --- the calculations -------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _question_stats(
    question_id: str,
    attempts: Sequence[Scores],
    totals: Sequence[int],
    guess: float | None,
) -> tuple[QuestionStats, float | None]:
    """One question's statistics and its mark variance (for the CIC; None below 2)."""
    marks: list[int] = []
    others: list[int] = []  # the rest of the test: the attempt's total less this mark
    for attempt, total in zip(attempts, totals, strict=True):
        if question_id in attempt:
            marks.append(attempt[question_id])
            others.append(total - attempt[question_id])
    s = len(marks)
    guess_percent = None if guess is None else 100 * guess
    if s == 0:
        stats = QuestionStats(question_id, 0, None, None, guess_percent, None, None, ())
        return stats, None
    mark_average = _mean(marks)
    facility = 100 * mark_average
    if s < 2:
        flags = question_flags(facility, None)
        return QuestionStats(question_id, s, facility, None, guess_percent, None, None, flags), None
    other_average = _mean(others)
    mark_diffs = [m - mark_average for m in marks]
    other_diffs = [o - other_average for o in others]
    mark_variance = math.fsum(d * d for d in mark_diffs) / (s - 1)
    other_variance = math.fsum(d * d for d in other_diffs) / (s - 1)
    covariance = math.fsum(m * o for m, o in zip(mark_diffs, other_diffs, strict=True)) / (s - 1)
    # The largest covariance these marks allow: both sorted, so high goes with high.
    covariance_max = math.fsum(
        (m - mark_average) * (o - other_average)
        for m, o in zip(sorted(marks), sorted(others), strict=True)
    ) / (s - 1)
    discrimination = None
    if mark_variance * other_variance:
        discrimination = 100 * covariance / math.sqrt(mark_variance * other_variance)
        # A correlation is within -1..1; rounding can put a perfect one a hair outside.
        discrimination = max(-100.0, min(100.0, discrimination))
    efficiency = 100 * covariance / covariance_max if covariance_max else None
    stats = QuestionStats(
        question_id=question_id,
        count=s,
        facility=facility,
        standard_deviation=100 * math.sqrt(mark_variance),
        random_guess_score=guess_percent,
        discrimination_index=discrimination,
        discriminative_efficiency=efficiency,
        flags=question_flags(facility, discrimination),
    )
    return stats, mark_variance


def _check_scores(attempts: Sequence[Scores]) -> None:
    for number, attempt in enumerate(attempts, start=1):
        for question_id, score in attempt.items():
            if score not in (0, 1) or isinstance(score, float):
                raise ValueError(
                    f"attempt {number}: question {question_id!r} scored {score!r}; "
                    "scores are 0 or 1"
                )


def item_analysis(
    attempts: Sequence[Scores],
    question_ids: Sequence[str],
    guess_scores: Mapping[str, float | None] | None = None,
) -> QuizStats:
    """Moodle's statistics of ``attempts`` (one per row, see ``choose_attempts``) at a quiz.

    ``question_ids`` are the quiz's questions in order (``p`` is their number); a score
    for any other id is ignored, as Moodle only reads the quiz's slots. ``guess_scores``
    gives each question's random guess score (0..1, see ``random_guess_scores``); a
    question without one shows None.
    """
    if len(set(question_ids)) != len(question_ids):
        raise ValueError("question ids must not repeat")
    _check_scores(attempts)
    guesses = guess_scores or {}
    wanted = set(question_ids)
    totals = [
        sum(score for question_id, score in attempt.items() if question_id in wanted)
        for attempt in attempts
    ]
    questions: list[QuestionStats] = []
    sum_of_mark_variance = 0.0
    for question_id in question_ids:
        stats, variance = _question_stats(question_id, attempts, totals, guesses.get(question_id))
        questions.append(stats)
        if variance is not None:  # Moodle adds a null variance as 0
            sum_of_mark_variance += variance
    return _test_stats(totals, len(question_ids), sum_of_mark_variance, tuple(questions))


def _test_stats(
    totals: Sequence[int],
    p: int,
    sum_of_mark_variance: float,
    questions: tuple[QuestionStats, ...],
) -> QuizStats:
    """The test statistics of the attempts' totals (Moodle's order of conditions)."""
    s = len(totals)
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    skewness: float | None = None
    kurtosis: float | None = None
    cic: float | None = None
    error_ratio: float | None = None
    standard_error: float | None = None
    if s > 0:
        mean = _mean(totals)
        median = float(statistics.median(totals))
    if s > 1 and mean is not None:
        diffs = [t - mean for t in totals]
        power2 = math.fsum(d**2 for d in diffs)
        power3 = math.fsum(d**3 for d in diffs)
        power4 = math.fsum(d**4 for d in diffs)
        sd = math.sqrt(power2 / (s - 1))
        if s > 2:
            m2, m3, m4 = power2 / s, power3 / s, power4 / s
            k2 = s * m2 / (s - 1)
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            if k2 != 0:
                skewness = k3 / k2**1.5
                if s > 3:
                    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2)
                    k4 /= (s - 1) * (s - 2) * (s - 3)
                    kurtosis = k4 / (k2 * k2)
                if p > 1:
                    cic = (100 * p / (p - 1)) * (1 - sum_of_mark_variance / k2)
                    if math.isclose(cic, 100, rel_tol=0, abs_tol=1e-9):
                        cic = 100.0  # rounding, not a CIC over 100: ER and SE are 0
                    # Moodle gets NaN (and stores null) when the CIC is over 100%.
                    if cic <= 100:
                        error_ratio = 100 * math.sqrt(1 - cic / 100)
                        standard_error = error_ratio * sd / 100
    return QuizStats(
        attempt_count=s,
        question_count=p,
        mean=mean,
        median=median,
        standard_deviation=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        questions=questions,
    )


# --- distractor analysis ----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerKey:
    """The right answers of a question, for telling wrong answers from right ones."""

    right: tuple[str, ...]
    lenient: bool = False
    """Short answers: matched as grading matches them (case, accents, punctuation and a
    small typo do not matter), not only ignoring case and surrounding spaces."""

    def accepts(self, text: str) -> bool:
        """Whether ``text`` is one of the right answers."""
        return _accepts(self.right, self.lenient, text)

    def group(self, text: str) -> str:
        """What two wrong answers share when they count as the same answer."""
        return normalise(text) if self.lenient else " ".join(text.casefold().split())


@functools.lru_cache(maxsize=65536)
def _accepts(right: tuple[str, ...], lenient: bool, text: str) -> bool:
    # A class gives the same few answers to a question again and again: each is judged
    # once (typo-tolerant matching is the costly part of a large class's report).
    if lenient:
        return any(short_answer_matches(text, answer)[0] for answer in right)
    return any(same(text, answer) for answer in right)


def answer_key(question: QuestionBase) -> AnswerKey | None:
    """The ``AnswerKey`` of a question, or None for matching and ordering (an answer is a
    whole arrangement there, with no single wrong option to count)."""
    if isinstance(question, SingleChoice):
        return AnswerKey((question.correct,))
    if isinstance(question, MultipleChoice):
        return AnswerKey(tuple(question.correct))
    if isinstance(question, TrueFalse):
        return AnswerKey(("True" if question.answer else "False",))
    if isinstance(question, ShortAnswer):
        return AnswerKey(tuple(question.accept), lenient=True)
    if isinstance(question, Matching | Ordering):
        return None
    raise TypeError(f"no answer key for question type {type(question).__name__}")


def answer_keys(questions: Iterable[QuestionBase]) -> dict[str, AnswerKey]:
    """The ``answer_key`` of each question that has one, by id."""
    return {q.id: key for q in questions if (key := answer_key(q)) is not None}


@dataclass(frozen=True)
class Distractor:
    """A wrong answer and how often it was given."""

    answer: str
    """As first given (trimmed); later spellings that differ only in case, spacing (or,
    for short answers, punctuation and accents) are counted with it."""
    count: int
    """Attempts that gave it."""
    share: float
    """``count`` as a percentage of the attempts with a response to the question (a blank
    one included)."""


def _texts(response: Response) -> list[str]:
    """The texts a response chose: one, or each of several; none for anything else."""
    if isinstance(response, bool):
        return ["True" if response else "False"]
    if isinstance(response, str):
        return [response]
    return [item for item in response if isinstance(item, str)]


def distractor_analysis(
    responses: Iterable[Mapping[str, Response]], keys: Mapping[str, AnswerKey]
) -> dict[str, tuple[Distractor, ...]]:
    """How often each wrong answer was given, per question in ``keys``, most common first.

    ``responses`` holds, for each counted attempt (the same ones as the statistics: see
    ``chosen_indexes``), question id -> what the student gave. Each chosen text that is
    not a right answer counts once per attempt: for several choices, each wrong choice
    picked. Blank answers are not counted as a distractor; ties are listed by text.
    """
    counts: dict[str, dict[str, int]] = {question_id: {} for question_id in keys}
    shown: dict[str, dict[str, str]] = {question_id: {} for question_id in keys}
    answered = dict.fromkeys(keys, 0)
    for attempt in responses:
        for question_id, response in attempt.items():
            key = keys.get(question_id)
            if key is None:
                continue
            answered[question_id] += 1
            groups: set[str] = set()
            for text in _texts(response):
                if not text.strip() or key.accepts(text):
                    continue
                group = key.group(text) or text.strip().casefold()
                if group in groups:
                    continue
                groups.add(group)
                shown[question_id].setdefault(group, text.strip())
                counts[question_id][group] = counts[question_id].get(group, 0) + 1
    result: dict[str, tuple[Distractor, ...]] = {}
    for question_id, by_group in counts.items():
        total = answered[question_id]
        found = [
            Distractor(shown[question_id][group], count, 100 * count / total)
            for group, count in by_group.items()
        ]
        found.sort(key=lambda d: (-d.count, d.answer.casefold(), d.answer))
        result[question_id] = tuple(found)
    return result
