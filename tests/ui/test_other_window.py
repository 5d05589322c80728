"""A window open while the profile is replaced elsewhere: it says so and loses nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.ui.helpers import make_app, wait_until, write_course
from tests.ui.test_flow import TWO_SINGLES
from trainer.cli import main
from trainer.ui.screens.quiz import QuizScreen


def _answers(data: Path) -> list[dict]:
    found: list[dict] = []
    for path in sorted((data / "profiles" / "student" / "history").glob("*.toml")):
        found += tomllib.loads(path.read_text()).get("answers", [])
    return found


async def test_a_reset_from_the_shell_is_taken_up_and_told_and_the_next_answer_kept(
    tmp_path: Path,
) -> None:
    course = write_course(tmp_path / "course", TWO_SINGLES)
    data = tmp_path / "data"
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("t", "1", "enter", "enter")  # one answer saved
        await wait_until(pilot, lambda: len(_answers(data)) == 1)
        # Meanwhile, in a shell: every answer of the profile is forgotten (backup kept).
        code = main(["reset", "--yes", "--data-dir", str(data), "--profile", "student"])
        assert code == 0
        assert _answers(data) == []
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press("2", "enter")  # answers the second question
        await wait_until(pilot, lambda: bool(app._notifications))
        messages = [note.message for note in app._notifications]
        assert any("replaced outside this window" in m for m in messages), messages
        # The attempt was in the record the reset replaced: the answer is not saved
        # into a record that lacks its attempt, and the window says that too.
        assert any("closed elsewhere" in m for m in messages), messages
    assert not list(data.rglob("*.corrupt-*"))  # nothing was "repaired"
    [kept] = (data / "backups").glob("student.replaced-*")
    kept_answers = tomllib.loads(next((kept / "history").glob("*.toml")).read_text())
    assert len(kept_answers["answers"]) == 1
