"""What the app tells a learner about their scores is true, and offers only what works."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import make_app, screen_text, write_course
from tests.ui.test_flow import TWO_SINGLES
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.widgets.choice_list import ChoiceList


async def _choose(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    widget = screen.answer_widget
    assert isinstance(widget, ChoiceList)
    await pilot.press(str(widget.choices.index(label) + 1), "enter", "enter")
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
