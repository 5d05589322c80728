"""Help: every key, where progress is saved, and what the course is about."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.ui.footer import Footer
from trainer.ui.screens.lesson import render_markdown

KEYS = [
    (
        "Everywhere",
        [
            ("?", "this help"),
            ("Escape", "back one screen (q too, except in a quiz)"),
            ("p", "your progress (from home, a lesson or results)"),
            ("Ctrl+Q", "quit (progress is already saved)"),
            ("Ctrl+P", "command palette: every action, and the theme picker"),
        ],
    ),
    (
        "Home",
        [
            ("↑ ↓  Enter", "choose a lesson and open it"),
            ("t", "take the highlighted lesson's quiz (of several, choose one)"),
            ("r", "review the questions due today (one you miss comes back a few later)"),
            ("Shift+R", "study ahead: the next questions by due date, before they are due"),
            ("w", "practise your weakest lesson"),
            ("p", "your progress: mastery, scores, streak, reviews ahead"),
            ("x", "forget the highlighted lesson's progress (asks first)"),
            ("!", "show problems found in the course files"),
            ("q", "quit"),
        ],
    ),
    (
        "Lesson",
        [
            ("↑ ↓  PgUp PgDn", "scroll"),
            ("Space / →  (l)", "scroll on; at the end of the page, the next page"),
            ("←  (h)", "previous page of the lesson"),
            ("o", "outline: jump to a section (Enter goes there)"),
            ("n / Shift+N", "next / previous lesson"),
            ("t", "take this lesson's quiz (of several, choose one)"),
        ],
    ),
    (
        "Quiz",
        [
            ("1-9", "mark a choice (toggles in questions with several answers)"),
            ("Space / click", "mark a choice; in ordering and matching, pick up and swap items"),
            ("Shift+↑ ↓  or  [ ]", "ordering and matching: move the highlighted item"),
            ("Enter", "submit the answer; Enter again to continue"),
            ("u", "take back the answer just given (it no longer counts) and answer again"),
            ("s", "read the lesson section that teaches the question (Escape comes back)"),
            ("Escape", "leave the quiz: for now (carry on later) or abandon it"),
            ("PgUp / PgDn", "exams: previous / next question (answers can be changed)"),
            ("Ctrl+F", "exams: flag the question to come back to"),
            ("Ctrl+E", "exams: what is answered, then hand in (h)"),
        ],
    ),
    (
        "Progress",
        [
            ("r", "review the questions due today"),
            ("Tab, Enter", "most missed: open the chosen question's lesson"),
            ("m", "practise exactly the most missed questions"),
            ("Shift+X", "forget all of this profile's progress (asks first; backup kept)"),
        ],
    ),
    (
        "Results",
        [
            ("a", "retake the whole quiz (it counts as a new score)"),
            ("m", "retake only the questions missed (practice: the score stays)"),
            ("l", "back to the lesson"),
            ("r", "review the questions due today"),
        ],
    ),
]


ROW_IDS = {
    ("Everywhere", "?"): "help",
    ("Everywhere", "p"): "progress",
    ("Home", "t"): "take-quiz",
    ("Home", "r"): "review",
    ("Home", "Shift+R"): "study-ahead",
    ("Home", "w"): "weakest",
    ("Home", "p"): "progress",
    ("Home", "x"): "reset-lesson",
    ("Home", "!"): "problems",
    ("Home", "q"): "quit",
    ("Lesson", "o"): "lesson.outline",
    ("Lesson", "t"): "take-quiz",
    ("Quiz", "u"): "quiz.undo",
    ("Quiz", "s"): "quiz.see",
    ("Quiz", "Ctrl+F"): "exam.flag",
    ("Quiz", "Ctrl+E"): "exam.summary",
    ("Progress", "r"): "review",
    ("Progress", "m"): "progress.practise-missed",
    ("Progress", "Shift+X"): "reset-all",
    ("Results", "a"): "results.retake-all",
    ("Results", "m"): "results.retake-missed",
    ("Results", "l"): "results.lesson",
    ("Results", "r"): "review",
}
"""The binding behind each one-key row above: a key remapped in settings.toml shows as
the key in force."""


class HelpScreen(Screen[None]):
    """Keys, storage location and the course's About text."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close help", id="help.close")]

    def __init__(self, saved_where: str, about: str, course_title: str) -> None:
        super().__init__()
        self.saved_where = saved_where
        self.about = about
        self.course_title = course_title

    def compose(self) -> ComposeResult:
        from trainer.ui.keys import binding_defaults

        yield Header()
        with VerticalScroll(id="help-body"):
            changed = getattr(self.app, "keymap", {})
            if changed:
                # The keys in force first: the lists below give the defaults.
                defaults = binding_defaults()
                yield Static(
                    Content.styled("Your keys (settings.toml [keys])", "bold $accent"),
                    classes="help-section",
                )
                with Grid(classes="help-keys"):
                    for binding_id, keys in changed.items():
                        default, what = defaults.get(binding_id, ("", binding_id))
                        yield Static(Content.styled(keys, "bold"))
                        yield Static(Content(f"{what} (instead of {default}; id {binding_id})"))
            for section, rows in KEYS:
                yield Static(Content.styled(section, "bold $accent"), classes="help-section")
                with Grid(classes="help-keys"):
                    for key, what in rows:
                        shown = changed.get(ROW_IDS.get((section, key), ""), key)
                        yield Static(Content.styled(shown, "bold"))
                        yield Static(Content(what))
            yield Static(Content.styled("Your progress", "bold $accent"), classes="help-section")
            yield Static(Content(self.saved_where), id="help-saved")
            if self.about.strip():
                yield Static(
                    Content.styled(f"About {self.course_title}", "bold $accent"),
                    classes="help-section",
                )
                yield Static(render_markdown(self.about), id="help-about")
        yield Footer()
