"""Guards found by walking through the app: nothing destructive by reflex, no crashes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.ui.helpers import make_app, screen_text, wait_until, write, write_course
from tests.ui.test_flow import TWO_SINGLES
from tests.ui.test_question_types import QUESTIONS
from trainer.ui.screens.confirm import ConfirmScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.lesson import LessonScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.widgets.choice_list import ChoiceList

FIVE_PAGES = "".join(f"## Page {n}\n\nText of page {n}.\n\n" for n in range(1, 6))


async def test_reset_during_a_quiz_is_refused_and_answers_keep_saving(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "1", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        app.reset(None)  # what the command palette's "Reset all progress" calls
        app.start_review()
        app.show_progress()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert app.store.summary.answers == 2


async def test_enter_on_a_confirm_dialog_keeps_progress(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "1", "enter", "enter")
        await pilot.pause()
        app.pop_screen()  # leave without the dialog, answer kept
        await pilot.pause()
        app.refresh_mastery()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is "Keep"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.summary.answers == 1


async def test_jumping_to_the_last_page_does_not_count_as_reading(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=FIVE_PAGES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0})
        await pilot.press("o", "end", "enter")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0, 4})
        assert isinstance(app.screen, LessonScreen) and app.screen.page == 4
        assert app.store.lesson_status("basics").read_at is None
        await wait_until(pilot, lambda: "2 of 5 read" in screen_text(app))
        for seen in range(3, 7):
            await pilot.press("left")
            await wait_until(pilot, lambda seen=seen: len(app.pages_read("basics")) == min(seen, 5))
        assert app.store.lesson_status("basics").read_at is not None
        assert "✔ lesson read" in screen_text(app)


async def test_first_enter_on_a_single_choice_only_marks_it(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["single"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        widget = quiz.answer_widget
        assert isinstance(widget, ChoiceList)
        assert quiz.attempt.answered == 0 and widget.marked == {0}
        await pilot.press("enter")
        await pilot.pause()
        assert quiz.attempt.answered == 1


async def test_matching_feedback_marks_each_row(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["matching"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Your matches:" in text
        assert "✔ " in text and "✘ " in text and "(right: " in text


async def test_long_pasted_answers_are_cut_to_a_sane_length(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["short"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        quiz.answer_widget.insert_text_at_cursor("x" * 5000)
        await pilot.press("enter")
        await pilot.pause()
        assert len(quiz.attempt.responses["q"].answer) <= 200


async def test_theme_choice_is_remembered(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
    from trainer.ui.launch import build_app

    again = build_app(
        None, tmp_path / "data", "student", quizzes_in_background=False, startup_cache=False
    )
    assert again.theme == "high-contrast"
    # A damaged settings file is moved aside, not trusted, and the app still starts.
    (tmp_path / "data" / "settings.toml").write_text("theme = [\n")
    third = build_app(
        None, tmp_path / "data", "student", quizzes_in_background=False, startup_cache=False
    )
    assert third.theme in ("textual-dark", "textual-light")
    assert any("settings file" in notice for notice in third.notices)
    assert list((tmp_path / "data").glob("settings.toml.corrupt*"))


async def test_choosing_a_theme_keeps_the_other_settings(tmp_path: Path) -> None:
    settings = tmp_path / "data" / "settings.toml"
    write(settings, '[reader]\noutline = "left"\n')
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
    assert tomllib.loads(settings.read_text()) == {
        "theme": "high-contrast",
        "reader": {"outline": "left"},
    }


ORDERINGS = """
    [[questions]]
    id = "o1"
    type = "ordering"
    prompt = "First order?"
    order = ["x", "y", "z"]
    explanation = "x, y, z."

    [[questions]]
    id = "o2"
    type = "ordering"
    prompt = "Second order?"
    order = ["x", "y", "z"]
    explanation = "x, y, z."
