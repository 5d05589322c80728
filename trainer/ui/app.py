"""The Textual application: holds the course and the progress store, routes screens."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from trainer.progress.keys import REVIEW_QUIZ_ID
from trainer.text import plural
from trainer.ui.home_view import HomeView, home_view, lesson_standings
from trainer.ui.mastery_view import MasteryView
from trainer.ui.screens.home import HomeScreen
from trainer.ui.startup.cache import (
    Stamp,
    StartupCache,
    known_lessons,
    progress_stamp,
    write_cache,
)
from trainer.ui.startup.stage import Stage, Startup
from trainer.ui.themes import HIGH_CONTRAST, default_theme

if TYPE_CHECKING:
    from trainer.course.loader import LoadedCourse
    from trainer.course.models import Course, Quiz
    from trainer.course.reload import Reloaded
    from trainer.progress.errors import ProgressError
    from trainer.progress.store import ProgressStore
    from trainer.quiz.attempt import Response
    from trainer.quiz.grading import Answer
    from trainer.study.session import QuizRun, StudySession
    from trainer.ui.live_reload import CourseWatcher
    from trainer.ui.startup.plan import Session, SessionPlan

# Only what the first frame needs is imported above: pydantic, the course loader, the
# store and every screen but home are imported where first used (see launch.py).


def _freeze_start_up_objects() -> None:
    """Exempt what start-up built (modules, the course, the screens) from garbage collection.

    They live for the whole session, and scanning them in every full collection paused
    the app for 30-130 ms at random moments, such as while a lesson was opening
    (measured with ``gc.callbacks``). Objects made later are collected as usual; no
    collection first, as that would itself be such a pause.
    """
    gc.freeze()


class TrainerApp(App[None]):
    """massage-trainer: lessons, quizzes and progress in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "massage-trainer"
    COMMANDS = App.COMMANDS | {lambda: _course_commands()}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="app.quit"),
        Binding("question_mark", "help", "Help", show=False, id="help"),
        # Everywhere: live reload says "press ! to see" over whatever screen is open.
        Binding("exclamation_mark", "show_problems", "Problems", show=False, id="problems"),
    ]

    def __init__(
        self,
        plan: SessionPlan,
        session: Session | None,
        *,
        start_cache: StartupCache | None = None,
        theme: str | None = None,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        start_in: str | None = None,
        now: Callable[[], datetime] | None = None,
        startup_cache: bool = True,
        live_reload: bool = False,
        preview: bool = False,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.data_dir: Path = plan.data_dir
        self.profile = plan.profile
        self.startup = Startup(plan, session, start_cache)
        """Where the start is (see startup/stage.py); every action that needs the course
        or its quizzes asks it."""
        self.study: StudySession | None = None
        """The study core: every start, answer, finish and reset goes through it."""
        self.notices: list[str] = []
        self.write_startup_cache = startup_cache
        """Whether to save the start-up cache for the next start."""
        self.seed = seed
        """Fixed shuffling for tests and screenshots; None shuffles for real."""
        self.clock = clock
        """Seconds, for timing answers; tests pass a fake one."""
        self.now = now or (lambda: datetime.now(UTC))
        """The current moment (aware), for scheduling; tests pass a fixed one."""
        self.start_in = start_in
        self.live_reload = live_reload
        """Watch the course folder and show saved edits at once (see live_reload.py)."""
        self.preview = preview
        """An instructor's preview: progress goes to a throw-away folder, and the quiz
        screen offers the answer key."""
        self.watcher: CourseWatcher | None = None
        self._waiting_for: str | None = None
        """A preview's lesson or quiz that had problems at start, opened once fixed."""
        self.input_settle = 0.25
        """Seconds a new question ignores Enter for, so a doubled Enter or key repeat never
        answers a question unseen (tests set 0)."""
        self.mastery: MasteryView | None = None
        """Levels and due reviews, computed after the first frame (see refresh_mastery)."""
        self.keymap: dict[str, str] = {}
        """Keys remapped in settings.toml, by binding id (what the help screen lists)."""
        self.freeze_memory = False
        """Freeze what start-up built (see ``settle_memory``): only the real app, which
        ``run_app`` starts, does; under tests it would freeze every earlier test's garbage
        (measured: 228 MiB peak instead of 86)."""
        self._theme_ready = False
        self._markdown_theme_pushed = False
        self._explicit_theme = theme
        self._course_stamp: Stamp = ()
        self._progress_seen: Stamp | None = None
        self._saved_theme: str | None = start_cache.theme if start_cache else None
        if session is not None:
            self._adopt(session)
        self.register_theme(HIGH_CONTRAST)
        self._apply_theme()

    def _adopt(self, session: Session) -> None:
        from trainer.study.session import StudySession

        # Through the app, so a clock a test sets on the app later is the one used.
        self.study = StudySession(
            session.loaded.course,
            session.store,
            now=lambda: self.now(),
            max_reviews_per_day=session.max_reviews_per_day,
        )
        self.study.new_notices()  # these are in session.notices, shown at start
        self.notices = list(session.notices)
        self._apply_keys(session.keys)
        self._saved_theme = session.theme
        self._course_stamp = session.course_stamp
        self._note_progress_seen()

    def _apply_keys(self, keys: dict[str, str]) -> None:
        """Remap keys from settings.toml through Textual's keymap; report ids not known."""
        if not keys:
            return
        from trainer.ui.keys import checked_keymap, keymap_notice

        keymap, problems = checked_keymap(keys)
        self.keymap = keymap
        self.set_keymap(keymap)
        if notice := keymap_notice(problems):
            self.notices.append(notice)

    def _note_progress_seen(self) -> None:
        """Remember the state of the profile's files as this copy last read or wrote them.

        At exit the start-up cache is saved only if nobody else wrote them since: this copy's
        summary would not show another copy's answers (see on_unmount).
        """
        self._progress_seen = progress_stamp(self.data_dir, self.profile)

    def _apply_theme(self) -> None:
        wanted = self._explicit_theme or self._saved_theme
        self.theme = wanted if wanted in self.available_themes else default_theme()

    @property
    def store(self) -> ProgressStore | None:
        """The profile's progress (None when it is not saved in this session)."""
        return self.study.store if self.study is not None else None

    @property
    def loaded(self) -> LoadedCourse | None:
        """The course; None only before the first frame, when it is drawn from the cache."""
        return self.startup.loaded

    @property
    def start_cache(self) -> StartupCache | None:
        """The start-up cache the first frame was drawn from, if any (see finish_start)."""
        return self.startup.cache

    @property
    def quizzes_pending(self) -> bool:
        """True while the quizzes are parsed in the background."""
        return self.startup.quizzes_pending

    @property
    def launch_error(self) -> str | None:
        """Why the app could not start after its first frame (the CLI prints it)."""
        return self.startup.launch_error

    def _still_loading(self, needs: Stage = Stage.READY) -> bool:
        """True (and the student is told) when what was asked needs more of the start."""
        message = self.startup.still_loading(needs)
        if message is not None:
            self.notify(message, timeout=4, markup=False)
        return message is not None

    @property
    def course(self) -> Course:
        assert self.loaded is not None, "the course is loaded right after the first frame"
        return self.loaded.course

    def home_view(self) -> HomeView:
        """What the home screen lists now (from the start-up cache until the course is loaded)."""
        if self.startup.stage is Stage.FIRST_FRAME:
            assert self.start_cache is not None
            return self.start_cache.view
        return home_view(self.course, self.store, self.mastery.levels if self.mastery else None)

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: the app takes it up a moment later.
        self._guard_size(event.size.width, event.size.height)

    def _guard_size(self, width: int | None = None, height: int | None = None) -> None:
        """Cover the app with a size message below 80x24; take it away when it fits."""
        from trainer.ui.screens.too_small import TooSmallScreen, too_small

        if width is None or height is None:
            width, height = self.size
        covered = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height) and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not too_small(width, height):
            self.pop_screen()

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the stack: no empty default screen to compose first.
        return HomeScreen()

    def on_mount(self) -> None:
        self.title = self.home_view().title
        self.sub_title = f"profile: {self.profile}"
        if self.startup.stage is not Stage.FIRST_FRAME:
            self._announce_start()

    def _announce_start(self) -> None:
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=30, markup=False)
        if self.loaded and self.loaded.problems and self.startup.stage is Stage.READY:
            self._announce_problems()

    def _announce_problems(self) -> None:
        assert self.loaded is not None
        count = len(self.loaded.problems)
        self.notify(
            f"{count} problem{'s' * (count != 1)} in the course files; press ! to see them.",
            severity="warning",
            timeout=8,
            markup=False,
        )

    def settle_memory(self) -> None:
        """Exempt start-up's objects from garbage collection, in the real app only."""
        if self.freeze_memory:
            _freeze_start_up_objects()

    def watch_theme(self, theme: str) -> None:
        if self._markdown_theme_pushed:
            self._apply_markdown_theme()
        # Remember the student's choice from the theme picker (not the start-up default).
        if not self._theme_ready:
            return
        from trainer.progress.settings import Settings, save_settings

        try:
            save_settings(self.data_dir, Settings(theme=theme))
        except OSError as exc:
            self.notify(
                f"Could not save the theme choice: {exc.strerror or exc}", timeout=5, markup=False
            )
        else:
            self._saved_theme = theme
            self._note_progress_seen()  # the settings file is part of what is stamped

    def _apply_markdown_theme(self) -> None:
        """Give lesson Markdown the current theme's colours (see markdown_theme.py)."""
        from trainer.ui.markdown_theme import markdown_theme

        if self._markdown_theme_pushed:
            self.console.pop_theme()
        self.console.push_theme(markdown_theme(self.get_css_variables()))
        self._markdown_theme_pushed = True

    def on_ready(self) -> None:
        self._guard_size()
        # After the first frame, so this work does not delay showing the home screen.
        if self.startup.stage is Stage.FIRST_FRAME and not self.finish_start():
            return
        self._theme_ready = True
        self._apply_markdown_theme()
        self.save_startup_cache()
        self.set_timer(0.05, self._prepare_reader)
        if self.quizzes_pending:
            self.settle_memory()
            self.load_quizzes()
        else:
            self.refresh_mastery()
            self.settle_memory()  # before any other screen opens: that one should be freed
            self._open_start_screen()

    def finish_start(self) -> bool:
        """Load the course and open the store after a first frame drawn from the start-up cache.

        The home screen is corrected if the cache differs from what was loaded. If the
        progress cannot be opened the app ends, as it would have before its first frame.
        """
        from trainer.ui.startup.plan import LaunchError

        try:
            session = self.startup.open()
        except LaunchError:
            self.exit(return_code=2)  # launch_error says why; nothing else runs
            return False
        self._adopt(session)
        self._apply_theme()
        if self.start_cache is None or self.home_view() != self.start_cache.view:
            self.title = self.course.info.title
            self._refresh_home()
        self._announce_start()
        return True

    def _prepare_reader(self) -> None:
        """Import the lesson reader and its Markdown parser while the student looks around.

        Done once, shortly after start-up, so that opening the first lesson costs no more
        than opening any other (the imports alone took 30-60 ms of the first opening).
        """
        from trainer.ui.screens.lesson import render_markdown

        render_markdown("# warm-up\n\n- a list, *emphasis* and `code`\n")

    def save_startup_cache(self) -> None:
        """Save what the first frame of the next start should show (see startup/cache.py)."""
        if not self.write_startup_cache or self.loaded is None:
            return
        view = home_view(self.course, self.store, before_quizzes=True)
        standings = lesson_standings(self.course, self.store)
        cache = StartupCache(
            view,
            self._saved_theme,
            standings,
            lessons=known_lessons(self.course.lessons, self._course_stamp, self.course.root),
        )
        write_cache(self.data_dir, self.profile, self.plan.course_root, cache, self._course_stamp)

    def _refresh_home(self) -> None:
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None:
            home.refresh_list()

    def _open_start_screen(self) -> None:
        """Honour ``massage-trainer review`` once the quizzes are there (only once)."""
        start_in, self.start_in = self.start_in, None
        self._start_watching()
        if start_in == "review":
            self.start_review()
        elif start_in is not None and start_in.startswith(("lesson:", "quiz:")):
            self._open_preview(start_in)

    def _open_preview(self, target: str) -> None:
        """Open ``lesson:ID`` or ``quiz:ID``; one that does not load yet opens once it does.

        An instructor previewing a file with a mistake fixes it with the preview open:
        the fixed save brings it up.
        """
        kind, _, item_id = target.partition(":")
        available = (
            self.course.lesson(item_id) is not None
            if kind == "lesson"
            else item_id in self.course.quizzes
        )
        if not available:
            if self._waiting_for is None:
                self.notify(
                    f"The {kind} {item_id!r} has problems, so it is not shown yet: press ! to "
                    "see them. It opens here as soon as a save fixes them.",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            self._waiting_for = target
            return
        self._waiting_for = None
        if kind == "lesson":
            self.open_lesson(item_id)
        else:
            self.start_quiz(item_id)

    def _start_watching(self) -> None:
        """Watch the course folder once everything is loaded (see live_reload.py)."""
        if not self.live_reload or self.watcher is not None:
            return
        from trainer.ui.live_reload import CourseWatcher

        self.watcher = CourseWatcher(
            self, self.course.root, lambda: self.loaded, self.course_reloaded
        )
        self.watcher.start()

    def course_reloaded(self, reloaded: Reloaded, stamp: Stamp | None = None) -> None:
        """Show a course loaded again after its files changed.

        An open quiz keeps the questions it started with (its run holds them); the next
        attempt uses the new ones. Progress is kept by id, so nothing of it changes.
        """
        from trainer.ui.screens.lesson import LessonScreen
        from trainer.ui.screens.problems import ProblemsScreen
        from trainer.ui.screens.quiz import QuizScreen

        if self.startup.stage is not Stage.READY:
            return
        loaded = reloaded.loaded
        self.startup.reloaded(loaded)
        if stamp is not None:
            self._course_stamp = stamp  # the start-up cache is saved for this course
        if self.study is not None:
            self.study.course = loaded.course
        self.title = self.course.info.title
        # A lesson's text alone (the usual save) changes neither the list nor mastery:
        # working those out again took half a second on a 1,000-lesson course.
        if reloaded.listing_changed or reloaded.quizzes_changed:
            self.refresh_mastery()
            if self.store is None:
                self._refresh_home()
        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen):
                lesson = self.course.lesson(screen.lesson.id)
                if lesson is not None and lesson is not screen.lesson:
                    screen.reload(lesson)
            elif isinstance(screen, ProblemsScreen):
                screen.show_problems(loaded.problems)
        severity = "warning" if reloaded.kept else "information"
        summary = reloaded.summary()
        taking = {
            screen.run.attempt.quiz.source
            for screen in self.screen_stack
            if isinstance(screen, QuizScreen) and screen.run.attempt.quiz.source is not None
        }
        if taking & set(reloaded.changed):
            summary += (
                "; the quiz open now keeps its questions: the edit applies from the next attempt"
            )
        self.notify(summary, severity=severity, timeout=4, markup=False)
        if self._waiting_for is not None:
            self._open_preview(self._waiting_for)

    def refresh_mastery(self) -> None:
        """Recompute levels and due reviews, and update the home screen."""
        if self.store is None or self.quizzes_pending:
            return
        self.mastery = MasteryView.compute(self.course, self.store.summary, self.now())
        self._refresh_home()

    @work(thread=True, exclusive=True)
    def load_quizzes(self) -> None:
        """Parse the quizzes in the background (large courses start without them)."""
        from trainer.course.loader import load_course

        loaded = load_course(self.course.root)
        self.call_from_thread(self._quizzes_loaded, loaded)

    def _quizzes_loaded(self, loaded: LoadedCourse) -> None:
        self.startup.quizzes_loaded(loaded)
        if self.study is not None:
            self.study.course = loaded.course
        self.refresh_mastery()
        if loaded.problems:
            self._announce_problems()
        self.settle_memory()
        self._open_start_screen()

    # ------------------------------------------------------------------ navigation

    def _show(self, screen: Screen[None], replace: bool) -> None:
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_lesson(
        self, lesson_id: str, *, replace: bool = False, section: str | None = None
    ) -> None:
        """Open the reader on a lesson (at the section with slug ``section``, if given)."""
        from trainer.ui.screens.lesson import LessonScreen

        if self._still_loading(Stage.LESSONS):
            return
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            self.notify(f"Lesson {lesson_id!r} is not available.", severity="error", markup=False)
            return
        # One reader, installed once and reused: composing a new screen per lesson costs
        # more than the lesson's text does.
        if not self.is_screen_installed("lesson"):
            reader = LessonScreen(lesson)
            reader.start_section = section
            self.install_screen(reader, "lesson")
        else:
            reader = self.get_screen("lesson")
            assert isinstance(reader, LessonScreen)
            reader.start_section = section
            if reader in self.screen_stack:
                # Back down to the reader (e.g. from a quiz's results) rather than a copy.
                while self.screen is not reader:
                    self.pop_screen()
                if reader.lesson.id != lesson.id or section:
                    reader.load(lesson)
                return
            if reader.is_mounted:
                reader.load(lesson)
            else:
                reader.lesson = lesson
        if replace:
            self.switch_screen("lesson")
        else:
            self.push_screen("lesson")

    def start_lesson_quiz(self, lesson_id: str) -> None:
        """Start the quiz that tests a lesson; with several, ask which; or say why there
        is none."""
        if self._still_loading():  # the link may be in a quiz file not read yet
            return
        lesson = self.course.lesson(lesson_id)
        quiz_ids = self.course.lesson_quizzes.get(lesson_id, ()) if lesson else ()
        if lesson is None or not quiz_ids:
            self.notify("This lesson has no quiz.", timeout=3)
            return
        if len(quiz_ids) == 1:
            # On top of the reader (if it is open), so leaving the quiz returns to the lesson.
            self.start_quiz(quiz_ids[0])
            return
        from trainer.ui.screens.quiz_chooser import QuizChooser, quiz_choices

        def chosen(quiz_id: str | None) -> None:
            if quiz_id is not None:
                self.start_quiz(quiz_id)

        choices = quiz_choices(self.course, self.store, quiz_ids)
        self.push_screen(QuizChooser(lesson.title, choices), chosen)

    def start_quiz(
        self,
        quiz_id: str,
        *,
        question_ids: list[str] | None = None,
        replace: bool = False,
        quiz: Quiz | None = None,
    ) -> None:
        """Begin an attempt at a quiz (or at some of its questions)."""
        from trainer.ui.screens.quiz import QuizScreen

        if quiz is None and self._still_loading():
            return
        quiz = quiz or self.course.quizzes.get(quiz_id)
        if quiz is None:
            self.notify(
                f"The quiz {quiz_id!r} could not be loaded; press ! on the home screen to see why.",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return
        assert self.study is not None
        study = self.study
        left = study.resumable(quiz.id) if question_ids is None else None

        def begin(go: bool | None = True) -> None:
            if not go:
                return
            if left is not None:
                if self._resume(left.attempt_id, replace=replace):
                    return
                study.close_attempt(left.attempt_id)  # its quiz changed past taking up
            run = study.start_quiz(quiz, question_ids=question_ids, seed=self.seed)
            self._after_saving(run.unsaved_reason)
            title = quiz.title
            if run.attempt.partial:
                missed = plural(run.attempt.total, "missed question")
                title = (
                    f"Review: {missed} again" if run.review else f"{quiz.title}: retake of {missed}"
                )
            self._show(QuizScreen(run, title=title, exam=run.exam), replace)

        if quiz.mode == "exam" and question_ids is None:
            from trainer.study.session import deadline_of
            from trainer.ui.screens.exam_dialogs import ExamIntroScreen, time_left

            remaining = None
            deadline = deadline_of(quiz, left.started_at) if left is not None else None
            if deadline is not None:
                remaining = (
                    time_left(deadline, self.now())
                    if deadline > self.now()
                    else "Time is up: it is handed in as it stands."
                )
            given = left.given if left else None
            self.push_screen(ExamIntroScreen(quiz, given=given, left=remaining), begin)
        else:
            begin()

    def _resume(self, attempt_id: str, *, replace: bool = False) -> bool:
        """Take up an attempt left part way; False if it can no longer be (start afresh)."""
        from trainer.ui.screens.quiz import QuizScreen

        assert self.study is not None
        resumed = self.study.resume(attempt_id)
        if resumed is None:
            return False
        run = resumed.run
        given = len(run.attempt.drafts) if run.exam else run.attempt.answered
        self.notify(
            f"Carrying on where you left off: {given} of {run.attempt.total} answered. "
            "(Escape, then Abandon, starts afresh.)",
            timeout=6,
            markup=False,
        )
        if resumed.notice:
            self.notify(resumed.notice, severity="warning", timeout=10, markup=False)
        self._show(QuizScreen(run, title=run.quiz.title, exam=run.exam), replace)
        return True

    def save_draft(
        self,
        run: QuizRun,
        question_id: str,
        answer: Answer | None,
        *,
        flagged: bool,
        seconds: float,
    ) -> None:
        """Keep an exam answer as given (on disk when this returns); show any problem."""
        assert self.study is not None
        self._after_saving(
            self.study.save_draft(run, question_id, answer, flagged=flagged, seconds=seconds)
        )

    def hand_in_run(self, run: QuizRun, *, timed_out: bool = False) -> None:
        """Grade an exam's final answers, save them once, and show the results."""
        from trainer.ui.screens.results import ResultsScreen

        assert self.study is not None
        self._after_saving(self.study.hand_in(run))
        if timed_out:
            self.notify("Time is up: your exam was handed in.", severity="warning", timeout=8)
        self.refresh_mastery()
        self.switch_screen(ResultsScreen(run.attempt, review=run.review))

    async def action_quit(self) -> None:
        """Quit; in an exam, ask first (its answers are kept, to carry on later)."""
        from trainer.ui.screens.confirm import ConfirmScreen
        from trainer.ui.screens.quiz import QuizScreen

        exam = next((s for s in self.screen_stack if isinstance(s, QuizScreen) and s.exam), None)
        if exam is None or getattr(self.screen, "asks_to_quit", False):
            self.exit()
            return
        exam.keep_answer()  # what is marked on screen, as Escape and Leave would keep it

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        confirm = ConfirmScreen(
            "Quit now? Your exam answers are kept as given: carry on with the exam "
            "from the home screen next time.",
            yes="Quit",
            no="Keep going",
        )
        confirm.asks_to_quit = True  # type: ignore[attr-defined]  # Ctrl+Q again quits
        self.push_screen(confirm, answered)

    def answer(self, run: QuizRun, question_id: str, answer: Answer, seconds: float) -> Response:
        """Grade, schedule and save an answer (on disk when this returns); show any problem."""
        assert self.study is not None
        answered = self.study.answer(run, question_id, answer, seconds)
        self._after_saving(answered.error)
        return answered.response

    def show_section(self, see: str) -> None:
        """Show the lesson section a question names (``see = "lesson#slug"``) in place."""
        from trainer.course.sections import find_section
        from trainer.ui.screens.section import SectionScreen

        lesson_id, _, anchor = see.partition("#")
        lesson = self.course.lesson(lesson_id)
        section = find_section(lesson.body, anchor) if lesson else None
        if lesson is None or section is None:
            self.notify(f"The section {see!r} is no longer in the course.", timeout=4, markup=False)
            return
        self.push_screen(SectionScreen(lesson, section, anchor))

    def undo_run(self, run: QuizRun) -> str | None:
        """Take back the run's last answer (saved as such); the question to ask again."""
        assert self.study is not None
        question_id, problem = self.study.undo(run)
        self._after_saving(problem)
        return question_id

    def finish_run(self, run: QuizRun) -> None:
        """Score the run, save the result and show it."""
        from trainer.ui.screens.results import ResultsScreen

        assert self.study is not None
        self._after_saving(self.study.finish(run))
        self.refresh_mastery()
        self.switch_screen(ResultsScreen(run.attempt, review=run.review))

    def _quiz_in_progress(self) -> bool:
        """True (and the student is told) while a quiz is open: one thing at a time."""
        from trainer.ui.screens.quiz import QuizScreen

        if any(isinstance(screen, QuizScreen) for screen in self.screen_stack):
            self.notify("Finish or leave the quiz first (Escape leaves it).", timeout=4)
            return True
        return False

    def start_review(self) -> None:
        """Review every question due today, hardest first; or say when the next falls due."""
        from trainer.ui.screens.quiz import QuizScreen

        if self._quiz_in_progress() or self._still_loading():
            return
        if self.study is None or self.study.store is None:
            self.notify("Progress is not being saved.", timeout=6)
            return
        left = self.study.resumable(REVIEW_QUIZ_ID)
        if left is not None and self._resume(left.attempt_id):
            return
        # The queue is worked out now, from the progress as it is on disk (another copy
        # of the app may have answered since the home screen was drawn).
        run = self.study.start_review(seed=self.seed)
        if run is None and self.study.reviews_left_today() == 0:
            self.notify(
                f"That is today's {self.study.max_reviews_per_day} reviews "
                "(max_reviews_per_day in settings.toml): the rest wait for tomorrow.",
                timeout=8,
                markup=False,
            )
            return
        if run is None:
            self.refresh_mastery()
            view = self.mastery
            message = view.nothing_due_message() if view else "Nothing is due for review."
            self.notify(message, timeout=6, markup=False)
            return
        self._after_saving(run.unsaved_reason)
        self.push_screen(QuizScreen(run, title=run.quiz.title, exam=False))

    def action_study_ahead(self) -> None:
        self.study_ahead()

    def study_ahead(self) -> None:
        """Review the next questions by due date before they fall due (clearly labelled)."""
        from trainer.ui.screens.quiz import QuizScreen

        if self._quiz_in_progress() or self._still_loading():
            return
        if self.study is None or self.study.store is None:
            self.notify("Progress is not being saved.", timeout=6)
            return
        run = self.study.start_study_ahead(seed=self.seed)
        if run is None:
            self.notify("Nothing is scheduled yet: answer some quiz questions first.", timeout=5)
            return
        self._after_saving(run.unsaved_reason)
        self.push_screen(QuizScreen(run, title=run.quiz.title, exam=False))

    def practise_questions(self, questions: list[tuple[str, str]], title: str) -> None:
        """Practise exactly ``questions`` ((quiz id, question id)), e.g. the most missed."""
        from trainer.ui.screens.quiz import QuizScreen

        if self._quiz_in_progress() or self._still_loading():
            return
        assert self.study is not None
        run = self.study.start_practice(questions, title=title, seed=self.seed)
        if run is None:
            self.notify("Those questions are no longer in the course.", timeout=4)
            return
        self._after_saving(run.unsaved_reason)
        self.push_screen(QuizScreen(run, title=run.quiz.title, exam=False))

    def practice_weakest(self) -> None:
        """Start the quiz of the lesson with the lowest mastery (of a lesson with several,
        the one done worst on)."""
        if self._quiz_in_progress() or self._still_loading():
            return
        view = self.mastery
        if view is None or view.weakest is None:
            self.notify(
                "Nothing to practise yet: take a lesson's quiz first, and your weakest "
                "lesson will show up here.",
                timeout=5,
            )
            return
        lesson = self.course.lesson(view.weakest)
        level = view.levels.get(view.weakest)
        quiz = self._weakest_quiz(view.weakest)
        if lesson is not None and level is not None:
            # Say which lesson (and which of its quizzes) and why, before the quiz
            # covers the screen.
            which = (
                f" ({quiz.title!r})" if quiz and len(self.course.quizzes_for(lesson)) > 1 else ""
            )
            self.notify(
                f"Practising {lesson.title!r}{which}: your weakest lesson so far "
                f"(mastery: {level.lower()}).",
                timeout=6,
                markup=False,
            )
        if quiz is not None:
            self.start_quiz(quiz.id)
        else:
            self.start_lesson_quiz(view.weakest)

    def _weakest_quiz(self, lesson_id: str) -> Quiz | None:
        """The lesson's quiz the student has done worst on (see ``review.weakest_quiz``)."""
        from trainer.mastery.review import weakest_quiz

        if self.store is None:
            return None
        summary = self.store.summary
        quiz_id = weakest_quiz(
            self.course, lesson_id, summary.questions, summary.quizzes, self.now()
        )
        return self.course.quizzes.get(quiz_id) if quiz_id is not None else None

    def show_progress(self) -> None:
        """Open the progress screen."""
        from trainer.ui.screens.progress import ProgressScreen

        if self._quiz_in_progress() or self._still_loading():
            return
        if self.store is None:
            self.notify("Progress is not being saved in this session.", timeout=4)
            return
        self.push_screen(ProgressScreen())

    def reset(self, lesson_id: str | None) -> None:
        """Forget one lesson's progress (or the whole profile's), after asking first."""
        from trainer.ui.screens.confirm import ConfirmScreen

        # A lesson's quiz may be linked from the quiz file only: wait for them all.
        if self._quiz_in_progress() or self._still_loading():
            return
        if self.store is None or self.data_dir is None or self.store.read_only:
            self.notify("Progress cannot be reset in this session.", timeout=4)
            return
        if lesson_id is None:
            question = (
                f"Forget ALL progress of profile {self.store.profile!r}? A complete copy "
                "is kept in the backups folder, so it can be brought back."
            )
        else:
            lesson = self.course.lesson(lesson_id)
            title = lesson.title if lesson else lesson_id
            question = (
                f"Forget your progress in {title!r} (reading, answers and scores)? "
                "A complete copy is kept in the backups folder, so it can be brought back."
            )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._do_reset(lesson_id)

        self.push_screen(ConfirmScreen(question, yes="Forget", no="Keep"), answered)

    def _do_reset(self, lesson_id: str | None) -> None:
        from trainer.progress.errors import ProgressError

        assert self.study is not None
        result = None
        try:
            result = self.study.reset(lesson_id)
        except KeyError:
            self.notify("Reset failed; nothing was lost: no such lesson.", severity="error")
        except (OSError, ProgressError) as exc:
            if self.study.store is None:
                self.notify(
                    f"Progress could not be reopened ({exc}); this session no longer saves. "
                    "Restart the app.",
                    severity="error",
                    timeout=15,
                    markup=False,
                )
            else:
                self.notify(
                    f"Reset failed; nothing was lost: {exc}",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
        self._note_progress_seen()
        self._show_new_notices()
        if result is not None:
            kept = result.replaced or result.backup
            self.notify(
                f"Done. Your progress as it was is kept in {kept}", timeout=10, markup=False
            )
        self.refresh_mastery()
        refresh = getattr(self.screen, "refresh_view", None)
        if callable(refresh):
            refresh()

    # ------------------------------------------------------------------ saving

    def _after_saving(self, problem: ProgressError | str | None) -> None:
        """Show why something was not saved (the student's place is kept either way)."""
        from trainer.progress.errors import AttemptNotOpen

        if problem is None:
            self._note_progress_seen()
        elif isinstance(problem, AttemptNotOpen | str):
            self.notify(str(problem), severity="warning", timeout=8, markup=False)
        else:
            self.notify(
                f"{save_failure(problem)}. Your answers are kept in this session; check the "
                "disk and try again.",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._show_new_notices()

    def _show_new_notices(self) -> None:
        """Say what the store found since (its record replaced elsewhere, a file moved)."""
        if self.study is None:
            return
        fresh = self.study.new_notices()
        for notice in fresh:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        if fresh:
            self.refresh_mastery()

    def abandon_run(self, run: QuizRun) -> None:
        """Close a run left half way (its answers stay saved)."""
        assert self.study is not None
        self._after_saving(self.study.abandon(run))
        self.refresh_mastery()

    def page_end_seen(self, lesson_id: str, page: int, page_count: int) -> None:
        """Note that a lesson page was read to its end, and save how far the lesson is read."""
        if self.study is not None:
            self._after_saving(self.study.page_end_seen(lesson_id, page, page_count))

    def pages_read(self, lesson_id: str, page_count: int | None = None) -> frozenset[int]:
        """Pages of ``lesson_id`` read to their end in this run of the app."""
        if self.study is None:
            return frozenset()
        return self.study.reading.pages_read(lesson_id, page_count)

    # ------------------------------------------------------------------ actions

    def action_start_review(self) -> None:
        self.start_review()

    def action_practice_weakest(self) -> None:
        self.practice_weakest()

    def action_show_progress(self) -> None:
        self.show_progress()

    def action_help(self) -> None:
        """Show keys, where progress is saved and the course's About text."""
        from trainer.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen) or self._still_loading(Stage.LESSONS):
            return
        if self.store is None:
            saved = "Progress is not being saved in this session."
        else:
            saved = self.store.path_description()
            for notice in self.notices:
                saved += f"\nAt start-up: {notice}"
            if self.store.read_only:
                saved += (
                    "\nThis session is read-only: another copy of the app has the profile open."
                )
        self.push_screen(HelpScreen(saved, self.course.info.about, self.course.info.title))

    def action_show_problems(self) -> None:
        """List the problems found in the course files."""
        from trainer.ui.screens.problems import ProblemsScreen

        if self._still_loading():
            return
        assert self.loaded is not None
        if not self.loaded.problems:
            self.notify("No problems were found in the course files.", timeout=3)
            return
        self.push_screen(ProblemsScreen(self.loaded.problems))

    def open_from_palette(self, lesson_id: str) -> None:
        """Open a lesson chosen in the command palette (not over an open quiz)."""
        if not self._quiz_in_progress():
            self.open_lesson(lesson_id)

    def quiz_from_palette(self, quiz_id: str) -> None:
        """Start a quiz chosen in the command palette (not over an open quiz)."""
        if not self._quiz_in_progress():
            self.start_quiz(quiz_id)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # The student's commands only: Textual's Maximize and Screenshot are tools for
        # developers, and the course's problems are for its instructor (listed when
        # there are any).
        for command in super().get_system_commands(screen):
            if command.title not in ("Maximize", "Minimize", "Screenshot"):
                yield command
        yield SystemCommand("Help", "Keys, and where progress is saved", self.action_help)
        yield SystemCommand("Review", "Questions due for review today", self.start_review)
        yield SystemCommand(
            "Study ahead", "The next questions by due date, before they are due", self.study_ahead
        )
        yield SystemCommand(
            "Progress", "Mastery, scores, streak and reviews ahead", self.show_progress
        )
        yield SystemCommand(
            "Practice weakest", "The quiz of your lowest-mastery lesson", self.practice_weakest
        )
        yield SystemCommand(
            "Reset all progress",
            "Forget this profile's progress (backup kept)",
            lambda: self.reset(None),
        )
        if self.loaded is not None and self.loaded.problems and not self.quizzes_pending:
            yield SystemCommand(
                "Course problems",
                "Problems found in the lesson and quiz files (for the instructor)",
                self.action_show_problems,
            )

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.store is not None:
            untouched = progress_stamp(self.data_dir, self.profile) == self._progress_seen
            # No start-up cache after a failed close: the disk just refused a write.
            if self._close_store() and untouched:
                self.save_startup_cache()  # after the store's last write: its files are stamped

    def _close_store(self) -> bool:
        """Close the store; False if its last save failed. Never raises: quitting must work.

        Nothing is lost when the disk refuses here (full, or turned read-only): every
        answer was fsync'd to the history when given, and a summary that could not be
        saved is brought up to date from the history at the next open.
        """
        from trainer.progress.errors import ProgressError

        assert self.store is not None
        try:
            return self.store.close()
        except (OSError, ProgressError):  # close() says so itself; this is the last guard
            return False


def _course_commands() -> type:
    """The palette's lessons and quizzes, imported when the palette first opens."""
    from trainer.ui.commands import CourseCommands

    return CourseCommands


def save_failure(exc: Exception) -> str:
    """Why a save failed, said once: the store's messages already begin "Could not save"."""
    if isinstance(exc, OSError):
        return f"Could not save progress: {exc.strerror or exc}"
    reason = str(exc).rstrip(". ")
    return (
        reason
        if reason.lower().startswith("could not save")
        else f"Could not save progress: {reason}"
    )
