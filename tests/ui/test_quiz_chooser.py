"""``t`` on a lesson with several quizzes: a chooser, through the real app under Pilot."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.fixture_course import write_several_quizzes_course
from tests.ui.helpers import make_app, screen_text, wait_until
from trainer.course.loader import load_course
from trainer.study.session import StudySession
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.lesson import LessonScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.quiz_chooser import QuizChooser

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def flat(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's text with runs of spaces (and line breaks) made one space, and the
    dialog's and list's borders left out."""
    return " ".join(screen_text(app).translate(str.maketrans("▊▎█", "   ")).split())


def take(root: Path, data: Path, quiz_id: str, right: set[str]) -> None:
    """Take ``quiz_id`` in full before the app starts: ``right`` right, the rest wrong."""
    course = load_course(root).course
    session = StudySession.open(course, data, "student", now=lambda: NOW)
    run = session.start_quiz(course.quizzes[quiz_id], seed=1)
    for item in run.attempt.items:
        session.answer(run, item.question.id, "A" if item.question.id in right else "B", 1.0)
    session.finish(run)
    session.close()


def quiz_id_on_screen(app) -> str | None:  # type: ignore[no-untyped-def]
    screen = app.screen
    return screen.attempt.quiz.id if isinstance(screen, QuizScreen) else None


async def open_lesson(app, pilot, lesson_id: str) -> None:  # type: ignore[no-untyped-def]
    app.open_lesson(lesson_id)
    await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.sections)


async def test_t_on_a_lesson_with_two_quizzes_opens_the_chooser(tmp_path: Path) -> None:
    app = make_app(tmp_path, write_several_quizzes_course(tmp_path / "course"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "effleurage")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        text = flat(app)
        assert "Effleurage: which quiz?" in text
        assert "Effleurage practice 2 questions · not taken" in text
        assert "Effleurage test 3 questions · not taken" in text
        assert "Enter starts the highlighted quiz · Escape goes back" in text
        # The second one, chosen with the arrow keys.
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-test"
        assert "Effleurage test" in screen_text(app)
        # Leaving the quiz goes back to the lesson, not to the chooser.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert not any(isinstance(s, QuizChooser) for s in app.screen_stack)


async def test_escape_leaves_the_chooser_without_starting_anything(tmp_path: Path) -> None:
    app = make_app(tmp_path, write_several_quizzes_course(tmp_path / "course"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "effleurage")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
        assert app.store is not None
        for quiz_id in ("eff-practice", "eff-test"):
            assert app.store.quiz_status(quiz_id).attempts == 0
        # t again opens it again; Enter takes the highlighted (first) one.
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-practice"


async def test_with_one_quiz_t_starts_it_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, write_several_quizzes_course(tmp_path / "course"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "petrissage")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "pet"
        assert not any(isinstance(s, QuizChooser) for s in app.screen_stack)


async def test_the_lesson_says_quizzes_when_it_has_several(tmp_path: Path) -> None:
    app = make_app(tmp_path, write_several_quizzes_course(tmp_path / "course"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "effleurage")  # one page: it is the last
        await wait_until(pilot, lambda: "t: quizzes" in screen_text(app))
        await pilot.press("n")  # the next lesson, one quiz
        await wait_until(pilot, lambda: "t: quizzes" not in screen_text(app))
        await wait_until(pilot, lambda: "t: quiz" in screen_text(app))
        assert "Petrissage" in screen_text(app)


async def test_home_shows_how_many_are_passed_and_the_chooser_each_ones_score(
    tmp_path: Path,
) -> None:
    root = write_several_quizzes_course(tmp_path / "course")
    take(root, tmp_path / "data", "eff-practice", {"p1", "p2"})
    take(root, tmp_path / "data", "pet", {"k1"})
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "quizzes: 1 of 2 passed" in flat(app))
        # One quiz: its score, as before.
        assert "quiz 100% passed" in flat(app)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#lessons").highlighted = 0
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        text = flat(app)
        assert "Effleurage practice 2 questions · passed, best 100%" in text
        assert "Effleurage test 3 questions · not taken" in text
        # The highlight starts on the next to do: the one not passed yet.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-test"
        # Left half way: home says so, and the chooser says how far.
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("enter")  # past the feedback, to question 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, QuizScreen))
        if not isinstance(app.screen, HomeScreen):  # asked whether to leave
            await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_until(pilot, lambda: "1 in progress: t carries on" in flat(app))
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        text = flat(app)
        assert "Effleurage practice 2 questions · passed, best 100%" in text
        assert "Effleurage test 3 questions · in progress, 1 of 3 answered" in text


async def test_the_chooser_starts_on_a_quiz_left_part_way(tmp_path: Path) -> None:
    """Home says "t carries on": Enter in the chooser must carry on, not start another."""
    root = write_several_quizzes_course(tmp_path / "course")
    take(root, tmp_path / "data", "eff-test", {"t1", "t2"})
    course = load_course(root).course
    session = StudySession.open(course, tmp_path / "data", "student", now=lambda: NOW)
    run = session.start_quiz(course.quizzes["eff-test"], seed=1)
    session.answer(run, run.attempt.items[0].question.id, "A", 1.0)
    session.close()  # left part way
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        assert (
            "Effleurage test 3 questions · not passed, last 67%, best 67% · in progress, "
            "1 of 3 answered" in flat(app)
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-test"
        assert "Question 2 of 3" in screen_text(app)


async def test_both_passed_marks_the_lesson_done(tmp_path: Path) -> None:
    root = write_several_quizzes_course(tmp_path / "course")
    take(root, tmp_path / "data", "eff-practice", {"p1", "p2"})
    take(root, tmp_path / "data", "eff-test", {"t1", "t2", "t3"})
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "quizzes: 2 of 2 passed" in flat(app))
        assert "✔  1. Effleurage" in screen_text(app)


async def test_quiz_titles_in_the_chooser_stay_literal(tmp_path: Path) -> None:
    root = write_several_quizzes_course(tmp_path / "course")
    test = root / "quizzes" / "eff-test.toml"
    test.write_text(test.read_text().replace('"Effleurage test"', '"Test [b]one[/] [/]"'))
    practice = root / "quizzes" / "eff-practice.toml"
    practice.write_text(practice.read_text().replace("shuffle = false", 'mode = "exam"'))
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "effleurage")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        text = flat(app)
        assert "Test [b]one[/] [/] 3 questions · not taken" in text
        assert "Effleurage practice 2 questions · exam · not taken" in text
        # An exam opens with its intro, as from anywhere else.
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ExamIntroScreen")


async def test_a_listed_quiz_that_does_not_load_is_shown_but_not_offered(tmp_path: Path) -> None:
    root = write_several_quizzes_course(tmp_path / "course")
    practice = root / "quizzes" / "eff-practice.toml"
    practice.write_text(practice.read_text().replace("shuffle = false", "shuffle = maybe"))
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "effleurage")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizChooser))
        assert "eff-practice has problems, so it cannot be taken: press !" in flat(app)
        await pilot.press("up", "enter")  # the broken one cannot be reached
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-test"


async def test_practice_weakest_starts_the_quiz_done_worst_on(tmp_path: Path) -> None:
    root = write_several_quizzes_course(tmp_path / "course")
    take(root, tmp_path / "data", "eff-practice", {"p1", "p2"})
    take(root, tmp_path / "data", "eff-test", set())
    app = make_app(tmp_path, root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.mastery is not None)
        assert app.mastery is not None and app.mastery.weakest == "effleurage"
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert quiz_id_on_screen(app) == "eff-test"
