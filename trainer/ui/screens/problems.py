"""The list of problems in the course's files, for the instructor (and the curious)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
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
        count = len(self.problems)
        yield Static(
            literal(
                f"{count} problem{'s' * (count != 1)} in the course files. The files with "
                "problems are left out; everything else works. Fix them in a text editor "
                "and check them with the command: massage-trainer validate"
            ),
            id="problems-intro",
        )
        yield OptionList(*[Option(literal(str(p))) for p in self.problems], id="problem-list")
        yield Footer()
