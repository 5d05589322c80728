"""The progress report as Rich tables, for the terminal: the CLI and the Progress screen.

Kept out of the domain packages, which never load Rich. Course text goes in ``Text``, so
brackets in it stay literal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from trainer.mastery.levels import Level
from trainer.mastery.report import (
    ForecastDay,
    ProgressReport,
    bar,
    format_duration,
    sparkline,
)
from trainer.text import plural


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def render_table(
    report: ProgressReport, tz: tzinfo | None = None, *, most_missed: bool = True
) -> RenderableType:
    """The report as Rich tables (course text goes in ``Text``, so brackets stay literal).

    Args:
        report: what to show.
        tz: zone for the next-due time (default: the report's UTC).
        most_missed: include the most missed questions (the Progress screen lists them
            itself, as rows a student can open).
    """
    lessons = Table(title="Lessons", title_justify="left", expand=False)
    lessons.add_column("Lesson")
    lessons.add_column("Read", justify="right")
    lessons.add_column("Mastery")
    lessons.add_column("Level")
    lessons.add_column("Answered", justify="right")
    for lesson in report.lessons:
        known = lesson.questions - lesson.by_level.get(Level.NOT_STARTED.slug, 0)
        lessons.add_row(
            Text(lesson.title),
            Text(f"{lesson.fraction_read:.0%}"),
            Text(bar(lesson.mastery, 10)),
            Text(lesson.level_label),
            Text(f"{known}/{lesson.questions}" if lesson.questions else "-"),
        )

    quizzes = Table(title="Quizzes", title_justify="left")
    for name, justify in (
        ("Quiz", "left"),
        # Finished, not all attempts: one opened and left unanswered is not an attempt
        # to the student, and best/last/average come from finished ones too.
        ("Finished", "right"),
        ("Best", "right"),
        ("Last", "right"),
        ("Average", "right"),
        ("Scores", "left"),
        # Retakes of missed questions: shown as what they were, never as a score.
        ("Last retake", "right"),
    ):
        quizzes.add_column(name, justify=justify)  # type: ignore[arg-type]
    for quiz in report.quizzes:
        practice = quiz.last_practice
        retake = (
            f"{practice.right}/{practice.asked}"
            if practice is not None and practice.kind == "retake"
            else "-"
        )
        quizzes.add_row(
            Text(quiz.title),
            Text(str(quiz.finished)),
            Text(_score(quiz.best)),
            Text(_score(quiz.last)),
            Text(_score(quiz.average)),
            Text(sparkline(quiz.scores[-20:])),
            Text(retake),
        )

    parts: list[RenderableType] = [lessons]
    if report.topics:
        topics = Table(title="Topics", title_justify="left")
        topics.add_column("Topic")
        topics.add_column("Level")
        for topic in report.topics:
            topics.add_row(Text(topic.topic), Text(topic.level_label))
        parts.append(topics)
    parts.append(quizzes)
    if report.most_missed and most_missed:
        missed = Table(title="Most missed", title_justify="left")
        missed.add_column("Question")
        missed.add_column("Lesson · quiz")
        missed.add_column("Wrong", justify="right")
        for item in report.most_missed:
            missed.add_row(
                Text(item.prompt),
                Text(f"{item.lesson_title or '-'} · {item.quiz_title}"),
                Text(f"{item.wrong}/{item.seen}"),
            )
        parts.append(missed)

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    streak = "-" if report.streak_days is None else plural(report.streak_days, "day")
    spent = "-" if report.time_spent_seconds is None else format_duration(report.time_spent_seconds)
    facts.add_row("Study streak", Text(streak))
    facts.add_row("Time answering", Text(spent))
    facts.add_row("Due today", Text(str(report.due_today)))
    if report.due_today == 0:
        when = report.next_due.astimezone(tz) if report.next_due and tz else report.next_due
        facts.add_row("Next review", Text(f"{when:%a %d %b %H:%M}" if when else "none scheduled"))
    parts.append(facts)
    if report.forecast:
        parts.append(render_forecast(report.forecast))
    return Group(*parts)


def render_forecast(forecast: Sequence[ForecastDay]) -> RenderableType:
    """The days with reviews due, one line each with weekday, date and month, and a total.

    A list rather than one column per day: 14 day columns do not fit 80 terminal columns,
    and a date without its month is ambiguous near a month's end.
    """
    total = sum(day.due for day in forecast)
    span = f"next {plural(len(forecast), 'day')}"
    if total == 0:
        return Text(f"Reviews due in the {span}: none")
    # A short title: Rich wraps a title wider than its (narrow) table.
    days = Table(title="Reviews due", title_justify="left")
    days.add_column("Day")
    days.add_column("Due", justify="right")
    for index, day in enumerate(forecast):
        if day.due:
            label = f"{day.day:%a %d %b}" + (" (today)" if index == 0 else "")
            days.add_row(Text(label), Text(str(day.due)))
    days.add_section()
    days.add_row(Text(f"Total, {span}"), Text(str(total)))
    return days
