"""An attempt's score broken down by the lessons (and topics) its questions test.

For an exam or a review, which mixes lessons: the weakest lesson is the one to read again.
A question tests its own ``lesson`` if set, else its quiz's (``Course.tested_lesson``).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.course.models import Course
from trainer.progress.keys import REVIEW_QUIZ_ID, SEPARATOR
from trainer.quiz.attempt import Attempt


@dataclass(frozen=True)
class PartScore:
    """Right answers out of questions asked, for one lesson or topic."""

    key: str
    """The lesson id, or the topic."""
    title: str
    right: int
    asked: int

    @property
    def share(self) -> float:
        return self.right / self.asked if self.asked else 0.0


def _lesson_of(course: Course, attempt: Attempt, question_id: str) -> str | None:
    question = next(i.question for i in attempt.items if i.question.id == question_id)
    if attempt.quiz.id == REVIEW_QUIZ_ID:
        # A review's questions carry their store key: the quiz they come from is in it.
        quiz = course.quizzes.get(question_id.split(SEPARATOR, 1)[0])
        if question.lesson is not None or quiz is None:
            return question.lesson
        return course.tested_lesson(quiz, question)
    return course.tested_lesson(attempt.quiz, question)


def by_lesson(course: Course, attempt: Attempt) -> list[PartScore]:
    """Each lesson the attempt tests, weakest first (then in course order)."""
    known = {lesson.id for lesson in course.lessons}
    counts: dict[str, list[int]] = {}
    for item in attempt.items:
        lesson_id = _lesson_of(course, attempt, item.question.id)
        if lesson_id is None or lesson_id not in known:
            continue
        response = attempt.responses.get(item.question.id)
        tally = counts.setdefault(lesson_id, [0, 0])
        tally[0] += bool(response and response.grade.correct)
        tally[1] += 1
    order = {lesson.id: n for n, lesson in enumerate(course.lessons)}
    titles = {lesson.id: lesson.title for lesson in course.lessons}
    parts = [
        PartScore(lesson_id, titles[lesson_id], right, asked)
        for lesson_id, (right, asked) in counts.items()
    ]
    return sorted(parts, key=lambda p: (p.share, order.get(p.key, 0)))


def by_topic(course: Course, lessons: list[PartScore]) -> list[PartScore]:
    """The same scores gathered by the topics of their lessons, weakest first."""
    counts: dict[str, list[int]] = {}
    for part in lessons:
        lesson = course.lesson(part.key)
        for topic in lesson.meta.topics if lesson else []:
            tally = counts.setdefault(topic, [0, 0])
            tally[0] += part.right
            tally[1] += part.asked
    parts = [PartScore(topic, topic, right, asked) for topic, (right, asked) in counts.items()]
    return sorted(parts, key=lambda p: (p.share, p.key.casefold()))
