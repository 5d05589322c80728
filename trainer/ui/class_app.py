"""``massage-trainer class``: the class report in the terminal, for instructors.

The report is built before the app starts (``trainer.classes.report``); this module only
shows it. Students, quizzes and the most-missed questions each have a tab; choosing a
student shows their lessons, choosing a quiz its questions, and a question its wrong
answers. Every text from the students' files goes into cells as ``Text`` or ``Content``,
never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from trainer.classes.report import ClassQuiz, ClassReport, StudentRow
from trainer.classes.report_text import (
    RULES,
    day,
    percent,
    question_figures,
    quiz_figures,
    summary_line,
)
from trainer.text import plural
from trainer.ui.footer import Footer
from trainer.ui.literal import literal
from trainer.ui.themes import HIGH_CONTRAST, default_theme

RICH_STATUS_STYLE = {
    "falling behind": "bold yellow",
    "not started": "dim",
    "no file": "red",
    "on track": "green",
}


NAME_WIDTH = 32
"""Names are cut to this in tables (in full in the detail below), so a long one cannot
push every other column off the screen."""


def _short(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cells(*values: str, style: str = "") -> list[Text]:
    return [Text(value, style=style) for value in values]


class ClassApp(App[None]):
    """The class report: students, quizzes and questions, most missed, files."""

    TITLE = "massage-trainer: class"
    CSS = """
    #summary { padding: 0 1; height: auto; }
    DataTable { height: auto; max-height: 60%; }
    .detail { padding: 0 1; height: auto; }
    #quiz-table { max-height: 40%; }
    #quiz-detail DataTable { max-height: 50%; }
    TabPane { padding: 0; }
    """
    BINDINGS = [
        Binding("q,escape", "quit", "Quit"),
        Binding("1", "show_tab('students')", "Students"),
        Binding("2", "show_tab('quizzes')", "Quizzes"),
        Binding("3", "show_tab('missed')", "Most missed"),
        Binding("4", "show_tab('files')", "Files"),
    ]

    def __init__(self, report: ClassReport, *, theme: str | None = None) -> None:
        super().__init__()
        self.report = report
        self._quiz: ClassQuiz | None = None
        self.register_theme(HIGH_CONTRAST)
        self.theme = theme or default_theme()

    def compose(self) -> ComposeResult:
        report = self.report
        yield Header()
        yield Static(id="summary")
        with TabbedContent(initial="students"):
            with TabPane("Students", id="students"), Vertical():
                yield DataTable(id="student-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll():
                    yield Static(id="student-detail", classes="detail")
            with TabPane("Quizzes", id="quizzes"), Vertical():
                yield DataTable(id="quiz-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="quiz-detail"):
                    yield DataTable(id="question-table", cursor_type="row", zebra_stripes=True)
                    with VerticalScroll():
                        yield Static(id="question-detail", classes="detail")
            with TabPane("Most missed", id="missed"), VerticalScroll(id="missed-scroll"):
                yield Static(id="missed-text", classes="detail")
            files = f"Files ({report.files_read + len(report.skipped)})"
            with TabPane(files, id="files"), VerticalScroll(id="files-scroll"):
                yield Static(id="files-text", classes="detail")
        yield Footer()

    def on_mount(self) -> None:
        report = self.report
        course = " ".join(filter(None, [report.course_title, report.course_version]))
        self.sub_title = course
        self.query_one("#summary", Static).update(
            literal(
                f"{plural(len(report.students), 'student')}: {summary_line(report)}. "
                f"Quiz figures count {RULES[report.attempt_rule]}. "
                f"Falling behind: no study for {report.idle_days} days, or reviews overdue by "
                f"more than {report.overdue_days} days."
            )
        )
        self._fill_students()
        self._fill_quizzes()
        self.query_one("#missed-text", Static).update(self._missed_text())
        self.query_one("#files-text", Static).update(self._files_text())
        self.query_one("#student-table", DataTable).focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # Focus moves into the tab shown: focus left in a hidden tab would bring it back.
        target = {
            "students": "#student-table",
            "quizzes": "#quiz-table",
            "missed": "#missed-scroll",
            "files": "#files-scroll",
        }[tab]
        self.query_one(target).focus()

    # --- students -----------------------------------------------------------------------

    def _fill_students(self) -> None:
        table = self.query_one("#student-table", DataTable)
        lessons = len(self.report.lessons)
        quizzes = len(self.report.quizzes)
        table.add_columns(
            *_cells("Name", "ID", "Status", "Read", "Passed", "Last studied", "Idle", "Overdue")
        )
        for index, student in enumerate(self.report.students):
            has_file = student.file is not None
            idle = "" if student.days_inactive is None else f"{int(student.days_inactive)}d"
            table.add_row(
                Text(
                    _short(student.name)
                    + (" (not on roster)" if student.on_roster is False else "")
                ),
                Text((student.id or "-")[:8], style="dim"),
                Text(student.status, style=RICH_STATUS_STYLE[student.status]),
                Text(f"{student.lessons_read}/{lessons}" if has_file else "-"),
                Text(f"{len(student.quizzes_passed)}/{quizzes}" if has_file else "-"),
                Text(day(student.last_activity)),
                Text(idle),
                Text(str(student.reviews_overdue) if has_file else "-"),
                key=str(index),
            )
        if not self.report.students:
            self.query_one("#student-detail", Static).update(
                literal("No students: no class file could be read.")
            )

    @on(DataTable.RowHighlighted, "#student-table")
    def _student_chosen(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        student = self.report.students[int(event.row_key.value)]
        self.query_one("#student-detail", Static).update(self._student_text(student))

    def _student_text(self, student: StudentRow) -> Text:
        text = Text()
        text.append(student.name, style="bold")
        text.append(f"  {student.status}", style=RICH_STATUS_STYLE[student.status])
        if student.on_roster is False:
            text.append("  (not on the roster)", style="dim")
        text.append("\n")
        for reason in student.reasons:
            text.append(f"  {reason}\n")
        if student.file:
            text.append(f"File: {student.file}", style="dim")
            if student.exported_at:
                text.append(f", made {day(student.exported_at)}", style="dim")
            text.append("\n")
        if student.lessons:
            text.append("\nLessons (as of the file)\n", style="bold")
            width = max(len(lesson.title) for lesson in student.lessons)
            for lesson in student.lessons:
                read = f"{round(lesson.fraction_read * 100)}% read"
                text.append(f"  {lesson.title:<{width}}  {read:>9}  {lesson.level_label}\n")
        if student.topics:
            text.append("\nTopics\n", style="bold")
            for topic in student.topics:
                text.append(f"  {topic.topic}: {topic.level_label}\n")
        if student.quizzes_passed:
            text.append("\nQuizzes passed: ", style="bold")
            text.append(", ".join(student.quizzes_passed) + "\n")
        return text

    # --- quizzes ------------------------------------------------------------------------

    def _fill_quizzes(self) -> None:
        table = self.query_one("#quiz-table", DataTable)
        table.add_columns(
            *_cells("Quiz", "Students", "Counted", "Mean", "Median", "SD", "CIC", "ER", "SE")
        )
        for index, quiz in enumerate(self.report.quizzes):
            table.add_row(
                Text(_short(quiz.title)),
                *_cells(*quiz_figures(quiz)),
                key=str(index),
            )
        questions = self.query_one("#question-table", DataTable)
        questions.add_columns(
            *_cells("Question", "Asked", "Facility", "SD", "Guess", "Discrim.", "Effic.", "Flags")
        )

    @on(DataTable.RowHighlighted, "#quiz-table")
    def _quiz_chosen(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        self._show_quiz(self.report.quizzes[int(event.row_key.value)])

    def _show_quiz(self, quiz: ClassQuiz) -> None:
        self._quiz = quiz
        table = self.query_one("#question-table", DataTable)
        table.clear()
        for index, question in enumerate(quiz.questions):
            flags = ", ".join(question.flags)
            table.add_row(
                *_cells(question.id, *question_figures(question)),
                Text(flags, style="bold yellow" if flags else ""),
                key=str(index),
            )
        detail = self.query_one("#question-detail", Static)
        if not quiz.attempts:
            detail.update(literal(f"{quiz.title}: no finished attempts yet."))
        elif quiz.questions:
            detail.update(self._question_text(quiz, 0))

    @on(DataTable.RowHighlighted, "#question-table")
    def _question_chosen(self, event: DataTable.RowHighlighted) -> None:
        quiz = self._quiz
        if event.row_key.value is None or quiz is None or not quiz.attempts:
            return
        self.query_one("#question-detail", Static).update(
            self._question_text(quiz, int(event.row_key.value))
        )

    def _question_text(self, quiz: ClassQuiz, index: int) -> Text:
        question = quiz.questions[index]
        text = Text()
        text.append(f"{question.id}", style="bold")
        text.append(f" ({question.type}): ")
        text.append(question.prompt + "\n")
        if question.flags:
            text.append("Flags: " + ", ".join(question.flags) + "\n", style="bold yellow")
        if question.wrong_answers is None:
            text.append("Wrong answers are whole arrangements here: not listed.\n", style="dim")
        elif not question.wrong_answers:
            text.append("No wrong answers in the counted attempts.\n", style="dim")
        else:
            text.append("Wrong answers chosen\n", style="bold")
            for wrong in question.wrong_answers:
                text.append(f"  {wrong.count:>4} ({wrong.share:.0f}%)  ")
                text.append(wrong.answer + "\n")
        return text

    # --- most missed, files -------------------------------------------------------------

    def _missed_text(self) -> Text:
        text = Text()
        if not self.report.most_missed:
            text.append("No question has been missed in a counted attempt yet.")
            return text
        for number, missed in enumerate(self.report.most_missed, 1):
            text.append(f"{number:>2}. ", style="bold")
            text.append(missed.prompt, style="bold")
            text.append(
                f"\n    {missed.quiz_title} ({missed.question_id}): facility "
                f"{percent(missed.facility)} of {plural(missed.attempts, 'attempt')}\n",
                style="dim",
            )
            for wrong in missed.wrong_answers:
                text.append(f"    {wrong.count:>4} x  ")
                text.append(wrong.answer + "\n")
            text.append("\n")
        return text

    def _files_text(self) -> Text:
        report = self.report
        text = Text()
        text.append(f"{plural(report.files_read, 'file')} read", style="bold")
        text.append(f", {len(report.skipped)} skipped.\n\n" if report.skipped else ".\n\n")
        if report.skipped:
            text.append("Skipped (not in the figures)\n", style="bold")
            for skipped in report.skipped:
                text.append(f"  {skipped.file}: ", style="bold red")
                text.append(skipped.reason + "\n")
            text.append("\n")
        if report.notices:
            text.append("Notices\n", style="bold")
            for notice in report.notices:
                text.append(f"  - {notice}\n")
        if not report.files_read and not report.skipped:
            text.append("No class file was found in what was named.")
        elif not report.skipped and not report.notices:
            text.append("Every file was read, all made on this version of the course.")
        return text


def run_class_app(report: ClassReport) -> int:
    """Show ``report`` until the instructor quits; the exit code (1 when the app failed)."""
    app = ClassApp(report)
    app.run()
    return app.return_code or 0
