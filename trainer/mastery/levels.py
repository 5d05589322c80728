"""Mastery levels of a question, a lesson and a topic (rules in ``docs/mastery.md``).

A question's level comes from its FSRS card (stability and predicted recall now) and its
last answer; a lesson's and a topic's from the levels of their questions. Because recall
is predicted for ``now``, levels decay by themselves when a question is not reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import IntEnum

from trainer.course.models import Course
from trainer.mastery import scheduling
from trainer.progress.keys import store_key
from trainer.progress.models import QuestionState, QuizStatus

FAMILIAR_RECALL = 0.70
"""Least predicted recall for Familiar (after one right answer: about three weeks)."""
PROFICIENT_RECALL = 0.80
"""Least predicted recall for Proficient."""
PROFICIENT_STABILITY = 7.0
"""Least FSRS stability (days) for Proficient: remembered for a week or more."""
MASTERED_RECALL = 0.90
"""Least predicted recall for Mastered: the question is not yet due for review."""
MASTERED_STABILITY = 21.0
"""Least FSRS stability (days) for Mastered: three weeks or more, i.e. several spaced
right answers (one right answer gives about 2.3 days)."""
GROUP_SHARE = 0.80
"""Share of a lesson's (or topic's) questions that must reach a level for it to reach it."""


class Level(IntEnum):
    """How well something is known, lowest first (so levels compare with ``<``)."""

    NOT_STARTED = 0
    ATTEMPTED = 1
    FAMILIAR = 2
    PROFICIENT = 3
    MASTERED = 4

    @property
    def label(self) -> str:
        """Display name, e.g. "Not started"."""
        return _LABELS[self]

    @property
    def slug(self) -> str:
        """Stable lower-case name for JSON, e.g. ``"not_started"``."""
        return self.name.lower()


_LABELS = {
    Level.NOT_STARTED: "Not started",
    Level.ATTEMPTED: "Attempted",
    Level.FAMILIAR: "Familiar",
    Level.PROFICIENT: "Proficient",
    Level.MASTERED: "Mastered",
}


def question_level(state: QuestionState | None, now: datetime) -> Level:
    """The level of one question at ``now``.

    * Not started: never answered.
    * Attempted: answered, but the last answer was wrong, or recall fell below
      ``FAMILIAR_RECALL``.
    * Familiar: last answer right and recall >= ``FAMILIAR_RECALL`` (also any question
      last answered right that has no card, e.g. answered before scheduling existed).
    * Proficient: and stability >= ``PROFICIENT_STABILITY`` days, recall >= ``PROFICIENT_RECALL``.
    * Mastered: and stability >= ``MASTERED_STABILITY`` days, recall >= ``MASTERED_RECALL``.

    Raises:
        ValueError: ``now`` is naive.
    """
    if state is None or state.seen == 0:
        return Level.NOT_STARTED
    if state.last_correct is not True:
        return Level.ATTEMPTED
    card = scheduling.card_from_dict(state.card)
    if card is None:
        return Level.FAMILIAR
    recall = scheduling.card_retrievability(card, now)
    strength = card.stability or 0.0
    if strength >= MASTERED_STABILITY and recall >= MASTERED_RECALL:
        return Level.MASTERED
    if strength >= PROFICIENT_STABILITY and recall >= PROFICIENT_RECALL:
        return Level.PROFICIENT
    if recall >= FAMILIAR_RECALL:
        return Level.FAMILIAR
    return Level.ATTEMPTED


def group_level(levels: Sequence[Level], *, quiz_passed: bool) -> Level:
    """The level of a group of questions from their levels.

    The highest level that at least ``GROUP_SHARE`` of the questions reach; Mastered also
    needs ``quiz_passed``. A group with any question answered is at least Attempted.
    """
    if not levels:
        return Level.NOT_STARTED
    for level in (Level.MASTERED, Level.PROFICIENT, Level.FAMILIAR):
        if level is Level.MASTERED and not quiz_passed:
            continue
        reached = sum(1 for each in levels if each >= level)
        if reached >= GROUP_SHARE * len(levels):
            return level
    if any(each > Level.NOT_STARTED for each in levels):
        return Level.ATTEMPTED
    return Level.NOT_STARTED


def lesson_level(
    states: Sequence[QuestionState | None],
    quiz_statuses: Iterable[QuizStatus | None],
    now: datetime,
) -> Level:
    """The level of a lesson from the states of the questions testing it (None: never
    answered) and the statuses of its quizzes (see ``lesson_quizzes``).

    Mastered needs ``GROUP_SHARE`` of the questions Mastered and every one of those
    quizzes' last full attempt passed. A lesson without questions is Not started.
    """
    statuses = list(quiz_statuses)
    passed = bool(statuses) and all(s is not None and s.last_passed is True for s in statuses)
    return group_level([question_level(state, now) for state in states], quiz_passed=passed)


def topic_level(
    states: Sequence[QuestionState | None],
    quiz_statuses: Iterable[QuizStatus | None],
    now: datetime,
) -> Level:
    """The level of a topic from every question of the lessons tagged with it: the lesson
    rule, with every one of those lessons' quizzes needing its last pass for Mastered."""
    return lesson_level(states, quiz_statuses, now)


