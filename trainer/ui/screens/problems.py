"""The list of problems in the course's files, for the instructor (and the curious)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.course.problems import Problem
from trainer.ui.footer import Footer
from trainer.ui.literal import literal


class ProblemsScreen(Screen[None]):
    """Every ``file:line:col: message`` found while loading the course."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._intro(), id="problems-intro")
        yield OptionList(*self._options(), id="problem-list")
        yield Footer()

    def _intro(self) -> Content:
        count = len(self.problems)
        if not count:
            return literal("No problems left in the course files: every file loads.")
        return literal(
            f"{count} problem{'s' * (count != 1)} in the course files. A file with problems "
            "is left out (or, if it loaded before, shown as it last was); everything else "
            "works. Fix them in a text editor: this list follows your saves. Check a course "
            "with the command: massage-trainer validate"
        )

    def _options(self) -> list[Option]:
        return [Option(literal(str(p))) for p in self.problems]

    def show_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` instead (the course was loaded again): fixed files drop off."""
        if problems == self.problems:
            return
        self.problems = problems
        self.query_one("#problems-intro", Static).update(self._intro())
        listing = self.query_one("#problem-list", OptionList)
        listing.set_options(self._options())
