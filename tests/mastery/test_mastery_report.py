"""The progress report on a hand-built summary and history, and its Rich rendering."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from mastery_helpers import NOW, answered, card
from rich.console import Console

from trainer.course.models import Course
from trainer.mastery.report import (
    ForecastDay,
    bar,
    build_report,
    format_duration,
    sparkline,
    study_streak,
)
from trainer.progress.models import (
    AnswerRecord,
    AttemptRecord,
    History,
    LessonRecord,
    LessonStatus,
    QuestionState,
    QuizStatus,
    Summary,
)
from trainer.progress_table import render_forecast, render_table
from trainer.text import plural

AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in March
# NOW is 12:00 UTC on 10 March = 01:00 on 11 March in Auckland.


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def answer(key: str, correct: bool, seconds: float, when: str) -> AnswerRecord:
    return AnswerRecord(
        question=key, answer="x", correct=correct, seconds=seconds, answered_at=at(when)
    )


def history() -> History:
    return History(
        lessons=[
            # 00:30 on 11 March in Auckland: today
            LessonRecord(lesson="strokes", fraction=0.5, updated_at=at("2026-03-10T11:30"))
        ],
        attempts=[
            AttemptRecord(  # 22:00 on 8 March, Auckland
                attempt="a1",
                quiz="basics",
                mode="practice",
                started_at=at("2026-03-08T09:00"),
                outcome="finished",
                score=50.0,
                passed=False,
                ended_at=at("2026-03-08T09:05"),
                answers=[
                    answer("basics/b1", True, 10, "2026-03-08T09:01"),
                    answer("basics/b2", False, 20, "2026-03-08T09:02"),
                ],
            ),
            AttemptRecord(  # 09:00 on 10 March, Auckland
                attempt="a2",
                quiz="basics",
                mode="practice",
                started_at=at("2026-03-09T20:00"),
                outcome="finished",
                score=100.0,
                passed=True,
                ended_at=at("2026-03-09T20:05"),
                answers=[
                    answer("basics/b1", False, 5, "2026-03-09T20:01"),
                    answer("basics/b2", True, 5, "2026-03-09T20:02"),
                ],
            ),
            AttemptRecord(
                attempt="a3",
                quiz="strokes",
                mode="practice",
                started_at=at("2026-03-09T20:10"),
                outcome="abandoned",
                ended_at=at("2026-03-09T20:12"),
                answers=[answer("strokes/s1", False, 7.5, "2026-03-09T20:11")],
            ),
        ],
    )


def summary() -> Summary:
    return Summary(
        profile="anna",
        created_at=at("2026-03-01T00:00"),
        answers=5,
        lessons={
            "basics": LessonStatus(fraction=1.0, read_at=at("2026-03-08T08:00")),
            "strokes": LessonStatus(fraction=0.5),
        },
        quizzes={
            "basics": QuizStatus(
                attempts=2, finished=2, best_score=100.0, last_score=100.0, last_passed=True
            ),
            "strokes": QuizStatus(attempts=1, abandoned=1),
        },
        questions={
            "basics/b1": answered(card(3.0, NOW - timedelta(days=1)), correct=False, seen=3),
            "basics/b2": answered(card(2.3, at("2026-03-09T20:02")), seen=2).model_copy(
                update={"right": 1}
            ),
            "strokes/s1": QuestionState(seen=3, right=1, last_correct=False),
            "basics/gone": QuestionState(seen=9, right=0, last_correct=False),
        },
    )


def test_report_on_hand_built_record(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    assert report.profile == "anna"
    assert report.answers == 5

    basics, strokes = report.lessons
    assert (basics.id, basics.title, basics.fraction_read) == ("basics", "Basics [/] of touch", 1.0)
    assert basics.quiz_id == "basics"
    assert basics.questions == 5
    assert basics.by_level == {
        "not_started": 3,
        "attempted": 1,
        "familiar": 1,
        "proficient": 0,
        "mastered": 0,
    }
    assert basics.level == "attempted" and basics.level_label == "Attempted"
    assert basics.mastery == 0.15  # (0 + 0 + 0 + 1 + 2) / (5 questions x Mastered 4)
    assert (strokes.fraction_read, strokes.level) == (0.5, "attempted")
    assert [(t.topic, t.level) for t in report.topics] == [
        ("anatomy", "attempted"),
        ("technique", "attempted"),
    ]

    quizzes = {quiz.id: quiz for quiz in report.quizzes}
    assert list(quizzes) == ["basics", "strokes", "final"]
    assert quizzes["basics"].scores == [50.0, 100.0]
    assert quizzes["basics"].average == 75.0
    assert (quizzes["basics"].best, quizzes["basics"].last) == (100.0, 100.0)
    assert quizzes["basics"].lesson_id == "basics"
    assert (quizzes["strokes"].attempts, quizzes["strokes"].scores) == (1, [])
    assert quizzes["strokes"].average is None
    assert (quizzes["final"].attempts, quizzes["final"].lesson_id) == (0, None)

    # deleted questions never show; most wrong first, then the higher share wrong
    assert [(m.key, m.wrong, m.seen) for m in report.most_missed] == [
        ("strokes/s1", 2, 3),
        ("basics/b2", 1, 2),
        ("basics/b1", 1, 3),
    ]
    assert report.most_missed[2].prompt == "First [b]question[/]?"

    # Auckland days: 8 March, 10 March, 11 March (today): the gap on the 9th breaks it
    assert report.streak_days == 2
    assert report.time_spent_seconds == 47.5
    # b1 was missed (due); b2's card falls due 11 March 20:02 UTC = 12 March local
    assert report.due_today == 1
    assert report.next_due == at("2026-03-11T20:02")
    assert report.forecast[0].day == date(2026, 3, 11)
    assert [f.due for f in report.forecast[:2]] == [1, 1]
    assert len(report.forecast) == 14
    assert report.weakest_lesson in ("basics", "strokes")


def test_report_json_parses(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    data = json.loads(json.dumps(report.model_dump(mode="json")))
    assert data["lessons"][0]["level"] == "attempted"
    assert data["forecast"][0] == {"day": "2026-03-11", "due": 1}
    assert data["next_due"].startswith("2026-03-11T20:02")


def test_the_summary_alone_gives_the_figures_the_history_gives(course: Course, tmp_path) -> None:
    """The report no longer reads the history: the summary keeps scores, the average, the
    streak and the time spent up to date, and they agree with a full read."""
    from trainer.progress.models import ProfileHeader, RecordDocument
    from trainer.progress.records import write_profile_folder

    record = history()
    document = RecordDocument(
        schema_version=3,
        profile=ProfileHeader(name="anna", created_at=at("2026-03-01T00:00")),
        lessons=record.lessons,
        attempts=record.attempts,
    )
    folder = tmp_path / "anna"
    written = write_profile_folder(folder, "anna", document)
    for tz in (AUCKLAND, UTC):
        quick = build_report(course, written, None, NOW, tz)
        full = build_report(course, written, history(), NOW, tz)
        assert quick.streak_days == full.streak_days
        assert quick.time_spent_seconds == full.time_spent_seconds == 47.5
        assert [(q.scores, q.average) for q in quick.quizzes] == [
            (q.scores, q.average) for q in full.quizzes
        ]
    assert build_report(course, written, None, NOW, AUCKLAND).quizzes[0].scores == [50.0, 100.0]


def test_streak_rules() -> None:
    tz = AUCKLAND
    empty = History()
    assert study_streak(empty, NOW, tz) == 0
    record = history()
    # counted in UTC days it would be three (8, 9, 10 March)
    assert study_streak(record, NOW, UTC) == 3
    # the next local day, before studying: the streak is still alive
    assert study_streak(record, NOW + timedelta(days=1), tz) == 2
    # a whole local day without study breaks it
    assert study_streak(record, NOW + timedelta(days=2), tz) == 0


def test_render_table_keeps_brackets_literal(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    console = Console(file=io.StringIO(), width=120, record=True, color_system=None)
    console.print(render_table(report, AUCKLAND))
    text = console.export_text()
    assert "Basics [/] of touch" in text
    assert "First [b]question[/]?" in text
    assert "Study streak" in text and "2 days" in text
    assert "Attempted" in text
    assert sparkline([50.0, 100.0]) in text


def test_render_table_says_when_next_review_falls(course: Course) -> None:
    plain = summary()
    plain.questions.pop("basics/b1")
    plain.questions["strokes/s1"].last_correct = True
    report = build_report(course, plain, None, NOW, AUCKLAND)
    assert report.due_today == 0
    console = Console(file=io.StringIO(), width=120, record=True, color_system=None)
    console.print(render_table(report, AUCKLAND))
    text = console.export_text()
    assert "Next review" in text
    assert "Thu 12 Mar 09:02" in text


def render(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_streak_says_day_or_days(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    for streak, shown in ((1, "1 day"), (2, "2 days"), (0, "0 days")):
        copy = report.model_copy(update={"streak_days": streak})
        text = render(render_table(copy, AUCKLAND), 120)
        [line] = [line for line in text.splitlines() if line.startswith("Study streak")]
        assert line.split(maxsplit=2)[2].strip() == shown


def test_quiz_table_counts_finished_attempts_only(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    text = render(render_table(report, AUCKLAND), 120)
    assert "Finished" in text and "Attempts" not in text
    rows = {
        cells[1].strip(): cells[2].strip()
        for line in text.splitlines()
        if len(cells := line.split("│")) > 3
    }
    # strokes: one attempt, abandoned; basics: two finished
    assert (rows["Strokes quiz"], rows["Basics quiz"], rows["Final exam"]) == ("0", "2", "0")
    # the JSON keeps both counts
    strokes = report.quizzes[1]
    assert (strokes.attempts, strokes.finished) == (1, 0)


def test_forecast_fits_80_columns_with_month(course: Course) -> None:
    report = build_report(course, summary(), history(), NOW, AUCKLAND)
    for width in (80, 200):
        text = render(render_table(report, AUCKLAND), width)
        assert "…" not in text
        assert all(len(line.rstrip()) <= 76 for line in text.splitlines())
        # Auckland: today is Wed 11 March; b2 falls due on the 12th
        assert "Wed 11 Mar (today)" in text and "Thu 12 Mar" in text
        assert "Total, next 14 days" in text


def test_forecast_lists_only_busy_days_across_a_month_end() -> None:
    start = date(2026, 2, 25)
    days = [ForecastDay(day=start + timedelta(days=i), due=0) for i in range(14)]
    days[0].due, days[5].due, days[13].due = 2, 12, 1
    rows = [
        tuple(cell.strip() for cell in line.split("│")[1:3])
        for line in render(render_forecast(days), 80).splitlines()
        if line.startswith("│")
    ]
    assert rows == [
        ("Wed 25 Feb (today)", "2"),
        ("Mon 02 Mar", "12"),
        ("Tue 10 Mar", "1"),
        ("Total, next 14 days", "15"),
    ]
    quiet = [ForecastDay(day=day.day, due=0) for day in days]
    assert render(render_forecast(quiet), 80).strip() == "Reviews due in the next 14 days: none"


def test_small_renderers() -> None:
    assert plural(1, "day") == "1 day"
    assert plural(0, "day") == "0 days"
    assert plural(3, "day") == "3 days"
    assert sparkline([]) == ""
    assert sparkline([0, 50, 100, 150, -5]) == "▁▅██▁"
    assert bar(0.5, 4) == "██░░"
    assert bar(2.0, 3) == "███"
    assert format_duration(40) == "40 s"
    assert format_duration(12 * 60 + 5) == "12 min"
    assert format_duration(3600 + 5 * 60) == "1 h 05 min"
