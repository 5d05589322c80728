"""The instructor's answer key, in a quiz preview only.

``massage-trainer preview quiz ID`` opens the app with ``app.preview`` set; there ``i``
(or F2) shows the question's right answer, every choice's feedback and the explanation,
and Escape goes back to the question, still unanswered. Students never see the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import make_app, screen_text, wait_until, write_course
from trainer.course.loader import parse_quiz
from trainer.quiz.attempt import Presented
from trainer.ui.screens.answer_key import AnswerKeyScreen, answer_key_lines
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.widgets.choice_list import ChoiceList

SINGLE = """
    [[questions]]
    id = "glide"
    type = "single"
    prompt = "Which stroke **glides**?"
    correct = "Effleurage"
    wrong = ["Tapotement", "[red]Friction[/red]"]
    explanation = "Effleurage is *the* gliding stroke."
    feedback = { "Tapotement" = "Tapotement **strikes**.", "[red]Friction[/red]" = "Stays put." }

    [[questions]]
    id = "name"
    type = "short"
    prompt = "Name the kneading stroke."
    accept = ["pétrissage", "kneading"]
    explanation = "Pétrissage kneads."
"""


def flat(text: str) -> str:
    """Screen text as one line, without the dialog's side borders."""
    return " ".join(text.replace("█", " ").split())


async def _start(tmp_path: Path, *, preview: bool):
    course = write_course(tmp_path / "course", SINGLE)
    app = make_app(tmp_path, course)
    app.preview = preview
    return app


async def test_in_a_preview_i_shows_the_answer_key_and_escape_goes_back(tmp_path: Path) -> None:
    app = await _start(tmp_path, preview=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert "i Answer key" in screen_text(app)  # offered in the footer
        assert "Preview: i shows the answer key." in screen_text(app)
        widget = quiz.answer_widget
        assert isinstance(widget, ChoiceList)
        marked = widget.choices.index("Tapotement")
        await pilot.press(str(marked + 1))  # a choice marked, not submitted

        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerKeyScreen))
        text = flat(screen_text(app))
        assert "Answer key · Question 1 of 2 · single · id glide" in text
        assert "Which stroke glides?" in text
        numbers = {choice: n for n, choice in enumerate(widget.choices, start=1)}
        assert f"{numbers['Effleurage']}. ✔ right Effleurage" in text
        assert f"{numbers['Tapotement']}. ✘ wrong Tapotement" in text
        assert f"{numbers['[red]Friction[/red]']}. ✘ wrong [red]Friction[/red]" in text
        assert "Feedback: Tapotement strikes." in text
        assert "Feedback: Stays put." in text
        assert "Explanation: Effleurage is the gliding stroke." in text
        assert "*" not in text

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is quiz)
        # The same question, still unanswered, with the mark as it was.
        assert quiz.index == 0 and not quiz.awaiting_continue
        assert quiz.attempt.responses == {} and app.store.open_attempts() != {}
        assert not any(a.given for a in app.store.open_attempts().values())
        assert quiz.answer_widget is widget and widget.marked == {marked}
        assert "Which stroke glides?" in screen_text(app)
        await pilot.press("enter")  # the quiz goes on: the marked answer is submitted
        await wait_until(pilot, lambda: quiz.awaiting_continue)
        assert quiz.attempt.responses["glide"].answer == "Tapotement"


async def test_without_a_preview_the_key_does_nothing_and_is_not_offered(tmp_path: Path) -> None:
    app = await _start(tmp_path, preview=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        text = screen_text(app)
        assert "Answer key" not in text and "Preview:" not in text
        await pilot.press("i", "f2")
        await pilot.pause()
        assert app.screen is quiz
        assert not any(isinstance(screen, AnswerKeyScreen) for screen in app.screen_stack)
        assert "Answer key" not in screen_text(app)


async def test_while_typing_an_answer_i_is_typed_and_f2_shows_the_key(tmp_path: Path) -> None:
    app = await _start(tmp_path, preview=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press("1", "enter")
        await wait_until(pilot, lambda: quiz.awaiting_continue)
        await pilot.press("enter")
        await wait_until(pilot, lambda: quiz.index == 1 and not quiz.awaiting_continue)
        text = flat(screen_text(app))
        assert "Preview: i shows the answer key (f2 while typing an answer)." in text
        assert "f2 Answer key" in text  # the footer offers the key that works here
        await pilot.press("k", "i")
        assert getattr(quiz.answer_widget, "value", None) == "ki"
        assert app.screen is quiz
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerKeyScreen))
        text = flat(screen_text(app))
        assert "Accepted answers (the first is the model answer): • pétrissage • kneading" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is quiz)
        assert getattr(quiz.answer_widget, "value", None) == "ki"
        assert "name" not in quiz.attempt.responses


KEYS = """
title = "Q"

[[questions]]
id = "multi"
type = "multiple"
prompt = "Which strike?"
correct = ["Hacking", "**Cupping**"]
wrong = ["Wringing"]
explanation = "Hacking and cupping strike."
feedback = { "Wringing" = "Wringing *kneads*." }

[[questions]]
id = "tf"
type = "true_false"
prompt = "Tapotement stimulates."
answer = false
explanation = "It does, in fact: this key says False."

[[questions]]
id = "pairs"
type = "matching"
prompt = "Match."
pairs = [["Effleurage", "*glide*"], ["Pétrissage", "knead"]]
explanation = "By movement."

[[questions]]
id = "steps"
type = "ordering"
prompt = "Order."
order = ["Grasp", "Lift", "`Squeeze`", "Release"]
explanation = "One cycle."
see = "basics#one"
"""


@pytest.fixture(scope="module")
def questions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Presented]:
    path = tmp_path_factory.mktemp("quiz") / "q.toml"
    quiz, problems = parse_quiz(KEYS, path)
    assert quiz is not None, problems
    shown = {
        "multi": ("Wringing", "**Cupping**", "Hacking"),
        "tf": ("True", "False"),
        "pairs": ("knead", "*glide*"),
        "steps": ("Release", "Lift", "Grasp", "`Squeeze`"),
    }
    return {q.id: Presented(q, shown[q.id]) for q in quiz.questions}


def key_text(item: Presented) -> list[str]:
    return [line.plain if hasattr(line, "plain") else line for line, _ in answer_key_lines(item)]


def test_the_key_of_a_multiple_choice_marks_every_right_choice(questions) -> None:
    lines = key_text(questions["multi"])
    assert lines[0] == "Which strike?"
    assert "  1. ✘ wrong Wringing" in lines
    assert "  2. ✔ right Cupping" in lines
    assert "  3. ✔ right Hacking" in lines
    assert "             Feedback: Wringing kneads." in lines
    assert lines[-1] == "  Hacking and cupping strike."


def test_the_key_of_true_false_marks_the_file_s_answer(questions) -> None:
    lines = key_text(questions["tf"])
    assert "  1. ✘ wrong True" in lines and "  2. ✔ right False" in lines


def test_the_key_of_matching_lists_the_right_pairs(questions) -> None:
    lines = key_text(questions["pairs"])
    assert lines[lines.index("Right pairs:") + 1 :][:2] == [
        "  Effleurage → glide",
        "  Pétrissage → knead",
    ]


def test_the_key_of_ordering_lists_the_right_order_and_the_section(questions) -> None:
    lines = key_text(questions["steps"])
    start = lines.index("Right order:") + 1
    assert lines[start : start + 4] == ["  1. Grasp", "  2. Lift", "  3. Squeeze", "  4. Release"]
    assert lines[-1] == "Teaches: basics#one"
