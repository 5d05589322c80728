"""A review session as a quiz: today's due questions, of many quizzes, in review order."""

from __future__ import annotations

from collections.abc import Iterable

from trainer.course.models import Course, Question, Quiz
from trainer.progress.keys import REVIEW_QUIZ_ID, store_key
from trainer.text import plural


def review_quiz(
    course: Course, due: Iterable[tuple[str, str]], *, title: str | None = None
) -> Quiz:
    """A quiz of the ``due`` (quiz id, question id) pairs still in the course, in order.

    Its questions carry their store key as their id (``REVIEW_QUIZ_ID``'s rule), so an
    answer in a review updates the same question as one in its own quiz.
    """
    questions: list[Question] = []
    for quiz_id, question_id in due:
        quiz = course.quizzes.get(quiz_id)
        question = quiz.question(question_id) if quiz else None
        if question is not None:
            key = store_key(quiz_id, question_id)
            questions.append(question.model_copy(update={"id": key}))
    return Quiz.model_construct(
        id=REVIEW_QUIZ_ID,
        title=title or f"Review: {plural(len(questions), 'question')} due",
        lesson=None,
        pass_mark=0,
        shuffle=False,
        mode="practice",
        questions=questions,
        source=None,
    )
