"""The instructor's view of a question, over the quiz in a preview: the answer key.

``massage-trainer preview quiz ID`` lets an instructor take a quiz as students will; the
answer key shows what the file says about the question on screen (the right answer of
every type, each choice's feedback, the explanation) without answering it. Escape goes
back to the question exactly as it was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.course.models import (
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from trainer.quiz.attempt import Presented
from trainer.quiz.grading import same
from trainer.quiz.kinds import expected_answer, kind_of
from trainer.ui.footer import Footer
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import HangingLines, literal

Lines = list[tuple[Content | str, int]]


def _is_right(question: Presented, choice: str) -> bool:
    """Whether ``choice``, as shown, is a right one (compared as grading compares)."""
    q = question.question
    if isinstance(q, TrueFalse):
        return choice == ("True" if q.answer else "False")
    if isinstance(q, SingleChoice):
        return same(choice, q.correct)
    if isinstance(q, MultipleChoice):
        return any(same(choice, right) for right in q.correct)
    return False


def _choice_rows(item: Presented) -> Lines:
    """Every choice in the order the student sees it, marked, with its feedback."""
    question = item.question
    feedback = question.feedback if isinstance(question, ChoiceQuestion) else {}

    def note_for(choice: str) -> str | None:
        return next((note for key, note in feedback.items() if same(key, choice)), None)

    lines: Lines = [
        (Content.styled("Choices, numbered as the student sees them:", "bold"), 0),
    ]
    for number, choice in enumerate(item.choices, start=1):
        mark = (
            Content.styled("✔ right ", "bold $success")
            if _is_right(item, choice)
            else Content.styled("✘ wrong ", "bold $error")
        )
        head = Content.assemble(f"  {number}. ", mark)
        lines.append((head + inline_markdown(choice), len(head.plain)))
        note = note_for(choice)
        if note is not None:
            label = Content.styled("Feedback: ", "italic")
            indent = len(head.plain)
            lines.append((Content(" " * indent) + label + inline_markdown(note), indent + 10))
    return lines


def answer_key_lines(item: Presented) -> Lines:
    """The answer key of ``item``: its right answer, feedback and explanation, as lines.

    Each line comes with the indent of its wrapped continuations (see ``HangingLines``).
    """
    question = item.question
    lines: Lines = [(inline_markdown(question.prompt, "bold"), 0), ("", 0)]
    if isinstance(question, ChoiceQuestion | TrueFalse):
        lines += _choice_rows(item)
    elif isinstance(question, ShortAnswer):
        lines.append(
            (Content.styled("Accepted answers (the first is the model answer):", "bold"), 0)
        )
        lines += [(Content("  • ") + inline_markdown(text), 4) for text in question.accept]
        lines.append(
            (
                Content.styled(
                    "Case, accents, punctuation and small typos are forgiven; numbers are not.",
                    "$text-muted",
                ),
                0,
            )
        )
    elif isinstance(question, Matching):
        lines.append((Content.styled("Right pairs:", "bold"), 0))
        for left, right in question.pairs:
            row = Content.assemble(
                "  ", inline_markdown(left, "bold"), " → ", inline_markdown(right)
            )
            lines.append((row, 4))
    elif isinstance(question, Ordering):
        lines.append((Content.styled("Right order:", "bold"), 0))
        for number, text in enumerate(question.order, start=1):
            head = f"  {number}. "
            lines.append((Content(head) + inline_markdown(text), len(head)))
    else:  # a type this view does not know yet: its answer in words
        label = "Right answer: "
        lines.append(
            (Content.styled(label, "bold") + inline_markdown(expected_answer(question)), len(label))
        )
    lines += [("", 0), (Content.styled("Explanation:", "bold"), 0)]
    lines.append((Content("  ") + inline_markdown(question.explanation), 2))
    if question.see:
        label = "Teaches: "
        lines += [("", 0), (Content.styled(label, "bold") + literal(question.see), len(label))]
    return lines


class AnswerKeyScreen(ModalScreen[None]):
    """The instructor's view of the question on screen; it is not answered by looking."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="back"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, item: Presented, where: str) -> None:
        super().__init__()
        self.item = item
        self.where = where
        """Which question this is ("Question 3 of 10"), for the title."""

    def compose(self) -> ComposeResult:
        question = self.item.question
        with Vertical(id="answer-key-dialog"):
            yield Static(
                Content.assemble(
                    ("Answer key", "bold $accent"),
                    ("  ·  ", "$text-muted"),
                    (self.where, "bold"),
                    ("  ·  ", "$text-muted"),
                    literal(f"{kind_of(question).name} · id {question.id}", "$text-muted"),
                ),
                id="answer-key-title",
            )
            with VerticalScroll(id="answer-key-body"):
                yield Static(HangingLines(answer_key_lines(self.item)), id="answer-key")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer-key-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
