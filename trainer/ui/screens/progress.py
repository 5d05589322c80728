"""Progress: mastery per lesson, score history, most missed, streak, reviews ahead."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from trainer.mastery.report import ProgressReport, build_report
from trainer.progress.errors import ProgressError
from trainer.progress.models import History
from trainer.progress_table import render_table
from trainer.ui.footer import Footer
from trainer.ui.literal import literal
from trainer.ui.screens.base import TrainerScreen


class ProgressScreen(TrainerScreen[None]):
    """The student's progress report; the full history loads in the background."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
        Binding("r", "app.start_review", "Review", id="review"),
        Binding("X", "reset_all", "Reset all progress", id="reset-all"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress-note")
        with VerticalScroll(id="progress-body"):
            yield Static(id="report")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        self.refresh_view()
        self.query_one("#progress-body").focus()

    def refresh_view(self) -> None:
        """Show what the summary knows at once, then the rest once the history is read."""
        self._show(self._report(None), "Reading your full history for scores and streak…")
        self.load_history()

    def _report(self, history: History | None) -> ProgressReport | None:
        store = self.trainer.store
        if store is None:
            return None
        tz = self.trainer.mastery.tz if self.trainer.mastery else None
        if tz is None:
            from trainer.mastery.local_days import local_timezone

            tz = local_timezone()
        return build_report(self.trainer.course, store.summary, history, self.trainer.now(), tz)

    def _show(self, report: ProgressReport | None, note: str) -> None:
        if report is None:
            self.query_one("#report", Static).update(literal("Progress is not being saved."))
            return
        tz = self.trainer.mastery.tz if self.trainer.mastery else None
        self.query_one("#report", Static).update(render_table(report, tz))
        noted = self.query_one("#progress-note", Static)
        noted.update(literal(note))
        noted.display = bool(note)

    @work(thread=True, exclusive=True)
    def load_history(self) -> None:
        """Read every history file (slow for long histories), off the UI thread."""
        store = self.trainer.store
        if store is None:
            return
        try:
            history = store.load_history()
            report = self._report(history)
        except (OSError, ProgressError) as exc:
            self.app.call_from_thread(
                self._show, self._report(None), f"Could not read the full history: {exc}"
            )
            return
        self.app.call_from_thread(self._show, report, "")

    def action_reset_all(self) -> None:
        """Forget all of this profile's progress, after asking (a backup is kept)."""
        self.trainer.reset(None)
