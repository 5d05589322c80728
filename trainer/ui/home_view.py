"""What the home screen lists: rows computed from the course and the student's progress.

Plain data, so the same rows can be shown from the start-up cache before the course and
the store are loaded (see ``trainer.ui.startup.cache``). No pydantic or Textual import here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.ui.status import LessonStanding, lesson_standing, quiz_standing

if TYPE_CHECKING:
    from trainer.course.models import Course
    from trainer.course.quick_index import QuickCourse
    from trainer.progress.store import ProgressStore

LESSON_PREFIX = "lesson:"
QUIZ_PREFIX = "quiz:"


Standings = dict[str, tuple[str, str]]
"""``standing_key(lesson, quizzes)`` → (symbol, words) of each lesson, as on the home screen."""


def standing_key(lesson_id: str, quiz_ids: tuple[str, ...]) -> str:
    """A lesson's standing depends on its id and the quizzes it links to, nothing else.

    Ids hold no ``,`` or line break, so the key is unambiguous (and the same as before
    lessons could have several quizzes for a lesson with one).
    """
    return f"{lesson_id}\n{','.join(quiz_ids)}"


@dataclass(frozen=True)
class HomeRow:
    """One entry of the lesson list."""

    option_id: str
    marker: str
    title: str
    status: str
    summary: str


@dataclass(frozen=True)
class HomeView:
    """Everything the home screen shows that comes from the course and the progress."""

    title: str
    description: str
    rows: tuple[HomeRow | None, ...]
    """The entries in order; None separates the lessons from standalone quizzes."""
    next_up: str | None = None
    """The option id of the lesson to study next on a return visit (None on a first
    visit, or when every lesson is done)."""


def next_lesson(standings: list[tuple[str, LessonStanding, bool]]) -> str | None:
    """The first lesson not yet done, once anything was started (else None).

    ``standings`` holds (lesson id, standing, has a quiz) in course order. Done means its
    quizzes passed, or read to the end when it has no quiz.
    """
    if all(standing.symbol == "○" for _, standing, _ in standings):
        return None
    for lesson_id, standing, has_quiz in standings:
        if not (standing.symbol == "✔" or (standing.symbol == "●" and not has_quiz)):
            return LESSON_PREFIX + lesson_id
    return None


def home_view(
    course: Course,
    store: ProgressStore | None,
    levels: dict[str, str] | None = None,
    *,
    before_quizzes: bool = False,
) -> HomeView:
    """The rows for ``course`` and ``store``, with mastery ``levels`` if known.

    ``before_quizzes``: what is known before the quizzes have loaded: links from the
    lessons' own ``quiz`` keys, no standalone quizzes and no mastery. It is what a
    start-up cache holds, so it is the same whether or not the quizzes have loaded.
    """
    levels = {} if before_quizzes or levels is None else levels
    if before_quizzes:
        links = {lesson.id: lesson.meta.quiz_ids for lesson in course.lessons}
    else:
        links = course.lesson_quizzes
    rows: list[HomeRow | None] = []
    progress: list[tuple[str, LessonStanding, bool]] = []
    for number, lesson in enumerate(course.lessons, start=1):
        quiz_ids = links.get(lesson.id, ())
        standing = lesson_standing(store, lesson.id, quiz_ids, levels.get(lesson.id))
        rows.append(_lesson_row(number, lesson.id, lesson.title, lesson.meta.summary, standing))
        progress.append((lesson.id, standing, bool(quiz_ids)))
    standalone = [] if before_quizzes else course.standalone_quizzes()
    if standalone:
        rows.append(None)
        for quiz in standalone:
            exam = " · exam: feedback at the end" if quiz.mode == "exam" else ""
            rows.append(
                HomeRow(
                    QUIZ_PREFIX + quiz.id,
                    "★    ",
                    quiz.title,
                    quiz_standing(store, quiz.id),
                    f"{len(quiz.questions)} questions{exam}",
                )
            )
    return HomeView(course.info.title, course.info.description, tuple(rows), next_lesson(progress))


def quick_view(
    course: QuickCourse, standings: dict[str, tuple[str, str]] | None = None
) -> HomeView | None:
    """The rows of the quickly read lessons, with their ``standings`` from the start-up cache.

    Without standings (nothing saved yet) no lesson is started. With them, None if any
    lesson has none: its progress is not known without loading the store.
    """
    rows = []
    progress: list[tuple[str, LessonStanding, bool]] = []
    for number, lesson in enumerate(course.lessons, start=1):
        if standings is None:
            standing = lesson_standing(None, lesson.id, lesson.quizzes)
        else:
            known = standings.get(standing_key(lesson.id, lesson.quizzes))
            if known is None:
                return None
            standing = LessonStanding(*known)
        rows.append(_lesson_row(number, lesson.id, lesson.title, lesson.summary, standing))
        progress.append((lesson.id, standing, bool(lesson.quizzes)))
    return HomeView(course.title, course.description, tuple(rows), next_lesson(progress))


def lesson_standings(course: Course, store: ProgressStore | None) -> dict[str, tuple[str, str]]:
    """Every lesson's standing as the first screen shows it, by ``standing_key``."""
    standings = {}
    for lesson in course.lessons:
        quiz_ids = lesson.meta.quiz_ids
        standing = lesson_standing(store, lesson.id, quiz_ids)
        standings[standing_key(lesson.id, quiz_ids)] = (standing.symbol, standing.words)
    return standings


def _lesson_row(
    number: int, lesson_id: str, title: str, summary: str, standing: LessonStanding
) -> HomeRow:
    return HomeRow(
        LESSON_PREFIX + lesson_id, f"{standing.symbol} {number:>2}.", title, standing.words, summary
    )
