"""Progress: mastery per lesson, score history, most missed, streak, reviews ahead."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.mastery.report import ProgressReport, build_report
from trainer.progress.models import History
from trainer.progress_table import render_table
from trainer.text import plural
from trainer.ui.footer import Footer
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import literal
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.widgets.pick_list import MissedList


class ProgressScreen(TrainerScreen[None]):
    """The student's progress report, drawn from the summary at once (no history read)."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
        Binding("r", "app.start_review", "Review", id="review"),
        Binding("m", "practise_missed", "Practise missed", id="progress.practise-missed"),
        Binding("X", "reset_all", "Reset all progress", id="reset-all"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    report: ProgressReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress-note")
        with VerticalScroll(id="progress-body"):
            yield Static(id="report")
            yield Static(id="missed-title")
            yield MissedList(id="missed")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        self.refresh_view()
        self.query_one("#progress-body").focus()

    def refresh_view(self) -> None:
        """Show the report, from the summary alone (it keeps every figure up to date)."""
        self._show(self._report(None), "")

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
        self.report = report
        if report is None:
            self.query_one("#report", Static).update(literal("Progress is not being saved."))
            return
        tz = self.trainer.mastery.tz if self.trainer.mastery else None
        self.query_one("#report", Static).update(render_table(report, tz, most_missed=False))
        self._show_missed(report)
        noted = self.query_one("#progress-note", Static)
        noted.update(literal(note))
        noted.display = bool(note)

    def _show_missed(self, report: ProgressReport) -> None:
        """The most missed questions as rows: each names its lesson and quiz."""
        missed = self.query_one("#missed", MissedList)
        title = self.query_one("#missed-title", Static)
        shown = bool(report.most_missed)
        missed.display = title.display = shown
        if not shown:
            return
        title.update(
            Content.assemble(
                ("Most missed", "bold"),
                (
                    "   Tab to choose one, Enter opens its lesson; m practises them all",
                    "$text-muted",
                ),
            )
        )
        highlighted = missed.highlighted
        missed.set_options(
            Option(
                Content.assemble(
                    inline_markdown(item.prompt, "bold"),
                    "\n",
                    (
                        " · ".join(
                            dict.fromkeys(  # a quiz named as its lesson is named once
                                [item.lesson_title or "no lesson", item.quiz_title]
                            )
                        )
                        + f" · wrong {item.wrong} of {item.seen}",
                        "$text-muted",
                    ),
                ),
                item.key,
            )
            for item in report.most_missed
        )
        missed.highlighted = min(highlighted or 0, missed.option_count - 1)

    @on(OptionList.OptionSelected, "#missed")
    def _open_missed_lesson(self, event: OptionList.OptionSelected) -> None:
        """Open the lesson that teaches the chosen question."""
        event.stop()
        if self.report is None:
            return
        item = self.report.most_missed[event.option_index]
        if item.lesson_id is None:
            self.notify("This question belongs to no lesson.", timeout=3)
            return
        self.trainer.open_lesson(item.lesson_id)

    def action_practise_missed(self) -> None:
        """Practise exactly the most missed questions (practice: no quiz score changes)."""
        if self.report is None or not self.report.most_missed:
            self.notify("Nothing missed yet.", timeout=3)
            return
        pairs = [(item.quiz_id, item.question_id) for item in self.report.most_missed]
        self.trainer.practise_questions(pairs, f"Most missed: {plural(len(pairs), 'question')}")

    def action_reset_all(self) -> None:
        """Forget all of this profile's progress, after asking (a backup is kept)."""
        self.trainer.reset(None)
