"""Review, practice-weakest, progress and reset in the real app, with fixed clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import trainer.progress.store as store_module
from tests.ui.helpers import choice_key, make_app, screen_text, write_course
from tests.ui.test_flow import TWO_SINGLES
from trainer.mastery.scheduling import schedule
from trainer.progress.store import ProgressStore
from trainer.ui.launch import build_app
from trainer.ui.screens.confirm import ConfirmScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's timestamps and the local zone are fixed, so screens never vary."""
    monkeypatch.setattr(store_module, "utc_now", lambda: NOW)
    monkeypatch.setenv("TZ", "UTC")


def seed_history(data: Path, course: Path, answers: dict[str, bool]) -> None:
    """Answer the 'basics' quiz through the real store, as a past session would."""
    store = ProgressStore.open(data, "student")
    keys = [f"basics/{q}" for q in answers]
    attempt = store.start_attempt("basics", "practice", keys)
    for key, correct in answers.items():
        moment = NOW - timedelta(minutes=30)
        card = schedule(None, f"basics/{key}", correct=correct, seconds=5, now=moment)
        store.record_answer(attempt, f"basics/{key}", "A", correct, 5.0, moment, card)
    right = sum(answers.values())
    store.finish_attempt(attempt, 100 * right / len(answers), right == len(answers))
    store.close()


def app_at_now(tmp_path: Path, course: Path):
    app = build_app(
        course,
        tmp_path / "data",
        "student",
        seed=1,
        theme="textual-dark",
        quizzes_in_background=False,
        startup_cache=False,
    )
    app.input_settle = 0.0
    return app


async def test_review_brings_back_what_was_missed_and_keeps_it_when_failed(
    tmp_path: Path,
) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": True, "two": False})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "1 question due for review today" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.review
        assert [i.question.id for i in quiz.attempt.items] == ["basics/two"]
        assert "Second?" in screen_text(app)
        await pilot.press(choice_key(app, "D"), "enter", "enter")  # wrong again
        await pilot.pause()
        # Missed in a review: asked again in the same session (Anki's learning steps).
        assert app.screen is quiz and "again: missed earlier" in screen_text(app)
        await pilot.press(choice_key(app, "D"), "enter", "enter")  # and again
        await pilot.pause()
        assert app.screen is quiz and "Second?" in screen_text(app)
        await pilot.press(choice_key(app, "C"), "enter", "enter")  # right
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        # A review's results offer what a review can do, in the buttons and the footer alike.
        text = screen_text(app)
        assert "Review again (r)" in text and "r Review again" in text
        assert "Retake all" not in text
        assert "Back to lesson" not in text  # a review has no one lesson
        await pilot.press("escape")
        await pilot.pause()
        state = app.store.question_state("basics/two")
        assert state.seen == 4 and state.card is not None  # every answer saved and scheduled


async def test_nothing_due_says_when_next_review_is(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": True, "two": True})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW + timedelta(hours=2)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing is due today; the next review falls due" in text
        assert "Shift+R studies ahead." in text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_practice_weakest_opens_the_weakest_lessons_quiz(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")  # nothing answered yet: only a message
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    seed_history(tmp_path / "data", course, {"one": False, "two": False})
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.attempt.quiz.id == "basics"
        # Stumble 9: it says which lesson was picked, and why.
        told = [n.message for n in app._notifications]
        assert "Practising 'Basics': your weakest lesson so far (mastery: attempted)." in told


async def test_progress_screen_shows_levels_scores_and_forecast(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": True, "two": False})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Basics" in text and "Attempted" in text
        assert "50%" in text
        assert "Second?" in text  # most missed
        assert "Reading your full history" not in text


async def test_reset_lesson_from_home_asks_and_keeps_a_backup(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": True, "two": False})
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.store.question_state("basics/two").seen == 1
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.question_state("basics/two").seen == 0
        assert app.store.quiz_status("basics").attempts == 0
    backups = list((tmp_path / "data" / "backups").glob("*before-reset*"))
    assert len(backups) == 1


async def test_review_command_opens_straight_into_review(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": False, "two": True})
    app = build_app(
        course, tmp_path / "data", "student", seed=1, start_in="review", startup_cache=False
    )
    app.now = lambda: NOW
    app.input_settle = 0.0
    async with app.run_test(size=(100, 30)) as pilot:
        # Quizzes load in the background here (as from the command line): review opens
        # once they are in.
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.review


def test_progress_snapshot(snap_compare, tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": True, "two": False})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW

    async def open_progress(pilot) -> None:
        await pilot.press("p")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=open_progress, terminal_size=(100, 40))


async def test_leaving_a_review_half_way_says_the_rest_stays_due(tmp_path: Path) -> None:
    from trainer.ui.screens.exam_dialogs import LeaveScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": False, "two": False})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.review
        await pilot.press("1", "enter", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        text = " ".join(screen_text(app).split())
        assert "Leave this review?" in text and "stay due" in text
        assert "scored" not in text


async def test_most_missed_rows_name_their_lesson_open_it_and_m_practises_them(
    tmp_path: Path,
) -> None:
    from trainer.ui.screens.lesson import LessonScreen

    course = write_course(tmp_path / "course", TWO_SINGLES)
    seed_history(tmp_path / "data", course, {"one": False, "two": True})
    app = app_at_now(tmp_path, course)
    app.now = lambda: NOW
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Most missed" in text
        assert "Basics · Basics quiz · wrong 1 of 1" in text
        await pilot.press("m")  # practise exactly those questions
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert [i.question.id for i in quiz.attempt.items] == ["basics/one"]
        assert "Most missed: 1 question" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "missed", app.focused
        await pilot.press("enter")  # the chosen question's lesson opens
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "basics"
