"""Every question type has one home for each of its parts; a new type missing one fails."""

from __future__ import annotations

import random

import pytest

from trainer.course.loader import _QUESTION_MODELS
from trainer.course.models import QUESTION_TYPES
from trainer.quiz.kinds import KINDS, describe_answer, kind_of, slow_after_for


def test_every_question_type_has_its_kind() -> None:
    assert set(KINDS) == set(QUESTION_TYPES)
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.model is _QUESTION_MODELS[name]  # the loader builds the same model
        assert kind.slow_after > 0


def test_every_question_type_has_its_widget() -> None:
    from trainer.ui.answer_widgets import ANSWER_WIDGETS

    assert set(ANSWER_WIDGETS) == set(QUESTION_TYPES)


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_each_kind_lays_out_grades_and_describes_its_own_questions(name: str, small_course) -> None:
    question = next(
        q for quiz in small_course.quizzes.values() for q in quiz.questions if q.type == name
    )
    kind = kind_of(question)
    assert kind.name == name
    layout = kind.layout(question, random.Random(1))
    assert isinstance(layout, tuple)
    right = {
        "single": lambda: question.correct,
        "multiple": lambda: list(question.correct),
        "true_false": lambda: question.answer,
        "short": lambda: question.accept[0],
        "matching": lambda: [list(pair) for pair in question.pairs],
        "ordering": lambda: list(question.order),
    }[name]()
    assert kind.grade(question, right).correct
    assert not kind.grade(question, 12).correct  # a malformed answer is simply wrong
    assert describe_answer(right, question)
    assert kind.expected(question)


def test_slowness_follows_the_type() -> None:
    assert slow_after_for("true_false") < slow_after_for("single") < slow_after_for("matching")
