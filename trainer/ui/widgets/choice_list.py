"""A list of answer choices: digits pick, Space or a click marks, Enter submits."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.ui.literal import hanging


class ChoiceList(OptionList):
    """Choices for ``single``, ``multiple`` and ``true_false`` questions.

    In single mode marking a choice unmarks the others; in multiple mode marks toggle.
    """

    BINDINGS = [
        Binding("enter", "submit", "Submit", show=True),
        Binding("space", "mark", "Mark choice", show=True),
        *[Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(1, 10)],
    ]

    class Submitted(Message):
        """The student submitted the marked choices."""

        def __init__(self, choice_list: ChoiceList, chosen: list[str]) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.chosen = chosen

        @property
        def control(self) -> ChoiceList:
            """The list that sent the message."""
            return self.choice_list

    def __init__(self, choices: list[str], *, multiple: bool, id: str | None = None) -> None:
        self.choices = list(choices)
        self.multiple = multiple
        self.marked: set[int] = set()
        self.locked = False
        self._wrap_width = 0
        """Columns to wrap rows at; known after layout (0: let the list wrap)."""
        super().__init__(*[Option(self._prompt(i)) for i in range(len(choices))], id=id)

    def _prompt(self, index: int) -> Content:
        if self.multiple:
            box = "[x]" if index in self.marked else "[ ]"
        else:
            box = "(•)" if index in self.marked else "( )"
        number = f"{index + 1}." if index < 9 else "  "
        head = f"{number} {box} "
        text = hanging(self.choices[index], self._wrap_width, len(head))
        return Content.assemble((head, "bold"), text)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            self._wrap_width = width
            self._refresh_prompts()

    def _refresh_prompts(self) -> None:
        for index in range(len(self.choices)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

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

    def chosen(self) -> list[str]:
        """Texts of the marked choices, in display order."""
        return [self.choices[i] for i in sorted(self.marked)]

    def action_mark(self) -> None:
        if self.highlighted is not None:
            self.mark(self.highlighted)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once answered, the list's keys fall through to the screen (Enter continues).
        return not (self.locked and action in ("submit", "mark", "pick", "move", "select"))

    def action_submit(self) -> None:
        if self.locked:
            return
        if not self.marked and not self.multiple and self.highlighted is not None:
            # The first Enter only marks the highlighted choice, so the student sees what
            # they are about to answer; the next Enter submits it.
            self.mark(self.highlighted)
            return
        self.post_message(self.Submitted(self, self.chosen()))

    def action_pick(self, number: int) -> None:
        """Digit keys: mark choice ``number`` (1-based)."""
        self.mark(number - 1)

    def action_select(self) -> None:
        # A click lands here through the base class: it marks, Enter submits.
        self.action_mark()
