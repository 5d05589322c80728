"""The progress summary shown by the Progress screen and ``massage-trainer progress``.

``build_report`` gathers everything into a ``ProgressReport`` (dump it with
``model_dump(mode="json")``); ``trainer.progress_table`` lays it out with Rich.
Without the history (slow to load) the fields that need it are None or empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo

from pydantic import AwareDatetime, BaseModel, Field

from trainer.course.models import Course
from trainer.mastery import review
from trainer.mastery.levels import (
    Level,
    lesson_levels,
    lesson_states,
    question_level,
    topic_levels,
)
from trainer.mastery.local_days import local_date
from trainer.mastery.scheduling import as_utc
from trainer.progress.attempt_kinds import KindGuesser
from trainer.progress.keys import store_key
from trainer.progress.models import History, PracticeResult, Summary

MOST_MISSED = 10
"""How many of the most often missed questions the report lists."""
BAR_WIDTH = 20
_SPARK = "▁▂▃▄▅▆▇█"


class LessonReport(BaseModel):
    """One lesson: how far it was read and how well its questions are known."""

    id: str
    title: str
    fraction_read: float
    """Furthest point read, 0..1."""
    quiz_id: str | None
    """Its first quiz (as before lessons could have several); ``quiz_ids`` has them all."""
    quiz_ids: list[str] = Field(default_factory=list)
    """Every quiz of the lesson that loaded, in the lesson's order."""
    level: str
    """``Level.slug``: not_started, attempted, familiar, proficient or mastered."""
    level_label: str
    questions: int
    """Questions that test it: its quizzes', and any other quiz's that name the lesson."""
    mastery: float
    """0..1: the mean level of its questions, Not started 0 to Mastered 1 (for a bar)."""
    by_level: dict[str, int]
    """Number of its questions at each level, by ``Level.slug``."""


class TopicReport(BaseModel):
    """One topic tag and the level of the questions of its lessons."""

    topic: str
    level: str
    level_label: str


class QuizReport(BaseModel):
    """One quiz's scores over all attempts."""

    id: str
    title: str
    lesson_id: str | None
    attempts: int
    finished: int
    best: float | None
    last: float | None
    last_passed: bool | None
    average: float | None
    """Mean of finished full attempts' scores (None without the history or without any)."""
    scores: list[float]
    """Finished full attempts' scores, oldest first (a sparkline; empty without the history)."""
    practice: int = 0
    """Retakes of missed questions and reviews finished: practice, not in the scores above."""
    last_practice: PracticeResult | None = None
    """The last of them: its kind, how many questions it asked and how many were right."""


class MissedQuestion(BaseModel):
    """A question often answered wrong, with where to learn it."""

    key: str
    quiz_id: str
    quiz_title: str
    question_id: str
    lesson_id: str | None
    """The lesson it tests (its own ``lesson``, else its quiz's); None if neither."""
    lesson_title: str | None
    prompt: str
    wrong: int
    seen: int


class ForecastDay(BaseModel):
    """Reviews falling due on one local day."""

    day: date
    due: int


class ProgressReport(BaseModel):
    """Everything the progress summary shows."""

    profile: str
    generated_at: AwareDatetime
    answers: int
    lessons: list[LessonReport]
    topics: list[TopicReport]
    quizzes: list[QuizReport]
    most_missed: list[MissedQuestion]
    streak_days: int | None
    """Consecutive local days with study, ending today or yesterday (None: no history)."""
    time_spent_seconds: float | None
    """Sum of the time taken by every answer (None: no history)."""
    due_today: int
    next_due: AwareDatetime | None
    """When the next review falls due after today."""
    weakest_lesson: str | None
    forecast: list[ForecastDay] = Field(default_factory=list)


def build_report(
    course: Course, summary: Summary, history: History | None, now: datetime, tz: tzinfo
) -> ProgressReport:
    """Gather the progress summary of ``summary`` (and ``history`` when loaded) at ``now``.

    Raises:
        ValueError: ``now`` is naive.
    """
    now = as_utc(now)
    states, statuses = summary.questions, summary.quizzes
    levels = lesson_levels(course, states, statuses, now)
    lessons: list[LessonReport] = []
    for lesson in course.lessons:
        quiz_ids = [quiz.id for quiz in course.quizzes_for(lesson)]
        question_levels = [
            question_level(state, now) for state in lesson_states(course, lesson.id, states)
        ]
        status = summary.lessons.get(lesson.id)
        lessons.append(
            LessonReport(
                id=lesson.id,
                title=lesson.title,
                fraction_read=status.fraction if status else 0.0,
                quiz_id=quiz_ids[0] if quiz_ids else None,
                quiz_ids=quiz_ids,
                level=levels[lesson.id].slug,
                level_label=levels[lesson.id].label,
                questions=len(question_levels),
                mastery=_mastery_share(question_levels),
                by_level={level.slug: question_levels.count(level) for level in Level},
            )
        )
    topics = [
        TopicReport(topic=topic, level=level.slug, level_label=level.label)
        for topic, level in topic_levels(course, states, statuses, now).items()
    ]
    day_counts = review.forecast(course, states, now, tz)
    return ProgressReport(
        profile=summary.profile,
        generated_at=now,
        answers=summary.answers,
        lessons=lessons,
        topics=topics,
        quizzes=_quiz_reports(course, summary, history),
        most_missed=_most_missed(course, summary),
        streak_days=(
            study_streak(history, now, tz)
            if history is not None
            else streak_from_hours(summary.study_hours, now, tz)
        ),
        time_spent_seconds=(
            _time_spent(history) if history is not None else round(summary.seconds_answering, 2)
        ),
        due_today=day_counts[0][1] if day_counts else 0,
        next_due=review.next_due(course, states, now, tz),
        weakest_lesson=review.weakest_lesson(course, states, statuses, now),
        forecast=[ForecastDay(day=day, due=count) for day, count in day_counts],
    )


