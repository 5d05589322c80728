"""A list the student rearranges: for ``ordering`` and ``matching`` questions.

Keyboard: ↑/↓ move the cursor; Shift+↑/↓ (or ``[`` / ``]``) move the highlighted item;
Space (or a click) picks an item up and a second Space (or click) on another row swaps
the two. Enter submits the arrangement as it stands.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import hanging_content
from trainer.ui.widgets.answer_list import AnswerList


class ArrangeList(AnswerList):
    """Rows of items in an order the student can change.

    With ``anchors`` (matching) each row shows a fixed left item and a movable right
    item; without (ordering) each row is one movable item.
    """

    BINDINGS = [
        Binding("enter", "submit", "Submit", id="answer.submit"),
        Binding("space", "pick", "Pick up / swap", id="answer.pick"),
        # One footer entry for both directions: the footer has room for few keys.
        Binding(
            "shift+up,left_square_bracket",
            "move(-1)",
            "Move",
            key_display="⇧↑↓",
            id="answer.move-up",
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move(1)",
            "Move down",
            show=False,
            id="answer.move-down",
        ),
    ]

    def __init__(
        self, items: list[str], *, anchors: list[str] | None = None, id: str | None = None
    ) -> None:
        self.items = list(items)
        self.anchors = anchors
        self.held: int | None = None
        super().__init__(len(self.items), id=id)

    def _prompt(self, index: int) -> Content:
        # The marker sits next to the item that moves (the right-hand side in matching).
        marker = ("▶ " if index == self.held else "  ", "bold $accent")
        number = f"{index + 1}. "
        width = self._wrap_width
        if self.anchors is None:
            item = hanging_content(inline_markdown(self.items[index]), width, len(number) + 2)
            return Content.assemble((number, "bold"), marker, item)
        # Matching: the fixed item on its own line, the movable one under it, so long
        # texts on either side wrap cleanly.
        anchor = hanging_content(inline_markdown(self.anchors[index], "bold"), width, len(number))
        item = hanging_content(inline_markdown(self.items[index]), width, len(number) + 4)
        indent = " " * len(number)
        return Content.assemble((number, "bold"), anchor, "\n", indent, ("→ ", "dim"), marker, item)

    def values(self) -> list[str]:
        """The movable items in their current order."""
        return list(self.items)

    def arrange(self, items: list[str]) -> None:
        """Put the movable items in this order (an answer shown again)."""
        self.items = list(items)
        self._refresh_prompts()

    def swap(self, a: int, b: int) -> None:
        """Swap the movable items of rows ``a`` and ``b``."""
        if self.locked or a == b or not (0 <= a < len(self.items) and 0 <= b < len(self.items)):
            return
        self.items[a], self.items[b] = self.items[b], self.items[a]
        self._refresh_prompts()

    def action_move(self, step: int) -> None:
        """Move the highlighted item one row up or down, keeping it highlighted."""
        index = self.highlighted
        if index is None or self.locked:
            return
        target = index + step
        if 0 <= target < len(self.items):
            self.held = None
            self.swap(index, target)
            self.highlighted = target

    def action_pick(self) -> None:
        """Pick up the highlighted item, or swap it with the one already picked up."""
        index = self.highlighted
        if index is None or self.locked:
            return
        if self.held is None:
            self.held = index
            self._refresh_prompts()
        else:
            held, self.held = self.held, None
            if held == index:
                self._refresh_prompts()
            else:
                self.swap(held, index)

    def action_select(self) -> None:
        # A click lands here through the base class.
        self.action_pick()

    def action_submit(self) -> None:
        if not self.locked:
            self.held = None
            self._refresh_prompts()
            self.submit()
