"""One lesson section over the screen, to look up what a question asked (``see``).

Opened from a question's feedback or from results: Escape goes back to exactly where the
student was, so a quiz is never left to read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.course.models import Lesson
from trainer.course.sections import Section
from trainer.ui.footer import Footer


class SectionScreen(ModalScreen[None]):
    """The section of a lesson that teaches a question, read in place."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="back"),
        Binding("o", "open_lesson", "Open the lesson here", id="section.open-lesson"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, lesson: Lesson, section: Section, anchor: str) -> None:
        super().__init__()
        self.lesson = lesson
        self.section = section
        self.anchor = anchor

    def compose(self) -> ComposeResult:
        from trainer.ui.screens.lesson import render_markdown

        with Vertical(id="section-dialog"):
            # The lesson's title only: the section's own heading opens its text below.
            yield Static(Content.styled(self.lesson.title, "bold"), id="section-title")
            with VerticalScroll(id="section-body"):
                yield Static(render_markdown(self.section.markdown))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#section-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_lesson":
            return not self._over_a_quiz()
        return True

    def _over_a_quiz(self) -> bool:
        from trainer.ui.screens.quiz import QuizScreen

        return any(isinstance(screen, QuizScreen) for screen in self.app.screen_stack)

    def action_open_lesson(self) -> None:
        """Read on in the lesson from this section (not while a quiz is open)."""
        if self._over_a_quiz():
            return
        self.dismiss()
        self.app.open_lesson(self.lesson.id, section=self.anchor)  # type: ignore[attr-defined]