def quiz_states(
    course: Course, quiz_id: str, states: Mapping[str, QuestionState]
) -> list[QuestionState | None]:
    """The states of every current question of ``quiz_id``, in quiz order."""
    quiz = course.quizzes.get(quiz_id)
    if quiz is None:
        return []
    return [states.get(store_key(quiz_id, q.id)) for q in quiz.questions]


def lesson_states(
    course: Course, lesson_id: str, states: Mapping[str, QuestionState]
) -> list[QuestionState | None]:
    """The states of every question that tests ``lesson_id``.

    The rule: a question tests its own ``lesson`` if set, else its quiz's lesson
    (``Course.questions_testing``). So a final exam's answers count toward the lessons
    its questions name, and a lesson's level is the same wherever it was practised.
    """
    return [
        states.get(store_key(quiz.id, question.id))
        for quiz, question in course.questions_testing(lesson_id)
    ]


def lesson_quizzes(course: Course, lesson_id: str) -> list[str]:
    """The quizzes whose last pass Mastered needs: every one of the lesson's own quizzes
    (a practice quiz and a test both), or, for a lesson tested only by questions of other
    quizzes (an exam), those quizzes."""
    own = [quiz.id for quiz in course.quizzes_for(lesson_id)]
    if own:
        return own
    return list(dict.fromkeys(quiz.id for quiz, _ in course.questions_testing(lesson_id)))


def lesson_levels(
    course: Course,
    states: Mapping[str, QuestionState],
    quiz_statuses: Mapping[str, QuizStatus],
    now: datetime,
) -> dict[str, Level]:
    """The level of every lesson of ``course``, by lesson id, in course order."""
    levels: dict[str, Level] = {}
    for lesson in course.lessons:
        levels[lesson.id] = lesson_level(
            lesson_states(course, lesson.id, states),
            [quiz_statuses.get(quiz_id) for quiz_id in lesson_quizzes(course, lesson.id)],
            now,
        )
    return levels


def topic_levels(
    course: Course,
    states: Mapping[str, QuestionState],
    quiz_statuses: Mapping[str, QuizStatus],
    now: datetime,
) -> dict[str, Level]:
    """The level of every topic tagged on the course's lessons or quizzes, by topic, sorted.

    A topic's questions are those testing any lesson tagged with it, and those of any
    quiz tagged with it (each counted once).
    """
    lessons_by_topic: dict[str, list[str]] = {}
    quizzes_by_topic: dict[str, list[str]] = {}
    for lesson in course.lessons:
        for topic in lesson.meta.topics:
            lessons_by_topic.setdefault(topic, []).append(lesson.id)
    for quiz in course.quizzes.values():
        for topic in quiz.topics:
            quizzes_by_topic.setdefault(topic, []).append(quiz.id)
    levels: dict[str, Level] = {}
    for topic in sorted(lessons_by_topic.keys() | quizzes_by_topic.keys(), key=str.casefold):
        lesson_ids = lessons_by_topic.get(topic, [])
        tagged = quizzes_by_topic.get(topic, [])
        keys = dict.fromkeys(
            [
                *(
                    store_key(quiz.id, question.id)
                    for lesson_id in lesson_ids
                    for quiz, question in course.questions_testing(lesson_id)
                ),
                *(
                    store_key(quiz_id, question.id)
                    for quiz_id in tagged
                    for question in course.quizzes[quiz_id].questions
                ),
            ]
        )
        quiz_ids = dict.fromkeys(
            [*(q for lesson_id in lesson_ids for q in lesson_quizzes(course, lesson_id)), *tagged]
        )
        statuses = [quiz_statuses.get(q) for q in quiz_ids]
        levels[topic] = topic_level([states.get(key) for key in keys], statuses, now)
    return levels
