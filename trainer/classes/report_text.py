"""The class report as plain text for a terminal, and as CSV tables for a spreadsheet.

Every text from the students' files (names, file names, wrong answers) is already free of
control characters (``ClassReportBuilder`` cleans it); these writers add nothing that a
terminal or a spreadsheet could read as a command: CSV cells that start like a formula
are prefixed with an apostrophe, as spreadsheets advise.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final, Literal

from trainer.classes.report import ClassQuestion, ClassQuiz, ClassReport, StudentRow
from trainer.text import plural

CsvTable = Literal["students", "quizzes", "questions", "wrong-answers"]
CSV_TABLES: Final[tuple[CsvTable, ...]] = ("students", "quizzes", "questions", "wrong-answers")

RULES: Final = {
    "first": "each student's first finished full attempt",
    "last": "each student's last finished full attempt",
    "highest": "each student's highest-scoring finished full attempt",
    "all": "every finished full attempt",
}
LEVEL_CODES: Final = {
    "not_started": ".",
    "attempted": "A",
    "familiar": "F",
    "proficient": "P",
    "mastered": "M",
}


def percent(value: float | None) -> str:
    """A percentage with one decimal, or "n/a"."""
    return "n/a" if value is None else f"{value:.1f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def day(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d}"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: set[int]) -> list[str]:
    rows = [list(row) for row in rows]
    widths = [
        max(_width(h), *(_width(r[i]) for r in rows)) if rows else _width(h)
        for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [_pad(cell, widths[i], right=i in right) for i, cell in enumerate(cells)]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _letters(index: int) -> str:
    """a, b, ... z, aa, ab ...: a topic's label, never mistaken for a lesson's number."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def summary_line(report: ClassReport) -> str:
    """Students by status, e.g. "18 on track, 1 falling behind, 1 not started"."""
    counts = [
        f"{report.count(status)} {status}"
        for status in ("on track", "falling behind", "not started", "no file")
        if report.count(status) or status == "on track"
    ]
    return ", ".join(counts)


def report_text(report: ClassReport) -> str:
    """The whole report as text: students, quizzes, questions, most missed, files."""
    lines = [
        f"Class report: {' '.join(filter(None, [report.course_title, report.course_version]))}",
        f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC. Quiz figures count "
        f"{RULES[report.attempt_rule]}.",
        f"{plural(report.files_read, 'file')} read"
        + (f", {len(report.skipped)} skipped (see the end)" if report.skipped else "")
        + f". Students: {summary_line(report)}.",
        f"Falling behind: no study for {report.idle_days} days or more, or reviews overdue "
        f"by more than {report.overdue_days} days (as of the student's file).",
        "",
        "STUDENTS",
    ]
    lessons = len(report.lessons)
    quizzes = len(report.quizzes)
    lines += _table(
        ["NAME", "ID", "STATUS", "READ", "PASSED", "LAST STUDIED", "IDLE", "OVERDUE", "WHY"],
        (_student_cells(student, lessons, quizzes) for student in report.students),
        right={3, 4, 6, 7},
    )
    with_lessons = [s for s in report.students if s.lessons]
    if with_lessons:
        titles = [lesson.title for lesson in report.lessons]
        lines += [
            "",
            "MASTERY BY LESSON (. not started, A attempted, F familiar, P proficient, "
            "M mastered; as of each file)",
        ]
        lines += _table(
            ["NAME", "ID", *(str(n) for n in range(1, len(titles) + 1))],
            (
                [
                    _cut(s.name, 30),
                    (s.id or "-")[:8],
                    *(LEVEL_CODES.get(lesson.level, "?") for lesson in s.lessons),
                ]
                for s in with_lessons
            ),
            right=set(),
        )
        lines += [f"  {n:>2}. {title}" for n, title in enumerate(titles, 1)]
    with_topics = [s for s in report.students if s.topics]
    if with_topics and report.topics:
        letters = [_letters(n) for n in range(len(report.topics))]
        lines += ["", "MASTERY BY TOPIC (levels as above)"]
        lines += _table(
            ["NAME", "ID", *letters],
            (
                [
                    _cut(s.name, 30),
                    (s.id or "-")[:8],
                    *(LEVEL_CODES.get(topic.level, "?") for topic in s.topics),
                ]
                for s in with_topics
            ),
            right=set(),
        )
        lines += [
            f"  {letter:>2}. {topic}" for letter, topic in zip(letters, report.topics, strict=True)
        ]
    lines += ["", "QUIZZES"]
    lines += _table(
        ["QUIZ", "STUDENTS", "COUNTED", "MEAN", "MEDIAN", "SD", "CIC", "ER", "SE"],
        (
            [
                _cut(quiz.title, 32),
                *quiz_figures(quiz),
            ]
            for quiz in report.quizzes
        ),
        right=set(range(1, 9)),
    )
    for quiz in report.quizzes:
        lines += ["", *_questions_text(quiz)]
    lines += ["", "MOST MISSED"]
    if not report.most_missed:
        lines.append("No question has been missed in a counted attempt yet.")
    for n, missed in enumerate(report.most_missed, 1):
        lines.append(
            f"{n:>2}. {_cut(missed.prompt, 70)} ({missed.quiz_id}/{missed.question_id}): "
            f"facility {percent(missed.facility)} of {plural(missed.attempts, 'attempt')}"
        )
        for wrong in missed.wrong_answers:
            lines.append(f"      {wrong.count:>4} x {_cut(wrong.answer, 60)!r}")
    if report.notices:
        lines += ["", "NOTICES"]
        lines += [f"- {notice}" for notice in report.notices]
    if report.skipped:
        lines += ["", "SKIPPED FILES (not in the figures above)"]
        lines += [f"- {skipped.file}: {skipped.reason}" for skipped in report.skipped]
    return "\n".join(lines) + "\n"


