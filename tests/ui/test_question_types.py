"""Every question type, answered right and wrong, by keyboard, in the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import make_app, screen_text, write_course
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.widgets.arrange_list import ArrangeList
from trainer.ui.widgets.choice_list import ChoiceList

QUESTIONS = {
    "single": """
        [[questions]]
        id = "q"
        type = "single"
        prompt = "Which stroke glides?"
        correct = "Effleurage"
        wrong = ["Tapotement", "Friction"]
        explanation = "Effleurage is the gliding stroke."
        feedback = { "Tapotement" = "Tapotement strikes the skin." }
    """,
    "multiple": """
        [[questions]]
        id = "q"
        type = "multiple"
        prompt = "Which are forms of tapotement?"
        correct = ["Hacking", "Cupping"]
        wrong = ["Wringing", "Skin rolling"]
        explanation = "Hacking and cupping strike; wringing and skin rolling knead."
    """,
    "true_false": """
        [[questions]]
        id = "q"
        type = "true_false"
        prompt = "Tapotement is stimulating."
        answer = true
        explanation = "Brisk percussion stimulates."
    """,
    "short": """
        [[questions]]
        id = "q"
        type = "short"
        prompt = "Name the kneading stroke."
        accept = ["petrissage"]
        explanation = "Petrissage kneads."
    """,
    "matching": """
        [[questions]]
        id = "q"
        type = "matching"
        prompt = "Match stroke to movement."
        pairs = [["Effleurage", "gliding"], ["Petrissage", "kneading"], ["Tapotement", "striking"]]
        explanation = "Each stroke has its movement."
    """,
    "ordering": """
        [[questions]]
        id = "q"
        type = "ordering"
        prompt = "Order a session."
        order = ["Effleurage", "Petrissage", "Tapotement", "Closing effleurage"]
        explanation = "Open and close with effleurage."
    """,
}

RIGHT_ANSWERS = {
    "single": "Effleurage",
    "multiple": ["Hacking", "Cupping"],
    "true_false": "True",
    "short": "Petrisage",  # one typo, forgiven
    "matching": ["gliding", "kneading", "striking"],
    "ordering": ["Effleurage", "Petrissage", "Tapotement", "Closing effleurage"],
}
WRONG_ANSWERS = {
    "single": "Tapotement",
    "multiple": ["Hacking", "Wringing"],
    "true_false": "False",
    "short": "friction",
    "matching": None,  # submitted as shown: the app never shows the right arrangement
    "ordering": None,
}


async def answer(pilot: Pilot, kind: str, value: object) -> None:
    """Give ``value`` using only the keyboard."""
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    widget = screen.answer_widget
    if kind in ("single", "true_false"):
        assert isinstance(widget, ChoiceList)
        await pilot.press(str(widget.choices.index(value) + 1))
    elif kind == "multiple":
        assert isinstance(widget, ChoiceList)
        for choice in value:  # type: ignore[union-attr]
            await pilot.press(str(widget.choices.index(choice) + 1))
    elif kind == "short":
        await pilot.press(*value)  # type: ignore[misc]
    elif kind in ("matching", "ordering") and value is not None:
        assert isinstance(widget, ArrangeList)
        target = list(value)  # type: ignore[call-overload]
        for position, wanted in enumerate(target):
            current = widget.items.index(wanted)
            await pilot.press("home", *["down"] * current)
            await pilot.press(*["shift+up"] * (current - position))
        assert widget.items == target
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("kind", list(QUESTIONS))
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
async def test_question_type(tmp_path: Path, kind: str, right: bool) -> None:
    course = write_course(tmp_path / "course", QUESTIONS[kind])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        value = RIGHT_ANSWERS[kind] if right else WRONG_ANSWERS[kind]
        await answer(pilot, kind, value)
        text = screen_text(app)
        if right:
            assert "✔ Correct" in text
        else:
            assert "✘ Not quite" in text
            assert ("(right: " if kind == "matching" else "Right answer:") in text
        assert "Question 1 of 1" in text
        if kind == "single" and not right:
            assert "Tapotement strikes the skin." in text  # per-choice feedback
        # The answer is on disk before the feedback is shown.
        state = app.store.question_state("basics/q")
        assert state.seen == 1
        assert state.last_correct is right
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert ("100%" if right else "0%") in screen_text(app)


async def test_enter_with_nothing_marked_in_multiple_asks_first(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["multiple"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.attempt.answered == 0
        assert "✔" not in screen_text(app) and "✘" not in screen_text(app)


async def test_blank_short_answer_is_not_submitted(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["short"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.attempt.answered == 0


async def test_mouse_clicks_mark_and_submit(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUESTIONS["single"])
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        widget = screen.answer_widget
        assert isinstance(widget, ChoiceList)
        index = widget.choices.index("Effleurage")
        await pilot.click(widget, offset=(6, 1 + index))
        await pilot.click("#submit")
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
