"""The short-answer field: a one-line input that trims a long paste instead of refusing it."""

from __future__ import annotations

from textual.widgets import Input

MAX_ANSWER = 200
"""Characters; an accepted answer is a few words, and feedback must stay readable."""


class AnswerInput(Input):
    """An ``Input`` limited to :data:`MAX_ANSWER` characters.

    Textual's ``max_length`` silently drops a paste that would overflow; here the paste is
    cut to fit and the student is told.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=MAX_ANSWER, **kwargs)  # type: ignore[arg-type]

    def insert_text_at_cursor(self, text: str) -> None:
        # Typing over a selection frees the selected characters.
        room = MAX_ANSWER - len(self.value) + len(self.selected_text)
        if len(text) > room:
            text = text[: max(room, 0)]
            self.notify(f"Answers are limited to {MAX_ANSWER} characters.", timeout=3)
        super().insert_text_at_cursor(text)