def quiz_figures(quiz: ClassQuiz) -> list[str]:
    """A quiz's row of figures as text: students, attempts counted, mean, median, SD,
    CIC, ER and SE (the table here and the app's show the same)."""
    return [
        str(quiz.students),
        str(quiz.attempts),
        *(
            percent(value)
            for value in (
                quiz.mean,
                quiz.median,
                quiz.standard_deviation,
                quiz.cic,
                quiz.error_ratio,
                quiz.standard_error,
            )
        ),
    ]


def question_figures(question: ClassQuestion) -> list[str]:
    """A question's row of figures as text: attempts, facility, SD, random guess score,
    discrimination index and discriminative efficiency (the table here and the app's)."""
    return [
        str(question.attempts),
        *(
            percent(value)
            for value in (
                question.facility,
                question.standard_deviation,
                question.random_guess_score,
                question.discrimination_index,
                question.discriminative_efficiency,
            )
        ),
    ]


def _student_cells(student: StudentRow, lessons: int, quizzes: int) -> list[str]:
    idle = "-" if student.days_inactive is None else f"{int(student.days_inactive)}d"
    roster = " (not on roster)" if student.on_roster is False else ""
    return [
        _cut(student.name, 30) + roster,
        (student.id or "-")[:8],
        student.status,
        f"{student.lessons_read}/{lessons}" if student.file else "-",
        f"{len(student.quizzes_passed)}/{quizzes}" if student.file else "-",
        day(student.last_activity),
        idle,
        str(student.reviews_overdue) if student.file else "-",
        "; ".join(student.reasons),
    ]


def _questions_text(quiz: ClassQuiz) -> list[str]:
    head = (
        f"QUESTIONS OF {quiz.title.upper()} ({quiz.id}): {plural(quiz.attempts, 'attempt')} counted"
    )
    if not quiz.attempts:
        return [head, "No finished attempts yet."]
    rows = [
        [question.id, *question_figures(question), ", ".join(question.flags)]
        for question in quiz.questions
    ]
    return [
        head,
        *_table(
            ["QUESTION", "ASKED", "FACILITY", "SD", "GUESS", "DISCRIM.", "EFFIC.", "FLAGS"],
            rows,
            right=set(range(1, 7)),
        ),
    ]


# --- CSV ------------------------------------------------------------------------------------


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _safe(cell: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (a number, such
    as a negative discrimination, stays a number)."""
    text = "" if cell is None else str(cell)
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def report_csv(report: ClassReport, table: CsvTable) -> str:
    """One table of the report as CSV (a header row, then a row per item)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows: list[list[object]]
    if table == "students":
        lesson_ids = [lesson.id for lesson in report.lessons]
        header = [
            "name", "id", "status", "reasons", "file", "lessons_read", "quizzes_passed",
            "last_activity", "days_inactive", "reviews_overdue",
            *(f"level:{lesson_id}" for lesson_id in lesson_ids),
            *(f"topic:{topic}" for topic in report.topics),
        ]  # fmt: skip
        rows = [
            [
                s.name,
                s.id or "",
                s.status,
                "; ".join(s.reasons),
                s.file or "",
                s.lessons_read,
                len(s.quizzes_passed),
                s.last_activity.isoformat() if s.last_activity else "",
                "" if s.days_inactive is None else s.days_inactive,
                s.reviews_overdue,
                *(
                    (lesson.level for lesson in s.lessons)
                    if s.lessons
                    else ("" for _ in lesson_ids)
                ),
                *((topic.level for topic in s.topics) if s.topics else ("" for _ in report.topics)),
            ]
            for s in report.students
        ]
    elif table == "quizzes":
        header = [
            "quiz", "title", "students", "attempts", "questions", "mean", "median",
            "standard_deviation", "skewness", "kurtosis", "cic", "error_ratio", "standard_error",
        ]  # fmt: skip
        rows = [
            [
                q.id,
                q.title,
                q.students,
                q.attempts,
                q.questions_count,
                _fmt(q.mean),
                _fmt(q.median),
                _fmt(q.standard_deviation),
                _fmt(q.skewness),
                _fmt(q.kurtosis),
                _fmt(q.cic),
                _fmt(q.error_ratio),
                _fmt(q.standard_error),
            ]
            for q in report.quizzes
        ]
    elif table == "questions":
        header = [
            "quiz", "question", "type", "prompt", "attempts", "facility", "standard_deviation",
            "random_guess_score", "discrimination_index", "discriminative_efficiency", "flags",
        ]  # fmt: skip
        rows = [
            [
                quiz.id,
                q.id,
                q.type,
                q.prompt,
                q.attempts,
                _fmt(q.facility),
                _fmt(q.standard_deviation),
                _fmt(q.random_guess_score),
                _fmt(q.discrimination_index),
                _fmt(q.discriminative_efficiency),
                "; ".join(q.flags),
            ]
            for quiz in report.quizzes
            for q in quiz.questions
        ]
    elif table == "wrong-answers":
        header = ["quiz", "question", "answer", "count", "share"]
        rows = [
            [quiz.id, q.id, wrong.answer, wrong.count, _fmt(wrong.share)]
            for quiz in report.quizzes
            for q in quiz.questions
            for wrong in q.wrong_answers or []
        ]
    else:
        raise ValueError(f"unknown table {table!r}; use one of {', '.join(CSV_TABLES)}")
    writer.writerow(header)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return out.getvalue()
