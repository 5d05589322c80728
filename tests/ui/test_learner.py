"""What the app tells a learner about their scores is true, and offers only what works."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import choice_key, make_app, screen_text, write_course
from tests.ui.test_flow import TWO_SINGLES
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen


async def _choose(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """Answer with ``label`` and go on past the feedback."""
    await pilot.press(choice_key(pilot.app, label), "enter", "enter")
    await pilot.pause()


async def test_a_retake_of_the_missed_is_shown_as_practice_not_as_a_pass(
    tmp_path: Path,
) -> None:
    """The issue's case: a retake of the missed questions showed "Passed" and set the best."""
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await _choose(pilot, "B")
        await _choose(pilot, "C")
        assert isinstance(app.screen, ResultsScreen)
        assert "Not passed yet" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        await _choose(pilot, "A")
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Retake of 1 missed question: 1/1 right" in text
        assert "Passed" not in text and "Not passed" not in text
        # Everything was right: there is nothing missed to retake, so it is not offered.
        assert "missed (m)" not in text and "Retake missed" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        home = " ".join(screen_text(app).split())
        assert "quiz 50% not passed · retake of 1 missed: 1/1" in home
        status = app.store.quiz_status("basics")
        assert (status.best_score, status.last_passed) == (50.0, False)
        await pilot.press("t")
        await pilot.pause()
        await _choose(pilot, "A")
        await _choose(pilot, "C")
        assert "✔ Passed" in screen_text(app)  # a full attempt is scored as ever
        await pilot.press("escape")
        await pilot.pause()
        home = " ".join(screen_text(app).split())
        assert "quiz 100% passed" in home and "retake of" not in home


def _footer(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()[-1]


async def test_every_footer_shows_how_to_open_get_help_and_leave(tmp_path: Path) -> None:
    """Stumbles 1, 7 and 8: Enter was never shown, and keys meant different things."""
    from trainer.ui.screens.lesson import LessonScreen
    from trainer.ui.screens.progress import ProgressScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = _footer(app)
        assert "⏎ Open" in home and "? Help" in home and "q Quit" in home
        assert "palette" not in home  # Ctrl+P still works; the footer keeps room for these
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        lesson = _footer(app)
        assert "esc Back" in lesson and "? Help" in lesson and "p Progress" in lesson
        await pilot.press("o")
        await pilot.pause()
        assert "⏎ Go to section" in _footer(app)  # the outline says how to use it
        await pilot.press("escape")
        await pilot.press("p")  # p is Progress here too, as on home
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert "? Help" in _footer(app)
        await pilot.press("q")  # q leaves any screen but home, where it quits
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_page_taller_than_the_screen_is_scrolled_before_it_is_turned(
    tmp_path: Path,
) -> None:
    """Stumble 2: → turned the page and the rest of a tall page was never seen."""
    from trainer.ui.screens.lesson import LessonScreen

    tall = "## Tall\n\n" + "".join(f"Line {n} of the tall page.\n\n" for n in range(1, 41))
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=tall + "## Next\n\nDone.\n")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, LessonScreen)
        assert "Space: more" in screen_text(app)  # the scrolling key is shown
        turns = 0
        while reader.page == 0:
            await pilot.press("right")
            await pilot.pause()
            turns += 1
            if reader.page == 0:
                assert "Line 40 of" in screen_text(app) or turns < 10
        assert turns > 1, "the first → scrolled, it did not turn the page"
        assert 0 in app.pages_read("basics")  # its end was on screen before the turn
        assert "Done." in screen_text(app)


async def test_an_open_lesson_sits_idle(tmp_path: Path) -> None:
    """A status line that wrapped made the reader lay itself out 20 times a second."""
    import time

    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        layouts = 0
        screen = app.screen
        original = screen._refresh_layout

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal layouts
            layouts += 1
            return original(*args, **kwargs)

        screen._refresh_layout = counting  # type: ignore[method-assign]
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert layouts <= 2, f"{layouts} layouts in half a second of doing nothing"


THREE_SINGLES = (
    TWO_SINGLES
    + """
    [[questions]]
    id = "three"
    type = "single"
    prompt = "Third?"
    correct = "E"
    wrong = ["F"]
    explanation = "E is third."
"""
)


