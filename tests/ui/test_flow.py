"""The student's loop through the real app: home, lesson, quiz, results and back."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import (
    make_app,
    screen_segments_text,
    screen_text,
    wait_until,
    write,
    write_course,
)
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.lesson import LessonScreen
from trainer.ui.screens.problems import ProblemsScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.widgets.choice_list import ChoiceList

TWO_SINGLES = """
    [[questions]]
    id = "one"
    type = "single"
    prompt = "First?"
    correct = "A"
    wrong = ["B"]
    explanation = "A is first."

    [[questions]]
    id = "two"
    type = "single"
    prompt = "Second?"
    correct = "C"
    wrong = ["D"]
    explanation = "C is second."
"""


async def test_home_lists_builtin_lessons_with_profile(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        first = app.course.lessons[0]
        assert first.title in text
        assert "not started" in text
        assert "profile: student" in text
        options = app.screen.query_one("#lessons").options
        ids = [option.id for option in options]
        assert ids[: len(app.course.lessons)] == [f"lesson:{x.id}" for x in app.course.lessons]
        assert "quiz:final-exam" in ids


async def test_full_loop_home_lesson_quiz_results_and_back(tmp_path: Path) -> None:
    lesson_body = "## One\n\nFirst page.\n\n## Two\n\nSecond page.\n"
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=lesson_body)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0})
        assert isinstance(app.screen, LessonScreen)
        assert "First page." in screen_text(app)
        assert "Page 1 of 2" in screen_text(app)
        await pilot.press("right")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0, 1})
        assert "Second page." in screen_text(app)
        # Reaching the end of the last page marks the lesson read.
        status = app.store.lesson_status("basics")
        assert status.read_at is not None
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert "Question 1 of 2" in screen_text(app)
        widget = quiz.answer_widget
        assert isinstance(widget, ChoiceList)
        await pilot.press(str(widget.choices.index("A") + 1), "enter")
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app)
        widget = quiz.answer_widget
        assert isinstance(widget, ChoiceList)
        await pilot.press(str(widget.choices.index("D") + 1), "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "50%" in text and "1 of 2 right" in text
        assert "Not passed yet" in text
        # Retake only the missed question.
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.attempt.total == 1
        assert "Second?" in screen_text(app)
        await pilot.press("escape")  # nothing answered yet: leaves without asking
        await pilot.pause()
        # The quiz was started from the lesson: leaving it goes back there.
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "quiz 50% not passed" in screen_text(app)
        quiz_status = app.store.quiz_status("basics")
        assert quiz_status.last_score == 50


async def test_leaving_half_way_asks_and_keeps_answers(tmp_path: Path) -> None:
    from trainer.ui.screens.exam_dialogs import LeaveScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press("1", "enter", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        assert "The 1 answer you gave is saved." in " ".join(screen_text(app).split())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is quiz
        await pilot.press("escape", "l")  # leave for now: carried on later
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.question_state("basics/" + quiz.attempt.items[0].question.id).seen == 1
        assert len(app.store.open_attempts()) == 1  # not abandoned
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.attempt.answered == 1
        assert "Question 2 of 2" in screen_text(app)


async def test_next_and_previous_lesson(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        lessons = app.course.lessons
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == lessons[0].id
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == lessons[1].id
        await pilot.press("N", "N")  # the second has nowhere to go
        await pilot.pause()
        assert app.screen.lesson.id == lessons[0].id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_keys_and_where_progress_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Ctrl+Q" in text
        assert str(tmp_path / "data") in text.replace("\n", "")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_broken_files_are_listed_and_the_rest_works(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    write(tmp_path / "course" / "quizzes" / "broken.toml", 'title = "Broken"\nquestions = 3\n')
    write(tmp_path / "course" / "lessons" / "bad.md", "no front matter here\n")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "2 problems in the course files" in screen_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "broken.toml:2:1:" in text
        assert "bad.md:1:1:" in text
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)


UNTRUSTED_QUIZ = """
    [[questions]]
    id = "brackets"
    type = "single"
    prompt = "Is [bold]this[/bold] shown as written? [citation needed] \\u001b]0;pwned\\u0007"
    correct = "Yes [/]"
    wrong = ["No [red]really[/red]"]
    explanation = "Brackets like [b] stay. \\u001b[31mNo colour."
    feedback = { "No [red]really[/red]" = "Markup [i]is not[/i] parsed." }
