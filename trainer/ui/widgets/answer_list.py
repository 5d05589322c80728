"""What the answer lists share: rows that wrap with a hanging indent, locking once answered,
and a ``Submitted`` message that names the list it came from."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

_ANSWER_ACTIONS = ("submit", "mark", "pick", "move", "select")


class AnswerList(OptionList):
    """A list the student answers with: subclasses draw the rows and say the answer."""

    class Submitted(Message):
        """The student submitted what the list holds."""

        def __init__(self, answer_list: AnswerList, values: list[str]) -> None:
            super().__init__()
            self.answer_list = answer_list
            self.values = values

        @property
        def control(self) -> AnswerList:
            """The list that sent the message."""
            return self.answer_list

    def __init__(self, rows: int, *, id: str | None = None) -> None:
        self.locked = False
        """Once answered, the list no longer changes and its keys reach the screen."""
        self._wrap_width = 0
        """Columns to wrap rows at; known after layout (0: let the list wrap)."""
        super().__init__(*[Option(self._prompt(i)) for i in range(rows)], id=id)

    def _prompt(self, index: int) -> Content:
        raise NotImplementedError

    def values(self) -> list[str]:
        """What the list holds now, as the texts the student gave."""
        raise NotImplementedError

    def lock_answer(self) -> None:
        """Freeze the list once its answer is given (``Widget.lock`` is Textual's own)."""
        self.locked = True

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            self._wrap_width = width
            self._refresh_prompts()

    def _refresh_prompts(self) -> None:
        for index in range(self.option_count):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once answered, the list's keys fall through to the screen (Enter continues).
        return not (self.locked and action in _ANSWER_ACTIONS)

    def submit(self) -> None:
        """Send what the list holds to the screen."""
        self.post_message(self.Submitted(self, self.values()))
