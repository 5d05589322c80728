"""Shown over everything while the terminal is smaller than the app can lay out.

Below 80x24 footers lost Help and Quit and an ordering question hid its last item, so
rather than a screen that silently misses keys, the student is told how large the window
must be. Nothing is lost: the screen underneath waits, and comes back as it was when the
window grows (or Ctrl+Q quits, with every answer already saved).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.ui.literal import literal

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    """True when a terminal of this size cannot show every item and the essential keys."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """A plain message saying how large the window must be (it blocks every key but Ctrl+Q)."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.update_size()

    def on_resize(self) -> None:
        self.update_size()

    def on_screen_resume(self) -> None:
        # Back on top after a screen opened over it meanwhile: gone if it now fits.
        if not too_small(*self.app.size):
            self.dismiss()

    def update_size(self) -> None:
        width, height = self.size
        self.query_one("#too-small-message", Static).update(
            literal(
                f"This window is {width} by {height}. massage-trainer needs at least "
                f"{MIN_WIDTH} by {MIN_HEIGHT} to show every answer and key.\n\n"
                "Make the window larger (or the font smaller): you will be right where "
                "you were. Ctrl+Q quits; your answers are saved."
            )
        )
