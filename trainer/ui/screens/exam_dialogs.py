"""Dialogs around an attempt: leave it (for now, or for good), the exam's intro and summary."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from trainer.course.models import Quiz
from trainer.quiz.attempt import Attempt
from trainer.text import plural
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import HangingLines, join_lines, literal


class LeaveScreen(ModalScreen[str | None]):
    """Leave an attempt for now (resume it later) or abandon it; None keeps going."""

    BINDINGS = [
        Binding("l", "choose('leave')", "Leave for now", id="leave.for-now"),
        Binding("a", "choose('abandon')", "Abandon", id="leave.abandon"),
        Binding("n,escape", "choose(None)", "Keep going", id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button("Leave for now (l)", variant="primary", id="leave")
                yield Button("Abandon it (a)", variant="error", id="abandon")
                yield Button("Keep going (n)", id="keep")

    def on_mount(self) -> None:
        # The safe answer has the focus: a reflexive Enter loses nothing.
        self.query_one("#keep", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"leave": "leave", "abandon": "abandon"}.get(event.button.id or ""))


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def time_left(deadline: datetime | None, now: datetime) -> str | None:
    """``"12:05 left"`` before a deadline; None without one."""
    if deadline is None:
        return None
    return f"{_clock((deadline - now).total_seconds())} left"


class ExamIntroScreen(ModalScreen[bool]):
    """What an exam is like, before it starts (or is taken up again): True starts it."""

    BINDINGS = [
        Binding("enter,s", "start", "Start", id="exam.start"),
        Binding("escape,n", "back", "Back", id="dialog.no"),
    ]

    def __init__(self, quiz: Quiz, *, given: int | None = None, left: str | None = None) -> None:
        super().__init__()
        self.quiz = quiz
        self.given = given
        self.left = left

    def compose(self) -> ComposeResult:
        quiz = self.quiz
        limit = (
            f"Time limit: {plural(quiz.time_limit, 'minute')}, counted from the start; it "
            "goes on while you are away, and the exam is handed in when it runs out."
            if quiz.time_limit
            else "No time limit."
        )
        facts: list[Content | str] = [
            Content.styled(quiz.title, "bold"),
            "",
            f"{plural(len(quiz.questions), 'question')}; you pass with {quiz.pass_mark}% right.",
            limit,
            "You can go back to any question and change its answer (PgUp / PgDn), flag one "
            "to come back to (Ctrl+F), and see what is answered before you hand in (Ctrl+E).",
            "Feedback comes at the end. Each answer is saved as you give it: leave with "
            "Escape (or close the terminal) and take the exam up again from the home screen.",
        ]
        if self.given is not None:
            facts.insert(2, Content.styled(f"In progress: {self.given} answered.", "bold"))
            if self.left:
                facts.insert(3, Content.styled(self.left, "bold"))
        with Vertical(id="dialog"):
            yield Static(join_lines(*[literal(f) if isinstance(f, str) else f for f in facts]))
            with Horizontal(id="buttons"):
                label = "Carry on (Enter)" if self.given is not None else "Start (Enter)"
                yield Button(label, variant="primary", id="start")
                yield Button("Back (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def action_start(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "start")


class ExamSummaryScreen(ModalScreen[int | str | None]):
    """Answered, unanswered and flagged questions before handing in.

    Dismissed with a question's index (go to it), ``"hand-in"``, or None (back).
    """

    BINDINGS = [
        Binding("h", "hand_in", "Hand in", id="exam.hand-in"),
        Binding("escape", "back", "Back to the exam", id="exam.back"),
    ]

    def __init__(self, attempt: Attempt, left: str | None = None) -> None:
        super().__init__()
        self.attempt = attempt
        self.left = left

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        answered = sum(1 for item in attempt.items if item.question.id in attempt.drafts)
        unanswered = attempt.total - answered
        counts = (
            f"Answered {answered} of {attempt.total}  ·  unanswered {unanswered}  ·  "
            f"flagged {len(attempt.flagged)}"
        )
        if self.left:
            counts += f"  ·  {self.left}"
        rows = []
        for number, item in enumerate(attempt.items, start=1):
            question_id = item.question.id
            state = "answered  " if question_id in attempt.drafts else "unanswered"
            flag = "⚑ " if question_id in attempt.flagged else "  "
            head = Content.assemble(f"{number:>3}. {flag}", (state, "bold"), "  ")
            line = head + inline_markdown(item.question.prompt)
            rows.append(Option(HangingLines([(line, len(head.plain))])))
        with Vertical(id="summary-dialog"):
            yield Static(
                join_lines(
                    Content.styled("Before you hand in", "bold"),
                    counts,
                    Content.styled(
                        "Enter goes to a question · h hands in (unanswered ones count as "
                        "wrong) · Esc goes back",
                        "$text-muted",
                    ),
                )
            )
            yield OptionList(*rows, id="summary-list")
            with Horizontal(id="buttons"):
                yield Button("Hand in (h)", variant="primary", id="hand-in")
                yield Button("Back to the exam (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#summary-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#summary-list")
    def _go(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_hand_in(self) -> None:
        self.dismiss("hand-in")

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#hand-in")
    def _hand_in(self) -> None:
        self.action_hand_in()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()
