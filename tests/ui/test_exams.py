"""Exams like real exams: an intro, moving between questions, flags, a summary before
handing in, resuming where one left off, a time limit, and Ctrl+Q that asks first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.ui.helpers import choice_key, make_app, screen_text, write_course
from trainer.ui.screens.confirm import ConfirmScreen
from trainer.ui.screens.exam_dialogs import ExamSummaryScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.widgets.answer_input import AnswerInput
from trainer.ui.widgets.choice_list import ChoiceList

EXAM = """
    [[questions]]
    id = "one"
    type = "single"
    prompt = "First?"
    correct = "A"
    wrong = ["B"]
    explanation = "A is first."

    [[questions]]
    id = "two"
    type = "short"
    prompt = "Type heart"
    accept = ["heart"]
    explanation = "Heart."

    [[questions]]
    id = "three"
    type = "true_false"
    prompt = "True?"
    answer = true
    explanation = "True."
"""


_choose = choice_key


async def test_an_exam_moves_flags_changes_and_hands_in_once(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", EXAM, mode="exam")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        intro = " ".join(screen_text(app).split())
        assert "3 questions; you pass with 80% right." in intro and "No time limit." in intro
        assert "Escape" in intro  # how to leave and come back
        await pilot.press("enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "^e Hand in" in footer and "esc Leave" in footer
        hint = " ".join(screen_text(app).split())
        assert "pgup / pgdn: previous / next question · ^f: flag it · ^e: hand in" in hint
        await pilot.press(_choose(app, "B"), "enter")  # a first answer to question 1
        await pilot.pause()
        assert quiz.index == 1
        await pilot.press("ctrl+f")  # flag question 2, unanswered
        await pilot.pause()
        assert "⚑ flagged" in screen_text(app)
        await pilot.press("pageup")  # back to question 1: its answer is shown again
        await pilot.pause()
        assert quiz.index == 0
        widget = quiz.answer_widget
        assert isinstance(widget, ChoiceList) and widget.values() == ["B"]
        await pilot.press(_choose(app, "A"), "pagedown")  # changed, and on
        await pilot.pause()
        assert quiz.attempt.drafts["one"] == "A"
        await pilot.press(*"heart", "enter")
        await pilot.pause()
        assert quiz.index == 2
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExamSummaryScreen)
        text = screen_text(app)
        assert "Answered 2 of 3  ·  unanswered 1  ·  flagged 1" in text
        assert "⚑" in text
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "67%" in text and "2 of 3 right" in text
        # Graded once each, with the final answer; the unanswered one is no answer.
        assert app.store.question_state("basics/one").seen == 1
        assert app.store.question_state("basics/one").last_correct is True
        assert app.store.question_state("basics/three").seen == 0


async def test_an_exam_left_part_way_is_resumed_with_its_answers(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", EXAM, mode="exam", shuffle=True)
    app = make_app(tmp_path, course, seed=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        order = [item.question.id for item in quiz.attempt.items]
        first = order[0]
        if first == "two":
            await pilot.press(*"heart", "enter")
        elif first == "one":
            await pilot.press(_choose(app, "A"), "enter")
        else:
            await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")  # in an exam, Ctrl+Q asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "exam answers are kept" in " ".join(screen_text(app).split())
        await pilot.press("y")
        await pilot.pause()
    app = make_app(tmp_path, course, seed=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "exam in progress" in " ".join(screen_text(app).split())
        await pilot.press("t")
        await pilot.pause()
        assert "In progress: 1 answered." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert [item.question.id for item in quiz.attempt.items] == order  # same order
        assert list(quiz.attempt.drafts) == [first]
        assert quiz.index == 1  # at the first question not yet answered
        await pilot.press("pageup")
        await pilot.pause()
        widget = quiz.answer_widget
        if isinstance(widget, AnswerInput):
            assert widget.value == "heart"
        else:
            assert isinstance(widget, ChoiceList) and widget.values()


async def test_a_time_limit_counts_down_and_hands_in_at_zero(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", EXAM, mode="exam")
    quiz_file = course / "quizzes" / "basics.toml"
    quiz_file.write_text(
        quiz_file.read_text().replace('mode = "exam"', 'mode = "exam"\ntime_limit = 10')
    )
    clock = [datetime(2026, 3, 10, 12, 0, tzinfo=UTC)]
    app = make_app(tmp_path, course)
    app.now = lambda: clock[0]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "Time limit: 10 minutes" in " ".join(screen_text(app).split())
        await pilot.press("enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        quiz._tick()
        await pilot.pause()
        assert "⏱ 10:00 left" in screen_text(app)
        await pilot.press(_choose(app, "A"), "enter")
        await pilot.pause()
        clock[0] += timedelta(minutes=9, seconds=30)
        quiz._tick()
        await pilot.pause()
        assert "⏱ 0:30 left" in screen_text(app)
        assert any("One minute left" in n.message for n in app._notifications)
        clock[0] += timedelta(minutes=1)
        quiz._tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert any("Time is up" in n.message for n in app._notifications)
        assert app.store.question_state("basics/one").last_correct is True
        assert app.store.quiz_status("basics").finished == 1


async def test_home_shows_a_quiz_in_progress(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", EXAM)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", _choose_label := "1", "enter", "enter")
        await pilot.pause()
        assert _choose_label
        await pilot.press("escape", "l")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = " ".join(screen_text(app).split())
        assert "quiz in progress (1 of 3 answered): t carries on" in text


async def test_exam_results_break_down_by_lesson_and_open_the_weakest(
    tmp_path: Path, small_course_dir: Path
) -> None:
    from trainer.ui.screens.lesson import LessonScreen

    final = small_course_dir.parent / "course-with-exam"
    import shutil

    shutil.copytree(small_course_dir, final)
    exam = final / "quizzes" / "final.toml"
    exam.write_text(
        exam.read_text()
        .replace('id = "f1"\n', 'id = "f1"\nlesson = "strokes"\n')
        .replace('title = "Final exam"', 'title = "Final exam"\nmode = "exam"')
        + '\n[[questions]]\nid = "f2"\nlesson = "basics"\nprompt = "Two?"\n'
        'type = "true_false"\nexplanation = "E."\nanswer = true\n'
    )
    app = make_app(tmp_path, final)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_quiz("final")
        await pilot.pause()
        await pilot.press("enter")  # past the intro
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        for item in quiz.attempt.items:
            if item.question.id == "f1":
                await pilot.press(_choose(app, "B"), "enter")  # wrong
            else:
                await pilot.press(_choose(app, "True"), "enter")
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "By lesson, weakest first" in text
        assert "0 of 1     0%  Strokes" in text and "1 of 1   100%  Basics" in text
        assert "By topic:" in text
        await pilot.press("l")  # the weakest lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "strokes"


async def test_an_exam_resumed_after_its_time_ran_out_is_handed_in_on_opening(
    tmp_path: Path,
) -> None:
    course = write_course(tmp_path / "course", EXAM, mode="exam")
    quiz_file = course / "quizzes" / "basics.toml"
    quiz_file.write_text(
        quiz_file.read_text().replace('mode = "exam"', 'mode = "exam"\ntime_limit = 5')
    )
    clock = [datetime(2026, 3, 10, 12, 0, tzinfo=UTC)]
    app = make_app(tmp_path, course)
    app.now = lambda: clock[0]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        await pilot.press(_choose(app, "A"), "enter", "escape", "l")  # answered one, left
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        clock[0] += timedelta(minutes=30)
        await pilot.press("t")
        await pilot.pause()
        assert "In progress: 1 answered." in screen_text(app)
        assert "Time is up: it is handed in as it stands." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert any("Time is up" in n.message for n in app._notifications)
        assert app.store.quiz_status("basics").finished == 1
        assert app.store.question_state("basics/one").last_correct is True


async def test_ctrl_q_in_an_exam_keeps_the_marked_answer_and_always_asks(
    tmp_path: Path,
) -> None:
    course = write_course(tmp_path / "course", EXAM, mode="exam")
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press(_choose(app, "A"))  # marked, not yet submitted
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")  # from the leave dialog too: asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert quiz.attempt.drafts == {"one": "A"}  # kept as marked
        await pilot.press("n")
        await pilot.pause()
        assert app.store.open_attempts()[quiz.run.attempt_id].drafts == {"basics/one": "A"}
        assert "⚑" not in screen_text(app)
        await pilot.press("escape")  # the leave dialog: keep going
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "⚑ flagged" in screen_text(app)  # visible at 80 columns
