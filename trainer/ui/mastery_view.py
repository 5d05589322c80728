"""What the screens show of mastery and reviews, computed once per change of progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.course.models import Course, Quiz
    from trainer.progress.models import Summary

REVIEW_QUIZ_ID = "@review"
"""Quiz id of review sessions (no course quiz can have it: ids cannot contain ``@``);
their questions already carry their full ``quiz/question`` key as their id."""


def store_key(quiz_id: str, question_id: str) -> str:
    """The progress store's key of a question (ids are unique only within a quiz).

    In a review session the questions already carry their full key as their id.
    """
    return question_id if quiz_id == REVIEW_QUIZ_ID else f"{quiz_id}/{question_id}"


@dataclass(frozen=True)
class MasteryView:
    """Lesson levels, today's reviews and the weakest lesson, at one moment."""

    levels: dict[str, str]
    """Lesson id → level label ("Familiar", ...)."""
    due: list[tuple[str, str]]
    """(quiz id, question id) due today, hardest first."""
    next_due: datetime | None
    weakest: str | None
    tz: tzinfo

    @classmethod
    def compute(cls, course: Course, summary: Summary, now: datetime) -> MasteryView:
        """Work everything out from the progress summary (no history needed)."""
        from trainer.mastery.levels import Level, lesson_levels
        from trainer.mastery.local_days import local_timezone
        from trainer.mastery.review import due_questions, next_due, weakest_lesson

        tz = local_timezone()
        levels = lesson_levels(course, summary.questions, summary.quizzes, now)
        return cls(
            levels={k: v.label for k, v in levels.items() if v is not Level.NOT_STARTED},
            due=due_questions(course, summary.questions, now, tz),
            next_due=next_due(course, summary.questions, now, tz),
            weakest=weakest_lesson(course, summary.questions, summary.quizzes, now),
            tz=tz,
        )

    def nothing_due_message(self) -> str:
        """Why there is no review now, and when the next one is."""
        if self.next_due is None:
            return (
                "Nothing to review yet. Questions you answer in quizzes come back here "
                "when they are due."
            )
        when = self.next_due.astimezone(self.tz).strftime("%a %d %b, %H:%M")
        return f"Nothing is due today. The next review falls due {when}."

    def review_quiz(self, course: Course) -> Quiz:
        """A quiz of today's due questions, in review order, keyed by their store keys."""
        from trainer.course.models import Quiz

        questions = []
        for quiz_id, question_id in self.due:
            quiz = course.quizzes.get(quiz_id)
            question = quiz.question(question_id) if quiz else None
            if question is not None:
                questions.append(question.model_copy(update={"id": f"{quiz_id}/{question_id}"}))
        count = len(questions)
        return Quiz.model_construct(
            id=REVIEW_QUIZ_ID,
            title=f"Review: {count} question{'s' * (count != 1)} due",
            lesson=None,
            pass_mark=0,
            shuffle=False,
            mode="practice",
            questions=questions,
            source=None,
        )
