"""``massage-trainer class``: the class report in the app, driven with Pilot."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from bench.synthetic_class import student_file
from tests.fixture_course import write_course
from trainer.classes.report import ClassReport, ClassReportBuilder
from trainer.course.loader import load_course
from trainer.ui.class_app import ClassApp

NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
HOSTILE = "Ann [/] [b]x[/b] \x1b]0;title\x07end"


def make_report(tmp_path: Path, students: int = 6) -> ClassReport:
    course = load_course(write_course(tmp_path / "course")).course
    folder = tmp_path / "class"
    folder.mkdir()
    for number in range(students):
        data = student_file(course, number, 40, seed=7)
        if number == 0:
            data["student"]["name"] = HOSTILE
        (folder / f"s{number}.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "cut.json").write_text('{"format": "massage-trainer class export", "x', "utf-8")
    builder = ClassReportBuilder(course, "first")
    builder.add_files([folder], lambda path: path.name)
    return builder.build(NOW)


def cell_texts(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


def shown(static: Static) -> str:
    return str(static.render())


async def test_students_quizzes_questions_and_files(tmp_path: Path) -> None:
    report = make_report(tmp_path)
    app = ClassApp(report, theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        students = app.screen.query_one("#student-table", DataTable)
        assert students.row_count == 6
        names = cell_texts(students, 0)
        # Markup-like text is shown as written; the escape sequence is gone.
        assert "Ann [/] [b]x[/b] end" in names
        await pilot.press("down")
        await pilot.pause()
        detail = shown(app.screen.query_one("#student-detail", Static))
        assert "Lessons (as of the file)" in detail
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "quizzes"
        quizzes = app.screen.query_one("#quiz-table", DataTable)
        assert cell_texts(quizzes, 0) == [quiz.title for quiz in report.quizzes]
        questions = app.screen.query_one("#question-table", DataTable)
        assert cell_texts(questions, 0) == [q.id for q in report.quizzes[0].questions]
        await pilot.press("down")
        await pilot.pause()
        assert cell_texts(questions, 0) == [q.id for q in report.quizzes[1].questions]
        await pilot.press("tab", "down")
        await pilot.pause()
        second = report.quizzes[1].questions[1]
        assert second.id in shown(app.screen.query_one("#question-detail", Static))
        await pilot.press("4")
        await pilot.pause()
        files = shown(app.screen.query_one("#files-text", Static))
        assert "cut.json" in files and "not valid JSON" in files
        await pilot.press("3")
        await pilot.pause()
        missed = shown(app.screen.query_one("#missed-text", Static))
        assert report.most_missed[0].prompt in missed
        await pilot.press("q")
    assert app.return_code == 0


async def test_every_tab_key_works_from_the_first_tab(tmp_path: Path) -> None:
    app = ClassApp(make_report(tmp_path, students=2), theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        for key, tab in (("3", "missed"), ("1", "students"), ("4", "files"), ("2", "quizzes")):
            await pilot.press("1")
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.query_one(TabbedContent).active == tab, key


async def test_an_empty_class_says_so(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path / "course")).course
    report = ClassReportBuilder(course).build(NOW)
    app = ClassApp(report, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "no class file" in shown(app.screen.query_one("#student-detail", Static))
        await pilot.press("2")
        await pilot.pause()
        assert "no finished attempts yet" in shown(app.screen.query_one("#question-detail", Static))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_class_view_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = ClassApp(make_report(tmp_path), theme="textual-dark")
    assert snap_compare(app, press=["down"], terminal_size=size)