def _mastery_share(levels: Sequence[Level]) -> float:
    if not levels:
        return 0.0
    return round(sum(levels) / (len(levels) * Level.MASTERED), 4)


def _quiz_order(course: Course) -> list[str]:
    """Quizzes of lessons in course order, then the standalone ones."""
    ordered = [quiz.id for lesson in course.lessons for quiz in course.quizzes_for(lesson)]
    return list(dict.fromkeys([*ordered, *(quiz.id for quiz in course.standalone_quizzes())]))


def _quiz_reports(course: Course, summary: Summary, history: History | None) -> list[QuizReport]:
    scores: dict[str, list[float]] = {}
    if history is not None:
        # Full attempts only: a retake of the missed questions is practice, not a score.
        guesser = KindGuesser()  # for records older than version 3, which lack kinds
        kinds = [guesser.kind(a.quiz, a.questions, a.kind) for a in history.attempts]
        finished = [
            a
            for a, kind in zip(history.attempts, kinds, strict=True)
            if a.outcome == "finished" and a.score is not None and kind == "full"
        ]
        finished.sort(key=lambda a: a.ended_at or a.started_at)
        for attempt in finished:
            scores.setdefault(attempt.quiz, []).append(float(attempt.score or 0.0))
    reports: list[QuizReport] = []
    for quiz_id in _quiz_order(course):
        quiz = course.quizzes[quiz_id]
        status = summary.quizzes.get(quiz_id)
        quiz_scores = scores.get(quiz_id, [])
        average = round(sum(quiz_scores) / len(quiz_scores), 2) if quiz_scores else None
        if history is None and status is not None:
            # From the summary, which keeps them up to date: no history to read.
            quiz_scores = list(status.recent_scores)
            average = round(status.score_sum / status.finished, 2) if status.finished else None
        lesson = course.lesson_for(quiz)
        reports.append(
            QuizReport(
                id=quiz_id,
                title=quiz.title,
                lesson_id=lesson.id if lesson else None,
                attempts=status.attempts if status else 0,
                finished=status.finished if status else 0,
                best=status.best_score if status else None,
                last=status.last_score if status else None,
                last_passed=status.last_passed if status else None,
                average=average,
                scores=quiz_scores,
                practice=status.practice if status else 0,
                last_practice=status.last_practice if status else None,
            )
        )
    return reports


def _most_missed(course: Course, summary: Summary) -> list[MissedQuestion]:
    missed: list[MissedQuestion] = []
    for quiz_id, quiz in course.quizzes.items():
        for question in quiz.questions:
            key = store_key(quiz_id, question.id)
            state = summary.questions.get(key)
            if state is None or state.seen <= state.right:
                continue
            lesson_id = course.tested_lesson(quiz, question)
            lesson = course.lesson(lesson_id) if lesson_id else None
            missed.append(
                MissedQuestion(
                    key=key,
                    quiz_id=quiz_id,
                    quiz_title=quiz.title,
                    question_id=question.id,
                    lesson_id=lesson.id if lesson else None,
                    lesson_title=lesson.title if lesson else None,
                    prompt=question.prompt,
                    wrong=state.seen - state.right,
                    seen=state.seen,
                )
            )
    missed.sort(key=lambda m: (-m.wrong, -m.wrong / m.seen, m.key))
    return missed[:MOST_MISSED]


def study_days(history: History, tz: tzinfo) -> set[date]:
    """Local days with any answer, attempt or lesson reading in ``history``."""
    days: set[date] = set()
    for attempt in history.attempts:
        days.add(local_date(attempt.started_at, tz))
        days.update(local_date(answer.answered_at, tz) for answer in attempt.answers)
    for lesson in history.lessons:
        days.add(local_date(lesson.updated_at, tz))
        if lesson.read_at is not None:
            days.add(local_date(lesson.read_at, tz))
    return days


def streak_from_hours(hours: dict[str, int], now: datetime, tz: tzinfo) -> int:
    """The study streak (see ``study_streak``) from the summary's hour masks."""
    days: set[date] = set()
    for day, mask in hours.items():
        if mask <= 0:
            continue
        try:
            start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            continue
        # A UTC day spans at most two local days, in order: the first and the last hour
        # studied fall on every local day that any hour studied between them does.
        first = (mask & -mask).bit_length() - 1
        last = mask.bit_length() - 1
        for hour in {first, last}:
            days.add(local_date(start + timedelta(hours=hour, minutes=30), tz))
    return _streak(days, now, tz)


def _streak(days: set[date], now: datetime, tz: tzinfo) -> int:
    day = local_date(now, tz)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def study_streak(history: History, now: datetime, tz: tzinfo) -> int:
    """Consecutive local days with study ending today, or yesterday if not yet today.

    A streak is still alive on a day the student has not studied yet; it breaks when a
    whole local day passes without study.
    """
    return _streak(study_days(history, tz), now, tz)


def _time_spent(history: History) -> float:
    return round(sum(answer.seconds for _attempt, answer in history.answers()), 2)


# --- rendering ---------------------------------------------------------------------------


def sparkline(scores: Sequence[float]) -> str:
    """Scores (0..100) as block characters, one per score: ``"▂▅█"``."""
    top = len(_SPARK) - 1
    return "".join(_SPARK[round(max(0.0, min(100.0, s)) / 100 * top)] for s in scores)


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A text progress bar of ``width`` cells: ``"█████░░░░░"``."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def format_duration(seconds: float) -> str:
    """``"1 h 05 min"``, ``"12 min"`` or ``"40 s"``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min" if minutes else f"{secs} s"
