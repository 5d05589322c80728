"""Taking a quiz: one question at a time, feedback after each (practice) or at the end."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Header, Input, ProgressBar, Static

from trainer.course.models import Matching, ShortAnswer
from trainer.quiz.attempt import Presented, Response
from trainer.quiz.grading import Answer
from trainer.study.session import QuizRun
from trainer.ui.answer_widgets import answer_widget_kind, answer_words, lock_answer
from trainer.ui.footer import Footer
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import HangingLines, literal
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.widgets.answer_list import AnswerList

HINTS = {
    "single": "Press 1-9 or click to mark one answer, then Enter (or the Submit button).",
    "multiple": "Mark every right answer: 1-9, Space or click toggles. Enter submits.",
    "true_false": "Press 1 for True or 2 for False, then Enter.",
    "short": "Type your answer and press Enter. Case, accents and small typos are forgiven.",
    "matching": "Move the → items so each one matches the item above it: Shift+↑/↓ or [ ] "
    "moves the highlighted one; Space (or click) picks one up, Space on another swaps. "
    "Enter submits.",
    "ordering": "Put the items in order: Shift+↑/↓ or [ ] moves the highlighted item; Space "
    "(or click) picks one up, Space on another swaps. Enter submits.",
}


def _matching_rows(question: Matching, answer: Answer) -> list[Content]:
    """Each row of a matching answer, marked right or wrong, with the fix for wrong ones."""
    right = {left.casefold(): target for left, target in question.pairs}
    rows = []
    for pair in answer if isinstance(answer, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        left, given = str(pair[0]), str(pair[1])
        want = right.get(left.casefold(), "")
        matched = Content.assemble(inline_markdown(left), " → ", inline_markdown(given))
        if given.casefold() == want.casefold():
            rows.append(Content.assemble(("  ✔ ", "bold $success"), matched))
        else:
            rows.append(
                Content.assemble(
                    ("  ✘ ", "bold $error"),
                    matched,
                    ("   (right: ", "dim"),
                    inline_markdown(want),
                    (")", "dim"),
                )
            )
    return rows


def feedback_content(item: Presented, response: Response, see: str | None = None) -> HangingLines:
    """The verdict, the right answer, the explanation and any per-choice feedback.

    Wrapped lines hang under the text they continue, not under their label.
    """
    question = item.question
    grade = response.grade
    verdict = (
        Content.styled("✔ Correct", "bold $success")
        if grade.correct
        else Content.styled("✘ Not quite", "bold $error")
    )
    lines: list[tuple[Content | str, int]] = [(verdict, 0)]
    if grade.detail:
        lines.append((literal(grade.detail, "italic"), 0))
    if isinstance(question, Matching):
        lines.append((Content.styled("Your matches:", "bold"), 0))
        lines.extend((row, 4) for row in _matching_rows(question, response.answer))
    else:
        if not grade.correct:
            label = "Your answer: "
            lines.append(
                (
                    Content.assemble((label, "bold"), answer_words(response.answer, question)),
                    len(label),
                )
            )
        label = "Right answer: "
        lines.append(
            (Content.assemble((label, "bold"), inline_markdown(grade.expected)), len(label))
        )
    lines.append(("", 0))
    lines.append((inline_markdown(question.explanation), 0))
    feedback = getattr(question, "feedback", None) or {}
    chosen = response.answer if isinstance(response.answer, list) else [response.answer]
    for choice, note in feedback.items():
        if any(
            isinstance(c, str) and c.strip().casefold() == choice.strip().casefold() for c in chosen
        ):
            lines.append(("", 0))
            about = Content.assemble(
                ("About “", "bold"), inline_markdown(choice, "bold"), ("”: ", "bold")
            )
            lines.append((about + inline_markdown(note), 2))
    if see:
        label = "Read about it (s): "
        lines.append(("", 0))
        lines.append((Content.assemble((label, "bold"), see), len(label)))
    return HangingLines(lines)


class QuizScreen(TrainerScreen[None]):
    """Run a :class:`QuizRun`, saving every answer before its feedback shows."""

    BINDINGS = [
        Binding("enter", "continue", "Continue", id="quiz.continue"),
        Binding("u", "undo", "Undo answer", id="quiz.undo"),
        Binding("s", "see", "Read about it", id="quiz.see"),
        # Exams only (see check_action); priority, so a focused answer list or text field
        # does not take these keys first.
        # Moving and flagging are named on the hint line: at 80 columns the footer would
        # lose Leave and Help behind them.
        Binding("pageup", "go(-1)", "Prev", priority=True, show=False, id="exam.previous"),
        Binding("pagedown", "go(1)", "Next", priority=True, show=False, id="exam.next"),
        Binding("ctrl+f", "flag", "Flag", priority=True, show=False, id="exam.flag"),
        Binding("ctrl+e", "summary", "Hand in", priority=True, id="exam.summary"),
        Binding("escape", "leave", "Leave", id="quiz.leave"),
        Binding("question_mark", "app.help", "Help", id="help"),
        # Previews only (see check_action). F2 too: i is a letter to type in a text field.
        Binding("i,f2", "answer_key", "Answer key", id="quiz.answer-key"),
    ]

    def __init__(self, run: QuizRun, *, title: str, exam: bool) -> None:
        super().__init__()
        self.run = run
        self.attempt = run.attempt
        self.title_text = title
        self.exam = exam
        self.review = run.review
        self.index = 0
        self.shown_at = 0.0
        self.awaiting_continue = False
        self.answer_widget: Widget | None = None
        self._widget_serial = 0
        self._finished = False
        self._shown_monotonic = 0.0
        self._warned = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static(id="quiz-counter")
            yield ProgressBar(total=self.attempt.total, show_eta=False, id="quiz-progress")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="prompt")
            yield Static(id="hint")
            yield Widget(id="answer-slot")
            yield Static(id="feedback")
        with Horizontal(id="quiz-buttons"):
            yield Button("Submit answer", variant="primary", id="submit", compact=True)
            yield Button("Continue", variant="success", id="continue", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        body = self.query_one("#quiz-body", VerticalScroll)
        self.watch(body, "virtual_size", self._reveal_feedback, init=False)
        if self.exam:
            self.show_question(self._next_undrafted(-1) or 0)
            if self.run.deadline is not None:
                self.set_interval(1.0, self._tick)
                self.call_after_refresh(self._tick)
        else:
            self.show_question(self.attempt.next_index() or 0)

    # ------------------------------------------------------------------ exams

    def _next_undrafted(self, after: int) -> int | None:
        """The first question after ``after`` (wrapping round) with no answer yet."""
        items = self.attempt.items
        for step in range(1, len(items) + 1):
            index = (after + step) % len(items)
            if items[index].question.id not in self.attempt.drafts:
                return index
        return None

    def _keep_draft(self, *, flagged: bool | None = None) -> None:
        """Save what the student has given on this question (and its flag) as it stands."""
        if self._finished:
            return
        question_id = self.item.question.id
        answer = None
        if self.answer_widget is not None:
            answer = answer_widget_kind(self.item).read(self.answer_widget, self.item)
        was_flagged = question_id in self.attempt.flagged
        flag = was_flagged if flagged is None else flagged
        unchanged = answer is None or answer == self.attempt.drafts.get(question_id)
        if unchanged and flag == was_flagged:
            return
        seconds = self.trainer.clock() - self.shown_at
        self.shown_at = self.trainer.clock()
        self.trainer.save_draft(self.run, question_id, answer, flagged=flag, seconds=seconds)

    def _key(self, binding_id: str, default: str, which: int = 0) -> str:
        """A binding's key as in force (remapped too), as the footer would show it."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        keys = keymap.get(binding_id, default).split(",")
        return self.app.get_key_display(Binding(keys[min(which, len(keys) - 1)], ""))

    def _exam_keys(self) -> str:
        """The exam's own keys, as in force (remapped ones too), for the hint line."""
        shown = self._key
        return (
            f"{shown('exam.previous', 'pageup')} / {shown('exam.next', 'pagedown')}: "
            f"previous / next question · {shown('exam.flag', 'ctrl+f')}: flag it · "
            f"{shown('exam.summary', 'ctrl+e')}: hand in"
        )

    def keep_answer(self) -> None:
        """Keep what is marked on screen now (an exam's answer, before quitting)."""
        if self.exam and not self._finished and self.is_current:
            self._keep_draft()

    def action_go(self, step: int) -> None:
        """Previous or next question, keeping what was given on this one."""
        target = self.index + step
        if not 0 <= target < self.attempt.total:
            self.notify("No more questions that way: Ctrl+E shows the summary.", timeout=3)
            return
        self._keep_draft()
        self.show_question(target)

    def action_flag(self) -> None:
        """Flag this question to come back to (or take the flag off)."""
        flagged = self.item.question.id not in self.attempt.flagged
        self._keep_draft(flagged=flagged)
        self._show_counter()

    def action_summary(self) -> None:
        """What is answered, unanswered and flagged; go to a question or hand in."""
        from trainer.ui.screens.exam_dialogs import ExamSummaryScreen, time_left

        self._keep_draft()

        def chosen(choice: int | str | None) -> None:
            if choice == "hand-in":
                self.hand_in()
            elif isinstance(choice, int):
                self.show_question(choice)

        left = time_left(self.run.deadline, self.trainer.now())
        self.app.push_screen(ExamSummaryScreen(self.attempt, left), chosen)

    def hand_in(self, *, timed_out: bool = False) -> None:
        """Grade the final answers (once each), save them and show the results."""
        if self._finished:
            return
        if not timed_out:
            self._keep_draft()
        self._finished = True
        self.trainer.hand_in_run(self.run, timed_out=timed_out)

    def _tick(self) -> None:
        """Count the time limit down; warn at one minute; hand in at zero."""
        if self._finished or self.run.deadline is None:
            return
        remaining = (self.run.deadline - self.trainer.now()).total_seconds()
        if remaining <= 0:
            self.hand_in(timed_out=True)
            return
        if remaining <= 60 and not self._warned:
            self._warned = True
            self.notify("One minute left: the exam is handed in when time runs out.", timeout=8)
        self._show_counter()

    def _reveal_feedback(self, _size: object = None) -> None:
        """Scroll the feedback into view once it is laid out (and again after a resize).

        Scrolling as soon as it was filled in used its old, empty size: at 80x24 a
        matching or ordering question's feedback ran on under the Continue button.
        """
        if self.awaiting_continue:
            feedback = self.query_one("#feedback", Static)
            self.query_one("#quiz-body", VerticalScroll).scroll_to_widget(feedback, animate=False)

    # ------------------------------------------------------------------ showing

    @property
    def item(self) -> Presented:
        return self.attempt.items[self.index]

    def show_question(self, index: int) -> None:
        """Show question ``index`` ready to answer."""
        self.index = index
        self.awaiting_continue = False
        self.refresh_bindings()
        item = self.item
        question = item.question
        self._show_counter()
        self.query_one("#prompt", Static).update(inline_markdown(question.prompt, "bold"))
        hint = HINTS[question.type]
        if self.exam:
            hint += f"\n{self._exam_keys()}"
        if self.preview:
            key, typing = (self._key("quiz.answer-key", "i,f2", n) for n in (0, 1))
            hint += f"\nPreview: {key} shows the answer key"
            if isinstance(question, ShortAnswer) and typing != key:  # i would be typed
                hint += f" ({typing} while typing an answer)"
            hint += "."
        self.query_one("#hint", Static).update(literal(hint))
        feedback = self.query_one("#feedback", Static)
        feedback.update("")
        feedback.display = False
        self.query_one("#continue", Button).display = False
        self.query_one("#submit", Button).display = True
        slot = self.query_one("#answer-slot", Widget)
        slot.remove_children()
        widget = self._answer_widget(item)
        widget.add_class("answer")
        self.answer_widget = widget
        slot.mount(widget)
        draft = self.attempt.drafts.get(question.id)
        if self.exam and draft is not None:
            answer_widget_kind(item).show(widget, draft)  # the answer given before
        widget.focus()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.shown_at = self.trainer.clock()
        self._shown_monotonic = time.monotonic()

    def _show_counter(self) -> None:
        """The question number, the mode, and in an exam what is answered and the time."""
        from trainer.ui.screens.exam_dialogs import time_left

        mode = "exam" if self.exam else ("review" if self.review else "practice")
        parts: list[tuple[str, str] | str] = [
            (f"Question {self.index + 1} of {self.attempt.total}", "bold"),
            (f"  ·  {mode}", "$text-muted"),
        ]
        answered = self.attempt.answered
        if self.review and self.item.question.id in self.attempt.responses:
            parts.append(("  ·  again: missed earlier", "bold $warning"))
        if self.exam:
            answered = sum(1 for i in self.attempt.items if i.question.id in self.attempt.drafts)
            parts.append((f"  ·  {answered} answered", "$text-muted"))
            if self.item.question.id in self.attempt.flagged:
                parts.append(("  ·  ⚑ flagged", "bold $warning"))
            left = time_left(self.run.deadline, self.trainer.now())
            if left:
                parts.append((f"  ·  ⏱ {left}", "bold"))
        self.query_one("#quiz-counter", Static).update(Content.assemble(*parts))
        self.query_one("#quiz-progress", ProgressBar).update(progress=answered)

    def _serial(self) -> int:
        # Each question gets a fresh widget id: the previous one may not be removed yet.
        self._widget_serial += 1
        return self._widget_serial

    def _answer_widget(self, item: Presented) -> Widget:
        widget = answer_widget_kind(item).make(item, f"answer-{self._serial()}")
        if isinstance(widget, Input):
            # A blinking cursor makes headless screenshots differ from run to run.
            widget.cursor_blink = not self.app.is_headless
        return widget

    # ------------------------------------------------------------------ answering

    def _current_answer(self) -> Answer | None:
        """The answer as the widget holds it, or None (with a hint) if there is none."""
        if self.answer_widget is None:
            return None
        kind = answer_widget_kind(self.item)
        answer = kind.read(self.answer_widget, self.item)
        if answer is None:
            self.notify(kind.hint, timeout=3)
        return answer

    def _accepting(self) -> bool:
        """Whether input may act on this quiz now.

        Not once it is finished or no longer on screen, and not in the first moments
        after a question appears: a double Enter must not answer a question unseen.
        """
        if self._finished or not self.is_current:
            return False
        return time.monotonic() - self._shown_monotonic >= self.trainer.input_settle

    def submit(self) -> None:
        """Grade and save the current answer, then give feedback or move on."""
        if not self._accepting():
            return
        if self.awaiting_continue:
            self.next_question()
            return
        answer = self._current_answer()
        if answer is None:
            return
        if self.exam:
            # Kept as given, graded at hand-in: on to the next unanswered question.
            self._keep_draft()
            following = self._next_undrafted(self.index)
            if following is None:
                self.action_summary()
            else:
                self.show_question(following)
            return
        seconds = self.trainer.clock() - self.shown_at
        # Graded, scheduled and saved (fsync'd) before any feedback is shown.
        response = self.trainer.answer(self.run, self.item.question.id, answer, seconds)
        self._lock_answer()
        feedback = self.query_one("#feedback", Static)
        feedback.update(feedback_content(self.item, response, self._see_label()))
        feedback.display = True
        feedback.set_class(response.grade.correct, "right")
        feedback.set_class(not response.grade.correct, "wrong")
        self.query_one("#quiz-progress", ProgressBar).update(progress=self.attempt.answered)
        self.query_one("#submit", Button).display = False
        button = self.query_one("#continue", Button)
        button.label = "See results" if self.attempt.finished else "Continue"
        button.display = True
        # The scrolling body has the focus, so ↓ and PgDn reach a long explanation;
        # Enter (a screen binding) continues.
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.awaiting_continue = True
        self.refresh_bindings()
        self.call_after_refresh(self._reveal_feedback)

    def _lock_answer(self) -> None:
        if self.answer_widget is not None:
            lock_answer(self.answer_widget)

    def next_question(self) -> None:
        """Go to the next unanswered question, or to the results."""
        if self._finished or not self.is_current:
            return
        following = self.run.next_index()
        if following is None:
            self._finished = True
            self.trainer.finish_run(self.run)
            return
        self.show_question(following)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.awaiting_continue
        if action in ("go", "flag", "summary"):
            return self.exam
        if action == "undo":
            return self.awaiting_continue and self.run.last_answer is not None
        if action == "see":
            return self.awaiting_continue and self.item.question.see is not None
        if action == "answer_key":
            return self.preview
        return True

    @property
    def preview(self) -> bool:
        """Whether an instructor is previewing the quiz (``massage-trainer preview quiz``)."""
        return bool(getattr(self.app, "preview", False))

    def action_answer_key(self) -> None:
        """Show the instructor the answer key of the question on screen (previews only)."""
        from trainer.ui.screens.answer_key import AnswerKeyScreen

        if not self.preview or self._finished or not self.is_current:
            return
        where = f"Question {self.index + 1} of {self.attempt.total}"
        self.app.push_screen(AnswerKeyScreen(self.item, where))

    def _see_label(self) -> str | None:
        """ "Lesson — Section" of the section that teaches this question, if it names one."""
        see = self.item.question.see
        if see is None:
            return None
        from trainer.course.sections import find_section

        lesson_id, _, anchor = see.partition("#")
        lesson = self.trainer.course.lesson(lesson_id)
        section = find_section(lesson.body, anchor) if lesson else None
        if lesson is None or section is None:
            return None
        return f"{lesson.title} — {section.title}"

    def action_see(self) -> None:
        """Read the lesson section that teaches this question, then come back."""
        if self.awaiting_continue and self.item.question.see:
            self.trainer.show_section(self.item.question.see)

    def action_undo(self) -> None:
        """Take the answer just given back and ask the question again."""
        if not self.awaiting_continue or not self._accepting():
            return
        question_id = self.trainer.undo_run(self.run)
        if question_id is None:
            return
        index = next(
            i for i, item in enumerate(self.attempt.items) if item.question.id == question_id
        )
        self.show_question(index)
        self.notify("Answer taken back: it no longer counts. Answer again.", timeout=4)

    def action_continue(self) -> None:
        if self.awaiting_continue:
            self.next_question()

    @on(AnswerList.Submitted)
    @on(Input.Submitted, ".answer")
    def _submitted(self, event: AnswerList.Submitted | Input.Submitted) -> None:
        # A submission queued by the previous question's widget is stale: drop it.
        if event.control is self.answer_widget:
            self.submit()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#continue")
    def _continue_pressed(self) -> None:
        self.next_question()

    # ------------------------------------------------------------------ leaving

    def action_leave(self) -> None:
        """Ask before leaving: for now (carry on later) or for good; nothing given is lost."""
        from trainer.ui.screens.exam_dialogs import LeaveScreen

        if self._finished:
            return
        if self.exam:
            self._keep_draft()
            given = len(self.attempt.drafts)
        else:
            given = self.attempt.answered
        if given == 0 and not self.attempt.flagged:
            self.trainer.abandon_run(self.run)  # nothing to carry on with
            self.dismiss()
            return
        answers = "1 answer you gave is" if given == 1 else f"{given} answers you gave are"
        if self.review:
            question = (
                f"Leave this review? The {answers} saved. Leave it for now and carry on "
                "later (r on the home screen), or abandon it; the questions not answered "
                "stay due either way."
            )
        elif self.exam:
            clock = " (the time limit keeps running)" if self.run.deadline else ""
            question = (
                f"Leave the exam? The {answers} kept as given. Leave it for now and carry "
                f"on later from the home screen{clock}, or abandon it: it will not be scored."
            )
        else:
            what = "retake" if self.run.kind == "retake" else "quiz"
            question = (
                f"Leave this {what}? The {answers} saved. Leave it for now and carry on later "
                f"where you stopped, or abandon it: it will not be scored."
            )

        def leave(choice: str | None) -> None:
            if choice == "abandon":
                self.trainer.abandon_run(self.run)
            if choice is not None:
                self._finished = True
                self.dismiss()

        self.app.push_screen(LeaveScreen(question), leave)