"""


async def test_a_doubled_enter_never_answers_the_next_question_unseen(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", ORDERINGS, mode="exam")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "enter")  # past the exam's intro
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        # Question 1 has been on screen for long enough; question 2 will be brand new
        # (a long settle time keeps this independent of how fast the machine is).
        quiz._shown_monotonic = 0.0
        app.input_settle = 60.0
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert len(quiz.attempt.drafts) == 1
        assert isinstance(app.screen, QuizScreen)
        app.input_settle = 0.0
        await pilot.press("enter")  # the last answer: the summary before handing in
        await pilot.pause()
        assert len(quiz.attempt.drafts) == 2
        await pilot.press("h")
        await pilot.pause()
        assert app.store.quiz_status("basics").finished == 1


async def test_a_course_quiz_called_review_is_an_ordinary_quiz(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    (course / "quizzes" / "basics.toml").rename(course / "quizzes" / "review.toml")
    lesson = course / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('quiz = "basics"', 'quiz = "review"'))
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "1", "enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and not quiz.review
        key = "review/" + quiz.attempt.items[0].question.id
        assert app.store.question_state(key).seen == 1


async def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path: Path) -> None:
    from tests.ui.helpers import screen_segments_text

    course = write_course(tmp_path / "course", TWO_SINGLES)
    (course / "lessons" / "x\x1b]0;PWNED\x07.md").write_text("no front matter\n")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        text = screen_text(app)
        # The name is shown with its control characters escaped, so the file can be found.
        assert "x\\x1b]0;PWNED\\x07.md:1:1:" in text
        assert "\x1b" not in screen_segments_text(app)


async def test_pages_read_on_an_earlier_visit_still_count(tmp_path: Path) -> None:
    body = "".join(f"## Page {n}\n\nText {n}.\n\n" for n in range(1, 4))
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=body)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0})
        await pilot.press("right")
        await wait_until(pilot, lambda: app.pages_read("basics") == {0, 1})
        await pilot.press("escape", "enter")  # leave, and come back to page 1
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.press("o", "end", "enter")
        await wait_until(pilot, lambda: app.store.lesson_status("basics").read_at is not None)


async def test_enter_continues_even_after_clicking_the_answered_list(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "1", "enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.awaiting_continue
        quiz.answer_widget.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app)


async def test_opening_lessons_again_and_again_does_not_pile_up_footer_keys(
    tmp_path: Path, small_course_dir: Path
) -> None:
    """Textual's footer kept every key it ever built alive (textual#6666); ours does not."""
    import gc

    from textual.widgets._footer import FooterKey

    def live_keys() -> int:
        gc.collect()
        return sum(isinstance(o, FooterKey) for o in gc.get_objects())

    app = make_app(tmp_path, small_course_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        lesson = app.course.lessons[0].id
        counts = []
        for _ in range(3):
            for _ in range(3):
                app.open_lesson(lesson)
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
            counts.append(live_keys())
    assert counts[2] <= counts[0] + 5, counts


async def test_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(
    tmp_path: Path, small_course_dir: Path
) -> None:
    """Textual rebuilt the footer on every focus change; one that changes nothing is skipped."""
    from trainer.ui.footer import Footer

    app = make_app(tmp_path, small_course_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        before = list(footer.children)
        assert before, "the footer shows keys"
        app.screen.refresh_bindings()
        await pilot.pause()
        assert list(footer.children) == before
        app.open_lesson(app.course.lessons[0].id)  # other keys: rebuilt
        await pilot.pause()
        lesson_keys = screen_text(app).splitlines()[-1]
        assert "Quiz" in lesson_keys or "quiz" in lesson_keys, lesson_keys


async def test_a_toast_never_covers_the_status_line(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.open_lesson(app.course.lessons[0].id)
        await pilot.pause()
        app.notify("This is the last page of the lesson.", timeout=5)
        await pilot.pause()
        status = app.screen.query_one("#lesson-status").region
        toasts = [toast.region for toast in app.screen.query("Toast")]
        assert toasts, "the toast is shown"
        assert all(not region.overlaps(status) for region in toasts)
        assert "last page of the lesson" in screen_text(app)


async def test_the_app_under_test_never_freezes_memory(tmp_path: Path) -> None:
    # gc.freeze() in tests kept every earlier test's objects alive (228 MiB peak vs 86).
    import gc

    frozen = gc.get_freeze_count()
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.course is not None
    assert gc.get_freeze_count() == frozen
