"""The Textual application: holds the course and the progress store, routes screens."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from trainer.course.loader import LoadedCourse, load_course
from trainer.course.models import Course, Quiz
from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore
from trainer.quiz.attempt import Attempt, Response
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.lesson import LessonScreen
from trainer.ui.screens.problems import ProblemsScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.themes import HIGH_CONTRAST, default_theme


def question_key(quiz_id: str, question_id: str) -> str:
    """The progress store's key for a question: ids are unique only within a quiz."""
    return f"{quiz_id}/{question_id}"


class TrainerApp(App[None]):
    """massage-trainer: lessons, quizzes and progress in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "massage-trainer"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        loaded: LoadedCourse,
        store: ProgressStore | None,
        *,
        notices: Iterable[str] = (),
        quizzes_pending: bool = False,
        theme: str | None = None,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.store = store
        self.notices = list(notices)
        self.quizzes_pending = quizzes_pending
        self.seed = seed
        """Fixed shuffling for tests and snapshots; None shuffles for real."""
        self.clock = clock
        """Seconds, for timing answers; tests pass a fake one."""
        self.register_theme(HIGH_CONTRAST)
        self.theme = theme or default_theme()

    @property
    def course(self) -> Course:
        return self.loaded.course

    def on_mount(self) -> None:
        profile = self.store.profile if self.store else "no profile"
        self.title = self.course.info.title
        self.sub_title = f"profile: {profile}"
        self.push_screen(HomeScreen())
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        if self.loaded.problems:
            count = len(self.loaded.problems)
            self.notify(
                f"{count} problem{'s' * (count != 1)} in the course files; press ! to see them.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        if self.quizzes_pending:
            self.load_quizzes()

    @work(thread=True, exclusive=True)
    def load_quizzes(self) -> None:
        """Parse the quizzes in the background (large courses start without them)."""
        loaded = load_course(self.course.root)
        self.call_from_thread(self._quizzes_loaded, loaded)

    def _quizzes_loaded(self, loaded: LoadedCourse) -> None:
        self.loaded = loaded
        self.quizzes_pending = False
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_list()

    # ------------------------------------------------------------------ navigation

    def _show(self, screen: Screen[None], replace: bool) -> None:
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_lesson(self, lesson_id: str, *, replace: bool = False) -> None:
        """Open the reader on a lesson."""
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            self.notify(f"Lesson {lesson_id!r} is not available.", severity="error", markup=False)
            return
        self._show(LessonScreen(lesson), replace)

    def start_lesson_quiz(self, lesson_id: str) -> None:
        """Start the quiz that tests a lesson, or say why there is none."""
        lesson = self.course.lesson(lesson_id)
        quiz_id = self.course.lesson_quiz.get(lesson_id) if lesson else None
        if quiz_id is None:
            self.notify("This lesson has no quiz.", timeout=3)
            return
        replace = isinstance(self.screen, LessonScreen)
        self.start_quiz(quiz_id, replace=replace)

    def start_quiz(
        self,
        quiz_id: str,
        *,
        question_ids: list[str] | None = None,
        replace: bool = False,
        quiz: Quiz | None = None,
    ) -> None:
        """Begin an attempt at a quiz (or at some of its questions)."""
        quiz = quiz or self.course.quizzes.get(quiz_id)
        if quiz is None:
            if self.quizzes_pending:
                message = "Quizzes are still loading; try again in a moment."
            else:
                message = (
                    f"The quiz {quiz_id!r} could not be loaded; press ! on the home "
                    "screen to see why."
                )
            self.notify(message, severity="warning", timeout=5, markup=False)
            return
        attempt = Attempt.start(quiz, question_ids=question_ids, seed=self.seed)
        attempt_id = self._store_call(
            "start_attempt",
            quiz.id,
            quiz.mode,
            [question_key(quiz.id, item.question.id) for item in attempt.items],
        )
        screen = QuizScreen(attempt, attempt_id, title=quiz.title, exam=quiz.mode == "exam")
        self._show(screen, replace)

    def finish_attempt(self, attempt_id: str | None, attempt: Attempt, *, review: bool) -> None:
        """Score the attempt, save the result and show it."""
        if attempt_id is not None:
            self._store_call("finish_attempt", attempt_id, attempt.score, attempt.passed)
        self.switch_screen(ResultsScreen(attempt, review=review))

    # ------------------------------------------------------------------ saving

    def _store_call(self, method: str, *args: object) -> object:
        """Call the store; a failure is shown to the student, never a crash."""
        if self.store is None or self.store.read_only:
            return None
        try:
            return getattr(self.store, method)(*args)
        except (OSError, ProgressError) as exc:
            self.notify(
                f"Could not save progress: {exc}. Your answers are kept "
                "in this session; check the disk and try again.",
                severity="error",
                timeout=10,
                markup=False,
            )
            return None

    def record_answer(self, attempt_id: str | None, quiz_id: str, response: Response) -> None:
        """Save one answer (fsync'd before this returns)."""
        if attempt_id is None:
            return
        self._store_call(
            "record_answer",
            attempt_id,
            question_key(quiz_id, response.question_id),
            response.answer,
            response.grade.correct,
            response.seconds,
        )

    def abandon_attempt(self, attempt_id: str | None) -> None:
        """Mark an attempt as left half way (its answers stay saved)."""
        if attempt_id is not None:
            self._store_call("abandon_attempt", attempt_id)

    def record_lesson_progress(self, lesson_id: str, fraction: float) -> None:
        """Save how far a lesson has been read."""
        self._store_call("record_lesson_progress", lesson_id, fraction)

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        """Show keys, where progress is saved and the course's About text."""
        if isinstance(self.screen, HelpScreen):
            return
        if self.store is None:
            saved = "Progress is not being saved in this session."
        else:
            saved = self.store.path_description()
            if self.store.read_only:
                saved += (
                    "\nThis session is read-only: another copy of the app has the profile open."
                )
        self.push_screen(HelpScreen(saved, self.course.info.about, self.course.info.title))

    def action_show_problems(self) -> None:
        """List the problems found in the course files."""
        if not self.loaded.problems:
            self.notify("No problems were found in the course files.", timeout=3)
            return
        self.push_screen(ProblemsScreen(self.loaded.problems))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys, and where progress is saved", self.action_help)
        yield SystemCommand(
            "Course problems",
            "Problems found in the lesson and quiz files",
            self.action_show_problems,
        )

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def course_root_or_builtin(course: Path | None) -> Path:
    """The course folder to open."""
    from trainer.course.builtin import builtin_course_dir

    return course if course is not None else builtin_course_dir()
