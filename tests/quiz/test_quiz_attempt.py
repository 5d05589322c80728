"""An attempt: question order, shuffled choices, answers, score, pass and missed ids."""

from __future__ import annotations

import random
from typing import Any

import pytest

from trainer.course.models import Quiz
from trainer.quiz.attempt import Attempt, present


def make_quiz(*, shuffle: bool = True, pass_mark: int = 80, n: int = 6) -> Quiz:
    kinds: list[dict[str, Any]] = [
        {"type": "single", "correct": "A", "wrong": ["B", "C", "D"]},
        {"type": "multiple", "correct": ["A", "B"], "wrong": ["C", "D"]},
        {"type": "true_false", "answer": True},
        {"type": "short", "accept": ["answer"]},
        {"type": "matching", "pairs": [["1", "one"], ["2", "two"], ["3", "three"]]},
        {"type": "ordering", "order": ["first", "second", "third", "fourth"]},
    ]
    questions = [
        {"id": f"q{i}", "prompt": f"p{i}", "explanation": "e", **kinds[i % len(kinds)]}
        for i in range(n)
    ]
    return Quiz.model_validate(
        {"id": "quiz", "title": "T", "shuffle": shuffle, "pass_mark": pass_mark,
         "questions": questions}
    )  # fmt: skip


RIGHT: dict[str, Any] = {
    "single": "A",
    "multiple": ["B", "A"],
    "true_false": True,
    "short": "Answer",
    "matching": [["1", "one"], ["2", "two"], ["3", "three"]],
    "ordering": ["first", "second", "third", "fourth"],
}


def right_answer(question) -> Any:
    return RIGHT[question.type]


def ids(attempt: Attempt) -> list[str]:
    return [item.question.id for item in attempt.items]


# ---------------------------------------------------------------------------- order


def test_shuffle_is_seeded_and_reproducible():
    quiz = make_quiz(n=12)
    a, b = Attempt.start(quiz, seed=7), Attempt.start(quiz, seed=7)
    assert ids(a) == ids(b)
    assert [i.choices for i in a.items] == [i.choices for i in b.items]
    assert sorted(ids(a)) == sorted(q.id for q in quiz.questions)
    orders = {tuple(ids(Attempt.start(quiz, seed=s))) for s in range(20)}
    assert len(orders) > 1
    written = tuple(q.id for q in quiz.questions)
    assert any(order != written for order in orders)


def test_shuffle_false_keeps_order_and_mixes_choices_deterministically():
    quiz = make_quiz(shuffle=False, n=12)
    attempts = [Attempt.start(quiz, seed=seed) for seed in (1, 2, 3, None)]
    for attempt in attempts:
        assert ids(attempt) == [q.id for q in quiz.questions]
        assert [i.choices for i in attempt.items] == [i.choices for i in attempts[0].items]
    # The right choice is not always first: choices are mixed, just not per attempt.
    singles = Quiz.model_validate(
        {"id": "s", "title": "T", "shuffle": False, "questions": [
            {"id": f"s{i}", "type": "single", "prompt": "p", "explanation": "e",
             "correct": "A", "wrong": ["B", "C", "D"]} for i in range(20)]}
    )  # fmt: skip
    firsts = [item.choices[0] for item in Attempt.start(singles).items]
    assert firsts != ["A"] * 20
    assert firsts == [item.choices[0] for item in Attempt.start(singles, seed=99).items]


def test_question_ids_limit_the_attempt_and_keep_quiz_order_without_shuffle():
    quiz = make_quiz(shuffle=False)
    attempt = Attempt.start(quiz, question_ids=["q4", "q1", "missing"])
    assert ids(attempt) == ["q1", "q4"]
    assert attempt.total == 2
    empty = Attempt.start(quiz, question_ids=[])
    assert empty.total == 0 and empty.finished and empty.score == 0.0
    assert empty.next_index() is None


# ---------------------------------------------------------------------------- presenting