"""


async def test_untrusted_text_is_literal_and_escape_free(tmp_path: Path) -> None:
    lesson = "## Start [here]\n\nSee [citation needed] and [/] and list[int].\x1b]0;evil\x07\n"
    course = write_course(tmp_path / "course", UNTRUSTED_QUIZ, lesson_body=lesson)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[citation needed]" in text and "[/]" in text and "list[int]" in text
        assert "Start [here]" in text
        assert "\x1b" not in screen_segments_text(app) and "evil" not in text
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]this[/bold]" in text and "[citation needed]" in text
        assert "Yes [/]" in text and "No [red]really[/red]" in text
        assert "pwned" not in text and "\x1b" not in screen_segments_text(app)
        widget = app.screen.answer_widget
        await pilot.press(str(widget.choices.index("No [red]really[/red]") + 1), "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Markup [i]is not[/i] parsed." in text
        assert "Brackets like [b] stay." in text and "No colour." in text
        assert "\x1b" not in screen_segments_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]this[/bold]" in text and "Yes [/]" in text


async def test_exam_mode_gives_feedback_only_at_the_end(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES, mode="exam")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "2 questions; you pass with 80% right." in screen_text(app)  # the intro
        await pilot.press("enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.exam
        assert "exam" in screen_text(app)
        await pilot.press("1", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Question 2 of 2" in text and "1 answered" in text
        assert "Correct" not in text and "Not quite" not in text
        # Kept as given, graded only at hand-in.
        first = "basics/" + quiz.attempt.items[0].question.id
        assert app.store.question_state(first).seen == 0
        assert app.store.open_attempts()[quiz.run.attempt_id].drafts[first] in ("A", "B")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert "Answered 2 of 2" in screen_text(app)  # the summary before handing in
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.store.question_state(first).seen == 1
        text = screen_text(app)
        assert "A is first." in text and "C is second." in text


async def test_high_contrast_theme_is_offered_and_applies(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "high-contrast" in app.available_themes
        app.theme = "high-contrast"
        await pilot.pause()
        assert app.current_theme.name == "high-contrast"
        assert "Massage therapy" in screen_text(app)


def test_light_terminal_background_picks_a_light_theme() -> None:
    from trainer.ui.themes import default_theme

    assert default_theme({"COLORFGBG": "0;15"}) == "textual-light"
    assert default_theme({"COLORFGBG": "15;0"}) == "textual-dark"
    assert default_theme({}) == "textual-dark"


async def test_quizzes_load_in_the_background_after_the_first_screen(tmp_path: Path) -> None:
    from trainer.ui.launch import build_app

    app = build_app(None, tmp_path / "data", "student", seed=1, startup_cache=False)
    app.input_settle = 0.0
    assert app.quizzes_pending and app.course.quizzes == {}
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.quizzes_pending
        assert "final-exam" in app.course.quizzes
        ids = [option.id for option in app.screen.query_one("#lessons").options]
        assert "quiz:final-exam" in ids
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)


async def test_lesson_headings_and_code_take_the_themes_colours(tmp_path: Path) -> None:
    from textual.color import Color

    course = write_course(
        tmp_path / "course", "", lesson_body="## Strokes ahead\n\nUse `effleurage` first.\n"
    )
    app = make_app(tmp_path, course)

    def colour_of(word: str) -> str | None:
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                if word in segment.text and segment.style and segment.style.color:
                    return segment.style.color.triplet.hex
        return None

    async with app.run_test() as pilot:
        await pilot.pause()
        app.open_lesson("basics")
        for theme in ("high-contrast", "textual-light"):
            app.theme = theme
            await pilot.pause()
            variables = app.get_css_variables()
            assert colour_of("Strokes") == Color.parse(variables["text-primary"]).hex.lower()
            assert colour_of("effleurage") == Color.parse(variables["text-accent"]).hex.lower()
        for theme in sorted(app.available_themes):  # every theme the picker offers
            app.theme = theme
            await pilot.pause()
            assert "Strokes ahead" in screen_text(app), theme