async def test_a_retake_says_what_it_is_and_leaving_it_says_what_stays(tmp_path: Path) -> None:
    """Stumble 10: a retake kept its quiz's (or review's) title."""
    from trainer.ui.screens.exam_dialogs import LeaveScreen

    course = write_course(tmp_path / "course", THREE_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        for label in ("B", "D", "E"):
            await _choose(pilot, label)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "Basics quiz: retake of 2 missed questions" in screen_text(app)
        await _choose(pilot, "A")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        text = " ".join(screen_text(app).split())
        assert "Leave this retake? The 1 answer you gave is saved." in text


async def test_a_return_visit_starts_on_the_next_lesson_and_says_so(
    tmp_path: Path, small_course_dir: Path
) -> None:
    """Stumble 6: the highlight sat on lesson 1, already done."""
    from trainer.course.loader import load_course
    from trainer.study.session import StudySession

    course = load_course(small_course_dir).course
    session = StudySession.open(course, tmp_path / "data", "student")
    session.page_end_seen("basics", 0, 1)
    run = session.start_quiz(course.quizzes["basics"], seed=1)
    right = {"b1": "A", "b2": True, "b3": "heart", "b4": "A", "b5": [["a", "1"], ["b", "2"]]}
    for item in run.attempt.items:
        session.answer(run, item.question.id, right[item.question.id], 1.0)
    session.finish(run)
    assert run.attempt.passed
    session.close()
    app = make_app(tmp_path, small_course_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons")
        assert lessons.highlighted_option.id == "lesson:strokes"
        assert "▶ Continue: 2. Strokes is next (Enter opens it)." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.lesson.id == "strokes"


async def test_the_command_palette_finds_lessons_by_name_and_hides_developer_tools(
    tmp_path: Path, small_course_dir: Path
) -> None:
    """Stumble 11: "effl" found nothing, and every student saw Screenshot and Maximize."""
    from textual.command import CommandPalette

    from trainer.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path, small_course_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"screensh")
        await pilot.pause(0.3)
        assert "Screenshot" not in screen_text(app)
        await pilot.press(*["backspace"] * 8, *"basics")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Open lesson: Basics [/] of touch" in text  # found, and literal
        assert "Take quiz: Basics quiz" in text
        assert "Course problems" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "basics"


async def test_below_80_by_24_the_app_says_how_large_the_window_must_be(
    tmp_path: Path,
) -> None:
    """Stumble 13: at 60x20 footers lost Help and Quit and an ordering hid its 4th item."""
    from trainer.ui.screens.too_small import TooSmallScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = " ".join(screen_text(app).split())
        assert "This window is 60 by 20. massage-trainer needs at least 80 by 24" in text
        await pilot.press("1", "enter")  # keys do nothing underneath meanwhile
        await pilot.pause()
        assert quiz.attempt.answered == 0
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen is quiz  # right where the student was


async def test_quiz_text_keeps_a_readable_width_on_a_wide_terminal(tmp_path: Path) -> None:
    """Stumble 14: at 200x60 choices and feedback ran about 190 columns wide."""
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for selector in ("#prompt", "#feedback", ".answer"):
            assert screen.query_one(selector).region.width <= 90, selector


async def test_reset_dialogs_speak_plainly(tmp_path: Path) -> None:
    """Stumble 12: dialogs showed raw backticks and sent the student to a shell command."""
    from trainer.ui.screens.confirm import ConfirmScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "`" not in text and "massage-trainer " not in text
        assert "Forget your progress in 'Basics'" in " ".join(text.split())


async def test_u_takes_the_answer_back_and_asks_again(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press(choice_key(app, "B"), "enter")
        await pilot.pause()
        assert "✘ Not quite" in screen_text(app) and "u Undo answer" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Not quite" not in screen_text(app) and "First?" in screen_text(app)
        assert quiz.attempt.answered == 0
        assert app.store.question_state("basics/one").seen == 0
        await pilot.press(choice_key(app, "A"), "enter")
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
        assert app.store.question_state("basics/one").right == 1


async def test_keys_remapped_in_settings_show_in_footers_and_help(tmp_path: Path) -> None:
    from trainer.ui.screens.help import HelpScreen
    from trainer.ui.screens.progress import ProgressScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text(
        '[keys]\nprogress = "g"\nhelp = "f1"\nbogus = "x"\n', encoding="utf-8"
    )
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "g Progress" in footer and "p Progress" not in footer
        told = " ".join(n.message for n in app._notifications)
        assert "unknown key id 'bogus'" in told
        await pilot.press("p")  # no longer Progress
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Your keys (settings.toml [keys])" in text
        assert "Progress (instead of p; id progress)" in " ".join(text.split())
        # The lists of each screen show the key in force, not the default.
        rows = [line.split() for line in text.splitlines() if "your progress" in line]
        assert len(rows) == 2 and all(row[0] == "g" for row in rows), rows


def test_docs_keys_lists_every_remappable_key() -> None:
    from tests.ui.helpers import ROOT
    from trainer.ui.keys import binding_defaults

    doc = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    for binding_id, (keys, what) in binding_defaults().items():
        assert f"| `{binding_id}` | `{keys}` | {what} |" in doc, binding_id


async def test_from_a_mistake_to_the_section_that_teaches_it(tmp_path: Path) -> None:
    from trainer.ui.screens.section import SectionScreen

    quiz = TWO_SINGLES.replace('id = "one"\n', 'id = "one"\n    see = "basics#hands-and-feet"\n')
    body = "## One\n\nText.\n\n## Hands and feet\n\nThe [b]hands[/b] teach A.\n"
    course = write_course(tmp_path / "course", quiz, lesson_body=body)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        quiz_screen = app.screen
        assert isinstance(quiz_screen, QuizScreen)
        await pilot.press(choice_key(app, "B"), "enter")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Read about it (s): Basics — Hands and feet" in text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert "The [b]hands[/b] teach A." in screen_text(app)  # literal, as written
        assert "Open the lesson" not in screen_text(app)  # not from inside a quiz
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz_screen and quiz_screen.awaiting_continue  # right back
        await pilot.press("enter", "2", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Read again" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert "o Open the lesson here" in screen_text(app)  # no quiz open now
        await pilot.press("o")
        await pilot.pause()
        from trainer.ui.screens.lesson import LessonScreen

        reader = app.screen
        assert isinstance(reader, LessonScreen) and reader.lesson.id == "basics"
        assert reader.sections[reader.page].slug == "hands-and-feet"  # at that section


async def test_feedback_is_never_covered_and_wrapped_lines_hang(tmp_path: Path) -> None:
    """Stumbles 3 and 4: at 80x24 an ordering's feedback ran on under the Continue
    button, and wrapped lines started at the box edge instead of under their text."""
    from trainer.ui.screens.quiz import QuizScreen as Screen

    long = "A much longer explanation that wraps over several lines of the screen. " * 3
    quiz = f"""
    [[questions]]
    id = "order"
    type = "ordering"
    prompt = "Order a session."
    order = ["Effleurage to open the session", "Petrissage on the big muscles",
             "Tapotement to wake the area up", "Closing effleurage over everything"]
    explanation = "{long}"
    """
    course = write_course(tmp_path / "course", quiz)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, Screen)
        await pilot.press("enter")  # submitted as shown: never already right
        await pilot.pause()
        await pilot.pause(0.1)
        lines = screen_text(app).splitlines()
        bottom = max(i for i, line in enumerate(lines) if "╰" in line)
        button = next(i for i, line in enumerate(lines) if "See results" in line)
        assert bottom < button, "the whole feedback box is above the button"
        right = next(i for i, line in enumerate(lines) if "Right answer:" in line)
        label_at = lines[right].index("Right answer:")
        # The continuation starts under the answer, not under the label or the box edge.
        continued = lines[right + 1]
        text_start = len(continued) - len(continued.lstrip(" │"))
        assert text_start >= label_at + len("Right answer: ") - 1, (lines[right], continued)


def test_every_binding_has_an_id_a_student_can_remap() -> None:
    from textual.binding import Binding

    from trainer.ui.keys import _binding_classes

    missing = [
        f"{cls.__name__}: {binding.key}"
        for cls in _binding_classes()
        for binding in vars(cls)["BINDINGS"]
        if isinstance(binding, Binding) and not binding.id
    ]
    assert not missing, missing


def test_a_remap_onto_a_key_in_use_is_refused_and_said(tmp_path: Path) -> None:
    from trainer.progress.settings import load_settings
    from trainer.ui.keys import checked_keymap

    keymap, problems = checked_keymap({"progress": "t", "help": "f1"})
    assert keymap == {"help": "f1"}  # t stays Take quiz on home
    assert problems == ["'t' would do both 'take-quiz' and 'progress'"]
    (tmp_path / "settings.toml").write_text('theme = "nord"\nkeys = 5\n')
    settings, notice = load_settings(tmp_path)
    assert settings.theme == "nord" and settings.keys == {}  # the rest of the file is used
    assert notice is not None and "keys" in notice
    assert (tmp_path / "settings.toml").exists()  # not moved aside for one wrong value
