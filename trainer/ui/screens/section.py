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
from trainer.ui.literal import literal


class SectionScreen(ModalScreen[None]):
    """The section of a lesson that teaches a question, read in place."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="back"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, lesson: Lesson, section: Section) -> None:
        super().__init__()
        self.lesson = lesson
        self.section = section

    def compose(self) -> ComposeResult:
        from trainer.ui.screens.lesson import render_markdown

        with Vertical(id="section-dialog"):
            yield Static(
                Content.styled(self.lesson.title, "bold") + literal(f"  —  {self.section.title}"),
                id="section-title",
            )
            with VerticalScroll(id="section-body"):
                yield Static(render_markdown(self.section.markdown))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#section-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
