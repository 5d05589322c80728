"""Home: the course's lessons in order, with the student's standing in each."""

from __future__ import annotations

import contextlib

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content, Span
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from trainer.ui.footer import Footer
from trainer.ui.home_view import LESSON_PREFIX, QUIZ_PREFIX
from trainer.ui.literal import Wrapped, literal, wrap
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.startup.stage import Stage
from trainer.ui.widgets.pick_list import LessonList

INDENT = 6


def entry(marker: str, title: str, status: str, summary: str, width: int) -> Content:
    """One row of the lesson list, wrapped under its title with a hanging indent.

    Wrapping is done here, for the list's width, because a hanging indent is not
    something a prompt can ask for; ``Content`` keeps instructor text literal and is far
    cheaper to render than a Rich table per row.
    """
    text_width = max(width - INDENT, 20)
    head = f"{marker:<{INDENT - 1}} {title}"
    spans = [Span(0, len(head), "bold")]
    if len(title) + len(status) + 5 <= text_width:
        tail = "  —  " + status
        spans.append(Span(len(head), len(head) + len(tail), "dim"))
        head += tail
        lines = []
    else:
        lines = wrap(status, text_width)
    lines += wrap(summary, text_width) or [""]
    text = head + "\n" + "\n".join(" " * INDENT + line for line in lines)
    spans.append(Span(len(head) + 1, len(text), "dim"))
    return Wrapped(text, spans)


class HomeScreen(TrainerScreen[None]):
    """The lesson list, the student's first screen."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=False, id="open"),
        Binding("t", "take_quiz", "Take quiz", id="take-quiz"),
        Binding("r", "app.start_review", "Review", id="review"),
        Binding("R", "app.study_ahead", "Study ahead", show=False, id="study-ahead"),
        Binding("w", "app.practice_weakest", "Weakest", id="weakest"),
        Binding("p", "app.show_progress", "Progress", id="progress"),
        Binding("x", "reset_lesson", "Reset lesson", show=False, id="reset-lesson"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    _placed_on_next = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="course-intro")
        yield LessonList(id="lessons")
        yield Static(id="home-status")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#lessons", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def on_resize(self) -> None:
        if self.app.size.width != getattr(self, "_built_for_width", None):
            self.refresh_list()

    def refresh_list(self) -> None:
        """Rebuild the list from the course and the student's progress (if they changed)."""
        view = self.trainer.home_view()
        # The list's own width is not known before layout; the terminal's is.
        width = self.app.size.width - 4
        self._built_for_width = self.app.size.width
        if (view, width) != getattr(self, "_built", None):
            self._built = (view, width)
            intro = self.query_one("#course-intro", Static)
            intro.update(literal(view.description))
            intro.display = bool(view.description.strip())
            options = [
                None
                if row is None
                else Option(
                    entry(row.marker, row.title, row.status, row.summary, width), row.option_id
                )
                for row in view.rows
            ]
            option_list = self.query_one("#lessons", OptionList)
            highlighted = option_list.highlighted
            option_list.set_options(options)
            if option_list.option_count:
                option_list.highlighted = min(highlighted or 0, option_list.option_count - 1)
            if view.next_up is not None and not self._placed_on_next:
                # A return visit starts on the lesson to study next, not on lesson 1.
                self._placed_on_next = True
                with contextlib.suppress(OptionDoesNotExist):
                    option_list.highlighted = option_list.get_option_index(view.next_up)
        self._update_status()

    def _update_status(self) -> None:
        loaded = self.trainer.loaded
        # Problems are counted once the whole course (quizzes too) has been read.
        ready = loaded is not None and self.trainer.startup.stage is Stage.READY
        problems = loaded.problems if loaded is not None and ready else []
        view = self.trainer.mastery
        if not ready:
            text = ""
        elif not self.trainer.course.lessons and not self.trainer.course.quizzes:
            text = "This course has no lessons or quizzes that could be loaded."
        elif view is None:
            text = ""
        elif view.due:
            count = len(view.due)
            text = f"↻ {count} question{'s' * (count != 1)} due for review today: press r."
        else:
            text = view.nothing_due_message()
        home = self.trainer.home_view()
        next_row = next(
            (row for row in home.rows if row is not None and row.option_id == home.next_up), None
        )
        if next_row is not None and ready:
            number = next_row.marker[1:].strip()
            line = f"▶ Continue: {number} {next_row.title} is next (Enter opens it)."
            text = f"{line}\n{text}" if text else line
        if problems:
            count = len(problems)
            separator = "\n" if text else ""
            text += (
                f"{separator}⚠ {count} problem{'s' * (count != 1)} in the course "
                "files: press ! to see them."
            )
        self.query_one("#home-status", Static).update(literal(text))
        self.query_one("#home-status", Static).display = bool(text)

    def _highlighted_id(self) -> str | None:
        option = self.query_one("#lessons", OptionList).highlighted_option
        return option.id if option else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted lesson (or start the highlighted standalone quiz)."""
        item = self._highlighted_id()
        if item is None:
            return
        if item.startswith(LESSON_PREFIX):
            self.trainer.open_lesson(item.removeprefix(LESSON_PREFIX))
        elif item.startswith(QUIZ_PREFIX):
            self.trainer.start_quiz(item.removeprefix(QUIZ_PREFIX))

    def action_reset_lesson(self) -> None:
        """Forget the highlighted lesson's progress (after confirmation)."""
        item = self._highlighted_id()
        if item is not None and item.startswith(LESSON_PREFIX):
            self.trainer.reset(item.removeprefix(LESSON_PREFIX))
        elif item is not None:
            self.notify(
                "x forgets one lesson's progress; highlight a lesson. To forget everything, "
                "open Progress (p) and press Shift+X.",
                timeout=5,
            )

    def action_take_quiz(self) -> None:
        """Start the quiz of the highlighted lesson (with several, choose one first)."""
        item = self._highlighted_id()
        if item is None:
            return
        if item.startswith(QUIZ_PREFIX):
            self.trainer.start_quiz(item.removeprefix(QUIZ_PREFIX))
            return
        self.trainer.start_lesson_quiz(item.removeprefix(LESSON_PREFIX))
