"""Choosing one of a lesson's quizzes (a practice quiz and a test, say) with ``t``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.text import plural
from trainer.ui.literal import join_lines, literal
from trainer.ui.status import quiz_choice

if TYPE_CHECKING:
    from trainer.course.models import Course
    from trainer.progress.store import ProgressStore


@dataclass(frozen=True)
class QuizChoice:
    """One quiz as the chooser lists it."""

    quiz_id: str
    title: str
    """The quiz's title (instructor text: shown literally)."""
    detail: str
    """Its size, mode and the student's standing: ``6 questions · passed, best 90%``."""
    available: bool = True
    """False for a quiz that did not load (listed, but it cannot be chosen)."""
    passed: bool = False
    """Passed on its last full attempt."""
    going: bool = False
    """Left part way: Enter carries on with it."""


def quiz_choices(
    course: Course, store: ProgressStore | None, quiz_ids: tuple[str, ...]
) -> list[QuizChoice]:
    """The chooser's entries for ``quiz_ids``, in that order."""
    choices = []
    for quiz_id in quiz_ids:
        quiz = course.quizzes.get(quiz_id)
        if quiz is None:
            choices.append(
                QuizChoice(quiz_id, quiz_id, "has problems, so it cannot be taken: press !", False)
            )
            continue
        parts = [plural(len(quiz.questions), "question")]
        if quiz.mode == "exam":
            parts.append("exam")
        parts.append(quiz_choice(store, quiz_id))
        status = store.quiz_status(quiz_id) if store else None
        passed = status is not None and status.last_passed is True
        going = store is not None and store.open_attempt_progress(quiz_id) is not None
        choices.append(QuizChoice(quiz_id, quiz.title, " · ".join(parts), True, passed, going))
    return choices


class QuizChooser(ModalScreen[str | None]):
    """Pick one of a lesson's quizzes: Enter starts it (dismissed with its id), Escape
    goes back (None)."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Back", id="back"),
        # A quiz listed as having problems says "press !": a modal screen does not pass
        # the app's own key on.
        Binding("exclamation_mark", "app.show_problems", "Problems", show=False, id="problems"),
    ]

    def __init__(self, lesson_title: str, choices: list[QuizChoice]) -> None:
        super().__init__()
        self.lesson_title = lesson_title
        self.choices = choices

    @property
    def options(self) -> OptionList:
        return self.query_one("#quiz-choices", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-dialog"):
            yield Static(
                Content.assemble(literal(self.lesson_title, "bold"), ": which quiz?"),
                id="chooser-title",
            )
            yield OptionList(
                *[
                    Option(
                        join_lines(
                            literal(choice.title, "bold"), literal(choice.detail, "$text-muted")
                        ),
                        choice.quiz_id,
                        disabled=not choice.available,
                    )
                    for choice in self.choices
                ],
                id="quiz-choices",
            )
            yield Static(
                literal("Enter starts the highlighted quiz · Escape goes back", "$text-muted"),
                id="chooser-hint",
            )

    def on_mount(self) -> None:
        # On the next one to do: one left part way (home says "t carries on"), else the
        # first not passed yet, else the first.
        available = [i for i, choice in enumerate(self.choices) if choice.available]
        going = [i for i in available if self.choices[i].going]
        to_do = [i for i in available if not self.choices[i].passed]
        if first := going or to_do or available:
            self.options.highlighted = first[0]
        self.options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
