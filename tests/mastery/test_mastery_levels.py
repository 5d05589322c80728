"""Mastery levels at each boundary, with fixed clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mastery_helpers import NOW, answered, card, mastered_card

from trainer.course.models import Course
from trainer.mastery.levels import (
    FAMILIAR_RECALL,
    MASTERED_RECALL,
    MASTERED_STABILITY,
    PROFICIENT_RECALL,
    PROFICIENT_STABILITY,
    Level,
    group_level,
    lesson_level,
    lesson_levels,
    question_level,
    topic_level,
    topic_levels,
)
from trainer.mastery.scheduling import retrievability
from trainer.progress.models import QuestionState, QuizStatus

PASSED = QuizStatus(attempts=1, finished=1, last_score=100.0, last_passed=True)
FAILED = QuizStatus(attempts=2, finished=2, last_score=40.0, last_passed=False)


def last_day_at_or_above(stability: float, threshold: float) -> int:
    """The last whole day after a review on which predicted recall is still >= threshold."""
    table = card(stability, NOW)
    day = 0
    while retrievability(table, NOW + timedelta(days=day + 1)) >= threshold:
        day += 1
    return day


def test_labels_and_order() -> None:
    assert [level.label for level in Level] == [
        "Not started",
        "Attempted",
        "Familiar",
        "Proficient",
        "Mastered",
    ]
    assert Level.NOT_STARTED < Level.ATTEMPTED < Level.MASTERED
    assert Level.NOT_STARTED.slug == "not_started"


def test_never_answered_is_not_started() -> None:
    assert question_level(None, NOW) is Level.NOT_STARTED
    assert question_level(QuestionState(), NOW) is Level.NOT_STARTED


def test_last_answer_wrong_is_attempted_however_strong_the_card() -> None:
    assert question_level(answered(mastered_card(NOW), correct=False), NOW) is Level.ATTEMPTED


def test_right_without_card_is_familiar() -> None:
    assert question_level(answered(None), NOW) is Level.FAMILIAR
    broken = QuestionState(seen=1, right=1, last_correct=True, card={"junk": 1})
    assert question_level(broken, NOW) is Level.FAMILIAR


@pytest.mark.parametrize(
    ("stability", "level"),
    [
        (MASTERED_STABILITY, Level.MASTERED),
        (MASTERED_STABILITY - 0.001, Level.PROFICIENT),
        (PROFICIENT_STABILITY, Level.PROFICIENT),
        (PROFICIENT_STABILITY - 0.001, Level.FAMILIAR),
        (0.5, Level.FAMILIAR),
    ],
)
def test_stability_boundaries_at_full_recall(stability: float, level: Level) -> None:
    assert question_level(answered(card(stability, NOW)), NOW) is level


@pytest.mark.parametrize(
    ("stability", "threshold", "above", "below"),
    [
        (30.0, MASTERED_RECALL, Level.MASTERED, Level.PROFICIENT),
        (10.0, PROFICIENT_RECALL, Level.PROFICIENT, Level.FAMILIAR),
        (2.3065, FAMILIAR_RECALL, Level.FAMILIAR, Level.ATTEMPTED),
    ],
)
def test_recall_boundaries(stability: float, threshold: float, above: Level, below: Level) -> None:
    day = last_day_at_or_above(stability, threshold)
    table = card(stability, NOW)
    on, after = NOW + timedelta(days=day), NOW + timedelta(days=day + 1)
    assert retrievability(table, on) >= threshold > retrievability(table, after)
    assert question_level(answered(table), on) is above
    assert question_level(answered(table), after) is below


def test_one_right_answer_stays_familiar_about_three_weeks() -> None:
    day = last_day_at_or_above(2.3065, FAMILIAR_RECALL)
    assert 18 <= day <= 24


def test_mastered_question_decays_one_level_at_a_time() -> None:
    state = answered(mastered_card(NOW))  # stability 60 days
    levels = [question_level(state, NOW + timedelta(days=d)) for d in (0, 59, 61, 300, 2000)]
    assert levels == [
        Level.MASTERED,
        Level.MASTERED,
        Level.PROFICIENT,
        Level.FAMILIAR,
        Level.ATTEMPTED,
    ]


@pytest.mark.parametrize(
    ("levels", "passed", "expected"),
    [
        ([], True, Level.NOT_STARTED),
        ([Level.NOT_STARTED] * 5, True, Level.NOT_STARTED),
        ([Level.ATTEMPTED] + [Level.NOT_STARTED] * 4, True, Level.ATTEMPTED),
        ([Level.MASTERED] * 4 + [Level.NOT_STARTED], True, Level.MASTERED),  # 80%
        ([Level.MASTERED] * 4 + [Level.NOT_STARTED], False, Level.PROFICIENT),  # quiz failed
        ([Level.MASTERED] * 3 + [Level.NOT_STARTED] * 2, True, Level.ATTEMPTED),  # 60%
        ([Level.MASTERED] * 3 + [Level.FAMILIAR] * 2, True, Level.FAMILIAR),
        ([Level.MASTERED] * 3 + [Level.PROFICIENT, Level.FAMILIAR], True, Level.PROFICIENT),
        ([Level.FAMILIAR] * 4 + [Level.ATTEMPTED], True, Level.FAMILIAR),
        ([Level.FAMILIAR] * 3 + [Level.ATTEMPTED] * 2, True, Level.ATTEMPTED),
    ],
)
def test_group_share_boundaries(levels: list[Level], passed: bool, expected: Level) -> None:
    assert group_level(levels, quiz_passed=passed) is expected


def test_lesson_mastered_needs_quiz_last_passed() -> None:
    states = [answered(mastered_card(NOW)) for _ in range(5)]
    assert lesson_level(states, [PASSED], NOW) is Level.MASTERED
    assert lesson_level(states, [FAILED], NOW) is Level.PROFICIENT
    assert lesson_level(states, [None], NOW) is Level.PROFICIENT
    assert lesson_level(states, [QuizStatus(attempts=1)], NOW) is Level.PROFICIENT


def test_lesson_mastered_months_ago_drops_a_level_when_recall_falls() -> None:
    states = [answered(mastered_card(NOW)) for _ in range(5)]
    assert lesson_level(states, [PASSED], NOW + timedelta(days=30)) is Level.MASTERED
    assert lesson_level(states, [PASSED], NOW + timedelta(days=90)) is Level.PROFICIENT


def test_topic_mastered_needs_every_quiz_passed() -> None:
    states = [answered(mastered_card(NOW)) for _ in range(4)]
    assert topic_level(states, [PASSED, PASSED], NOW) is Level.MASTERED
    assert topic_level(states, [PASSED, FAILED], NOW) is Level.PROFICIENT
    assert topic_level(states, [], NOW) is Level.PROFICIENT
    assert topic_level([], [PASSED], NOW) is Level.NOT_STARTED


def test_levels_over_a_course(course: Course) -> None:
    states = {f"basics/b{i}": answered(mastered_card(NOW, f"basics/b{i}")) for i in range(1, 6)}
    states["strokes/s1"] = answered(card(3.0, NOW), correct=False)
    states["basics/gone"] = answered(mastered_card(NOW))  # deleted question: ignored
    quizzes = {"basics": PASSED}
    assert lesson_levels(course, states, quizzes, NOW) == {
        "basics": Level.MASTERED,
        "strokes": Level.ATTEMPTED,
    }
    # "anatomy" pools basics (5 mastered) and strokes (1 attempted, 2 new): 5/8 < 80%
    assert topic_levels(course, states, quizzes, NOW) == {
        "anatomy": Level.ATTEMPTED,
        "technique": Level.ATTEMPTED,
    }


def test_a_quiz_tagged_with_topics_counts_toward_them(course: Course) -> None:
    """A bank's categories become a quiz's topics: its questions count there too."""
    final = course.quizzes["final"].model_copy(update={"topics": ["anatomy", "exam prep"]})
    tagged = course.model_copy(update={"quizzes": {**course.quizzes, "final": final}})
    states = {
        f"final/{question.id}": answered(mastered_card(NOW, f"final/{question.id}"))
        for question in final.questions
    }
    levels = topic_levels(tagged, states, {"final": PASSED}, NOW)
    assert levels["exam prep"] is Level.MASTERED  # a topic no lesson names
    assert "exam prep" not in topic_levels(course, states, {"final": PASSED}, NOW)
    # "anatomy" pools the lessons' questions (none answered) with the final's (all mastered).
    assert levels["anatomy"] > topic_levels(course, states, {"final": PASSED}, NOW)["anatomy"]
