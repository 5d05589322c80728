"""A list of answer choices: digits pick, Space or a click marks, Enter submits."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import hanging_content
from trainer.ui.widgets.answer_list import AnswerList


class ChoiceList(AnswerList):
    """Choices for ``single``, ``multiple`` and ``true_false`` questions.

    In single mode marking a choice unmarks the others; in multiple mode marks toggle.
    """

    BINDINGS = [
        Binding("enter", "submit", "Submit", id="answer.submit"),
        Binding("space", "mark", "Mark choice", id="answer.mark"),
        *[
            Binding(str(n), f"pick({n})", f"Choice {n}", show=False, id=f"answer.choice-{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(self, choices: list[str], *, multiple: bool, id: str | None = None) -> None:
        self.choices = list(choices)
        self.multiple = multiple
        self.marked: set[int] = set()
        super().__init__(len(self.choices), id=id)

    def _prompt(self, index: int) -> Content:
        if self.multiple:
            box = "[x]" if index in self.marked else "[ ]"
        else:
            box = "(•)" if index in self.marked else "( )"
        number = f"{index + 1}." if index < 9 else "  "
        head = f"{number} {box} "
        text = hanging_content(inline_markdown(self.choices[index]), self._wrap_width, len(head))
        return Content.assemble((head, "bold"), text)

    def mark(self, index: int) -> None:
        """Mark (single) or toggle (multiple) the choice at ``index``."""
        if self.locked or not 0 <= index < len(self.choices):
            return
        if self.multiple:
            self.marked ^= {index}
        else:
            self.marked = {index}
        self.highlighted = index
        self._refresh_prompts()

    def refresh_marks(self) -> None:
        """Redraw after ``marked`` was set from outside (an answer shown again)."""
        self._refresh_prompts()

    def values(self) -> list[str]:
        """Texts of the marked choices, in display order."""
        return [self.choices[i] for i in sorted(self.marked)]

    def action_mark(self) -> None:
        if self.highlighted is not None:
            self.mark(self.highlighted)

    def action_submit(self) -> None:
        if self.locked:
            return
        if not self.marked and not self.multiple and self.highlighted is not None:
            # The first Enter only marks the highlighted choice, so the student sees what
            # they are about to answer; the next Enter submits it.
            self.mark(self.highlighted)
            return
        self.submit()

    def action_pick(self, number: int) -> None:
        """Digit keys: mark choice ``number`` (1-based)."""
        self.mark(number - 1)

    def action_select(self) -> None:
        # A click lands here through the base class: it marks, Enter submits.
        self.action_mark()
