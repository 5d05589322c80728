"""Results of an attempt: score, pass or fail, and every question with the right answer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.quiz.attempt import Attempt
from trainer.quiz.kinds import expected_answer
from trainer.study.breakdown import PartScore, by_lesson, by_topic
from trainer.text import plural
from trainer.ui.answer_widgets import answer_words
from trainer.ui.footer import Footer
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import HangingLines, join_lines, literal
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.widgets.pick_list import BreakdownList, ReadList


def format_duration(seconds: float) -> str:
    """``75`` → ``1 min 15 s``."""
    seconds = round(seconds)
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


class ResultsScreen(TrainerScreen[None]):
    """Score, verdict, time taken and a review of each question."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="back"),
        Binding("a", "retake(False)", "Retake all", id="results.retake-all"),
        Binding("m", "retake(True)", "Retake missed", id="results.retake-missed"),
        Binding("l", "lesson", "Lesson", id="results.lesson"),
        # One key, one meaning on every screen: r reviews what is due (again, after one).
        Binding("r", "review(True)", "Review again", id="review"),
        Binding("r", "review(False)", "Review", id="review"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, attempt: Attempt, *, review: bool = False) -> None:
        super().__init__()
        self.attempt = attempt
        self.review = review
        self.lessons: list[PartScore] = []
        """The score by lesson, weakest first (worked out once the app is known)."""

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        self.lessons = by_lesson(self.trainer.course, attempt)
        yield Header()
        with VerticalScroll(id="results-body"):
            if self.review:
                verdict = Content.styled("Review done", "bold")
            elif attempt.partial:
                verdict = join_lines(
                    Content.styled(
                        f"Retake of {plural(attempt.total, 'missed question')}: "
                        f"{attempt.correct_count}/{attempt.total} right",
                        "bold",
                    ),
                    Content.styled(
                        "Practice: the quiz's pass and best score come from full attempts "
                        "only (a retakes them all).",
                        "$text-muted",
                    ),
                )
            elif attempt.passed:
                verdict = Content.styled(
                    f"✔ Passed (pass mark {attempt.quiz.pass_mark}%)", "bold $success"
                )
            else:
                verdict = Content.styled(
                    f"✘ Not passed yet (pass mark {attempt.quiz.pass_mark}%)", "bold $error"
                )
            yield Static(
                join_lines(
                    Content.assemble(
                        (f"{attempt.score:.0f}%", "bold"),
                        f"  —  {attempt.correct_count} of {attempt.total} right",
                        ("  ·  time " + format_duration(attempt.seconds), "$text-muted"),
                    ),
                    verdict,
                ),
                id="score",
            )
            if len(self.lessons) > 1:
                # An exam or a review mixes lessons: which ones to read again.
                yield Static(
                    Content.assemble(
                        ("By lesson, weakest first", "bold"),
                        ("   Tab, then Enter opens one; l opens the weakest", "$text-muted"),
                    ),
                    id="breakdown-title",
                )
                yield BreakdownList(
                    *[
                        Option(
                            Content.assemble(
                                (f"{part.right:>3} of {part.asked:<3}", "bold"),
                                f" {part.share:>4.0%}  ",
                            )
                            + literal(part.title),
                            part.key,
                        )
                        for part in self.lessons
                    ],
                    id="breakdown",
                )
                topics = by_topic(self.trainer.course, self.lessons)
                if topics:
                    yield Static(
                        Content.styled("By topic: ", "bold")
                        + literal(" · ".join(f"{t.title} {t.right}/{t.asked}" for t in topics)),
                        id="breakdown-topics",
                    )
            to_read = self._sections_to_read()
            if to_read:
                yield Static(
                    Content.assemble(
                        ("Read again", "bold"),
                        (
                            "   the sections that teach what you missed: Enter opens one",
                            "$text-muted",
                        ),
                    ),
                    id="read-title",
                )
                yield ReadList(
                    *[Option(literal(label), see) for see, label in to_read], id="read-list"
                )
            for number, item in enumerate(attempt.items, start=1):
                response = attempt.responses.get(item.question.id)
                right = bool(response and response.grade.correct)
                mark = (
                    Content.styled("✔ right", "bold $success")
                    if right
                    else Content.styled("✘ wrong" if response else "- not answered", "bold $error")
                )
                head = Content.assemble(f"{number}. ", mark, "  ")
                yield Static(
                    HangingLines(
                        [(head + inline_markdown(item.question.prompt, "bold"), len(head.plain))]
                    ),
                    classes="result-head",
                )
                lines: list[tuple[Content | str, int]] = []
                if response is not None:
                    label = "Your answer: "
                    lines.append(
                        (
                            Content.assemble(
                                (label, "dim"), answer_words(response.answer, item.question)
                            ),
                            len(label),
                        )
                    )
                if not right:
                    label = "Right answer: "
                    # Unanswered (left in an exam) still shows the right answer.
                    expected = (
                        response.grade.expected if response else expected_answer(item.question)
                    )
                    lines.append(
                        (Content.assemble((label, "dim"), inline_markdown(expected)), len(label))
                    )
                lines.append((inline_markdown(item.question.explanation, "italic"), 0))
                yield Static(HangingLines(lines), classes="result-item")
        with Horizontal(id="results-buttons"):
            again = "Review again (r)" if self.review else "Retake all (a)"
            yield Button(again, id="retake-all", compact=True)
            missed = len(attempt.missed_ids())
            # Only what can be done is offered: no "Retake 0 missed", no lesson for a review.
            retake_missed = Button(f"Retake {missed} missed (m)", id="retake-missed", compact=True)
            retake_missed.display = missed > 0
            yield retake_missed
            own = self.trainer.course.lesson_for(attempt.quiz) is not None
            label = "Back to lesson (l)" if own else "Weakest lesson (l)"
            to_lesson = Button(label, id="to-lesson", compact=True)
            to_lesson.display = self._lesson_id() is not None
            yield to_lesson
            yield Button("Back (Esc)", id="home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Results: {self.attempt.quiz.title}"
        self.query_one("#results-body").focus()

    def _lesson_id(self) -> str | None:
        """The quiz's own lesson; for an exam or review, its weakest lesson (if any)."""
        lesson = self.trainer.course.lesson_for(self.attempt.quiz)
        if lesson is not None:
            return lesson.id
        weakest = self.lessons[0] if len(self.lessons) > 1 else None
        return weakest.key if weakest is not None and weakest.share < 1 else None

    def _sections_to_read(self) -> list[tuple[str, str]]:
        """(see, "Lesson — Section") of each section teaching a missed question, once."""
        from trainer.course.sections import find_section

        found: dict[str, str] = {}
        missed = set(self.attempt.missed_ids())
        for item in self.attempt.items:
            see = item.question.see
            if item.question.id not in missed or see is None or see in found:
                continue
            lesson_id, _, anchor = see.partition("#")
            lesson = self.trainer.course.lesson(lesson_id)
            section = find_section(lesson.body, anchor) if lesson else None
            if lesson is not None and section is not None:
                found[see] = f"{lesson.title} — {section.title}"
        return list(found.items())

    @on(OptionList.OptionSelected, "#read-list")
    def _read(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.trainer.show_section(event.option.id)

    @on(OptionList.OptionSelected, "#breakdown")
    def _open_part(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.trainer.open_lesson(event.option.id, replace=True)

    def action_retake(self, missed_only: bool) -> None:
        """Start the quiz again, all of it or only the questions missed."""
        ids = self.attempt.missed_ids() if missed_only else None
        if missed_only and not ids:
            self.notify("Nothing missed: every question was right.", timeout=3)
            return
        if self.review and not missed_only:
            self.action_review(True)
            return
        self.trainer.start_quiz(
            self.attempt.quiz.id, question_ids=ids, replace=True, quiz=self.attempt.quiz
        )

    def action_lesson(self) -> None:
        lesson_id = self._lesson_id()
        if lesson_id is None:
            self.notify("This quiz has no lesson.", timeout=3)
            return
        self.trainer.open_lesson(lesson_id, replace=True)

    def action_review(self, again: bool) -> None:
        """Review what is due now (the results close first, as a retake replaces them)."""
        self.trainer.pop_screen()
        self.trainer.start_review()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lesson":
            return self._lesson_id() is not None
        if action == "review":
            return parameters[0] == self.review
        if action == "retake":
            return bool(self.attempt.missed_ids()) if parameters[0] else not self.review
        return True

    def action_back(self) -> None:
        """Back to where the quiz was started from (the lesson, or home)."""
        self.dismiss()

    @on(Button.Pressed, "#retake-all")
    def _retake_all(self) -> None:
        self.action_retake(False)

    @on(Button.Pressed, "#retake-missed")
    def _retake_missed(self) -> None:
        self.action_retake(True)

    @on(Button.Pressed, "#to-lesson")
    def _to_lesson(self) -> None:
        self.action_lesson()

    @on(Button.Pressed, "#home")
    def _home(self) -> None:
        self.action_back()