def test_present_each_type():
    quiz = make_quiz()
    rng = random.Random(3)
    by_type = {q.type: present(q, rng) for q in quiz.questions}
    assert sorted(by_type["single"].choices) == ["A", "B", "C", "D"]
    assert sorted(by_type["multiple"].choices) == ["A", "B", "C", "D"]
    assert by_type["true_false"].choices == ("True", "False")
    assert by_type["short"].choices == ()
    assert sorted(by_type["matching"].choices) == ["one", "three", "two"]
    assert sorted(by_type["ordering"].choices) == ["first", "fourth", "second", "third"]


@pytest.mark.parametrize("seed", range(30))
def test_matching_and_ordering_are_never_shown_already_solved(seed):
    quiz = make_quiz()
    rng = random.Random(seed)
    for q in quiz.questions:
        shown = present(q, rng)
        if q.type == "matching":
            assert list(shown.choices) != [p[1] for p in q.pairs]
        if q.type == "ordering":
            assert list(shown.choices) != list(q.order)


def test_two_item_ordering_is_always_swapped():
    quiz = Quiz.model_validate(
        {"id": "x", "title": "T", "questions": [
            {"id": "o", "type": "ordering", "prompt": "p", "explanation": "e",
             "order": ["a", "b"]}]}
    )  # fmt: skip
    for seed in range(20):
        assert present(quiz.questions[0], random.Random(seed)).choices == ("b", "a")


# ---------------------------------------------------------------------------- answering


def test_all_right_scores_100_and_passes():
    quiz = make_quiz()
    attempt = Attempt.start(quiz, seed=1)
    assert attempt.next_index() == 0
    for item in attempt.items:
        response = attempt.answer(item.question.id, right_answer(item.question), seconds=2.5)
        assert response.grade.correct
    assert attempt.finished
    assert attempt.answered == attempt.total == 6
    assert attempt.score == 100.0 and attempt.passed
    assert attempt.missed_ids() == []
    assert attempt.seconds == 15.0
    assert attempt.next_index() is None


def test_score_pass_mark_and_missed_ids_in_attempt_order():
    quiz = make_quiz(shuffle=False, pass_mark=50)
    attempt = Attempt.start(quiz)
    wrong = {"q1", "q4"}
    for item in attempt.items[:5]:  # q5 is left unanswered
        q = item.question
        attempt.answer(q.id, "nonsense" if q.id in wrong else right_answer(q))
    assert attempt.correct_count == 3
    assert attempt.score == pytest.approx(50.0)
    assert attempt.passed  # 50 >= 50
    assert attempt.missed_ids() == ["q1", "q4", "q5"]
    assert not attempt.finished and attempt.next_index() == 5


def test_fails_below_pass_mark():
    attempt = Attempt.start(make_quiz(shuffle=False, pass_mark=80))
    for item in attempt.items:
        q = item.question
        attempt.answer(q.id, "wrong" if q.id == "q0" else right_answer(q))
    assert attempt.score == pytest.approx(500 / 6)
    assert attempt.passed  # 83.3 >= 80
    attempt.answer("q1", [])
    assert not attempt.passed
    assert attempt.missed_ids() == ["q0", "q1"]


def test_answering_again_replaces_and_unknown_question_raises():
    attempt = Attempt.start(make_quiz(shuffle=False))
    attempt.answer("q0", "B", seconds=-3)
    assert attempt.responses["q0"].seconds == 0.0
    assert not attempt.responses["q0"].grade.correct
    attempt.answer("q0", "A")
    assert attempt.answered == 1 and attempt.correct_count == 1
    with pytest.raises(KeyError):
        attempt.answer("nope", "A")


def test_next_index_skips_answered_questions():
    attempt = Attempt.start(make_quiz(shuffle=False))
    attempt.answer("q0", "A")
    attempt.answer("q2", True)
    assert attempt.next_index() == 1
