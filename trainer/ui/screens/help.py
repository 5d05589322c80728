"""Help: every key, where progress is saved, and what the course is about."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.ui.screens.lesson import render_markdown

KEYS = [
    (
        "Everywhere",
        [
            ("?", "this help"),
            ("Escape", "back one screen"),
            ("Ctrl+Q", "quit (progress is already saved)"),
            ("Ctrl+P", "command palette: every action, and the theme picker"),
        ],
    ),
    (
        "Home",
        [
            ("↑ ↓  Enter", "choose a lesson and open it"),
            ("t", "take the highlighted lesson's quiz"),
            ("!", "show problems found in the course files"),
            ("q", "quit"),
        ],
    ),
    (
        "Lesson",
        [
            ("↑ ↓  PgUp PgDn", "scroll"),
            ("→ / ←  (l / h)", "next / previous page of the lesson"),
            ("o", "outline: jump to a page"),
            ("n / p", "next / previous lesson"),
            ("t", "take this lesson's quiz"),
        ],
    ),
    (
        "Quiz",
        [
            ("1-9", "mark a choice (toggles in questions with several answers)"),
            ("Space / click", "mark a choice; in ordering and matching, pick up and swap items"),
            ("Shift+↑ ↓  or  [ ]", "ordering and matching: move the highlighted item"),
            ("Enter", "submit the answer; Enter again to continue"),
            ("Escape", "leave the quiz (answers given so far are kept)"),
        ],
    ),
    (
        "Results",
        [
            ("r", "retake the whole quiz"),
            ("m", "retake only the questions missed"),
            ("l", "back to the lesson"),
        ],
    ),
]


class HelpScreen(Screen[None]):
    """Keys, storage location and the course's About text."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close help")]

    def __init__(self, saved_where: str, about: str, course_title: str) -> None:
        super().__init__()
        self.saved_where = saved_where
        self.about = about
        self.course_title = course_title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            parts: list[Content] = []
            for section, rows in KEYS:
                parts.append(Content.styled(section, "bold $accent"))
                for key, what in rows:
                    parts.append(Content.assemble((f"  {key:<22}", "bold"), what))
                parts.append(Content(""))
            yield Static(Content("\n").join(parts), id="help-keys")
            yield Static(Content.styled("Your progress", "bold $accent"))
            yield Static(Content(self.saved_where), id="help-saved")
            if self.about.strip():
                yield Static(Content.styled(f"\nAbout {self.course_title}", "bold $accent"))
                yield Static(render_markdown(self.about), id="help-about")
        yield Footer()
