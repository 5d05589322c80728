"""``progress``, ``reset`` and ``review`` on the command line (real files, real store)."""

from __future__ import annotations

import argparse
import io
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from mastery_helpers import NOW, SCHEDULER

from trainer.cli import main
from trainer.cli import study as commands
from trainer.mastery.scheduling import schedule
from trainer.progress.store import ProgressStore


def run(argv: list[str]) -> int:
    """Run ``massage-trainer`` with ``argv`` in this process; return the exit code."""
    return main(argv)


def make_profile(data_dir: Path, name: str = "anna") -> None:
    """A profile with answers in both lessons' quizzes and some reading."""
    with ProgressStore.open(data_dir, name) as store:
        store.record_lesson_progress("basics", 1.0)
        store.record_lesson_progress("strokes", 0.4)
        attempt = store.start_attempt("basics", "practice", ["basics/b1", "basics/b2"])
        store.record_answer(attempt, "basics/b1", "A", True, 3.0)
        store.record_answer(attempt, "basics/b2", False, False, 4.0)
        store.finish_attempt(attempt, 50.0, False)
        attempt = store.start_attempt("strokes", "practice", ["strokes/s1"])
        store.record_answer(attempt, "strokes/s1", "B", False, 5.0)
        store.finish_attempt(attempt, 0.0, False)


def summary_of(data_dir: Path, name: str = "anna"):
    with ProgressStore.open(data_dir, name) as store:
        return store.summary.model_copy(deep=True)


def test_progress_json_parses(
    course_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    argv = ["progress", "--json", "--course", str(course_dir), "--data-dir", str(data_dir)]
    assert run([*argv, "--profile", "anna"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == ""
    assert data["profile"] == "anna"
    assert [lesson["id"] for lesson in data["lessons"]] == ["basics", "strokes"]
    assert data["lessons"][0]["fraction_read"] == 1.0
    assert data["lessons"][0]["by_level"]["familiar"] == 1  # b1: right, no card yet
    assert data["quizzes"][0]["scores"] == [50.0]
    assert data["time_spent_seconds"] == 12.0
    assert data["streak_days"] == 1
    assert len(data["forecast"]) == 14
    assert {m["key"] for m in data["most_missed"]} == {"basics/b2", "strokes/s1"}


def test_progress_table(
    course_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    argv = ["--course", str(course_dir), "--data-dir", str(data_dir), "--profile", "anna"]
    assert run(["progress", *argv]) == 0
    out = capsys.readouterr().out
    assert "Basics [/] of touch" in out
    assert "Study streak" in out


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--profile", "nobody"], 1, "no profile named 'nobody'"),
        (["--profile", "../etc"], 1, "not allowed"),
        (["--profile", "anna", "--course", "/no/such/folder"], 2, "no such course folder"),
    ],
)
def test_progress_errors_are_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], extra: list[str], code: int, message: str
) -> None:
    make_profile(data_dir)
    assert run(["progress", "--data-dir", str(data_dir), *extra]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("massage-trainer: ")


def test_reset_refuses_without_a_terminal_or_yes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert run(["reset", "--data-dir", str(data_dir), "--profile", "anna"]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and err.count("\n") == 1
    assert summary_of(data_dir).answers == 3
    assert not (data_dir / "backups").exists()


@pytest.mark.parametrize(("reply", "resets"), [("n", False), ("", False), ("yes", True)])
def test_reset_asks_on_a_terminal(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    reply: str,
    resets: bool,
) -> None:
    make_profile(data_dir)
    monkeypatch.setattr(commands, "_stdin_is_terminal", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or reply)
    assert run(["reset", "--data-dir", str(data_dir), "--profile", "anna"]) == 0
    assert "ALL progress" in asked[0] and "'anna'" in asked[0]
    assert summary_of(data_dir).answers == (0 if resets else 3)
    assert ("Nothing was changed." in capsys.readouterr().out) is not resets


def test_reset_profile_keeps_a_backup_that_import_restores(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    before = summary_of(data_dir)
    assert run(["reset", "--yes", "--data-dir", str(data_dir), "--profile", "anna"]) == 0
    out = capsys.readouterr().out
    assert "Forgot 3 answers in 2 attempts" in out
    backups = sorted((data_dir / "backups").glob("anna-*-before-reset.toml"))
    assert len(backups) == 1 and str(backups[0]) in out
    after = summary_of(data_dir)
    assert (after.answers, after.questions, after.lessons, after.quizzes) == (0, {}, {}, {})

    assert (
        run(
            ["records", "import", "--data-dir", str(data_dir), "--profile", "anna", str(backups[0])]
        )
        == 0
    )
    restored = summary_of(data_dir)
    assert restored.answers == before.answers
    assert restored.questions.keys() == before.questions.keys()
    assert restored.lessons == before.lessons
    assert restored.quizzes == before.quizzes


def test_reset_lesson_forgets_only_that_lesson(
    course_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    argv = ["--course", str(course_dir), "--data-dir", str(data_dir), "--profile", "anna"]
    assert run(["reset", "--lesson", "basics", "--yes", *argv]) == 0
    assert "Forgot 2 answers in 1 attempt from profile 'anna'." in capsys.readouterr().out
    after = summary_of(data_dir)
    assert set(after.questions) == {"strokes/s1"}
    assert set(after.lessons) == {"strokes"}
    assert set(after.quizzes) == {"strokes"}
    assert len(list((data_dir / "backups").glob("anna-*-before-reset.toml"))) == 1


def test_reset_lesson_keeps_the_other_questions_cards(course_dir: Path, data_dir: Path) -> None:
    make_profile(data_dir)
    with ProgressStore.open(data_dir, "anna") as store:
        # as the UI does after each answer (until the store records cards itself)
        for key in ("basics/b1", "strokes/s1"):
            store.summary.questions[key].card = schedule(
                None, key, correct=True, seconds=3, now=NOW, scheduler=SCHEDULER
            )
        store.checkpoint()
    argv = ["--course", str(course_dir), "--data-dir", str(data_dir), "--profile", "anna"]
    assert main(["reset", "--lesson", "basics", "--yes", *argv]) == 0
    questions = summary_of(data_dir).questions
    assert set(questions) == {"strokes/s1"}
    assert questions["strokes/s1"].card == schedule(
        None, "strokes/s1", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER
    )


def test_reset_unknown_lesson_or_profile(
    course_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(data_dir)
    argv = ["--course", str(course_dir), "--data-dir", str(data_dir)]
    assert run(["reset", "--lesson", "nope", "--yes", *argv, "--profile", "anna"]) == 1
    assert "no lesson 'nope'" in capsys.readouterr().err
    assert run(["reset", "--yes", *argv, "--profile", "nobody"]) == 1
    assert "no profile named 'nobody'" in capsys.readouterr().err
    assert run(["progress", *argv, "--profile", "nobody"]) == 1
    assert capsys.readouterr().err.endswith(f"in {data_dir} (profiles: anna)\n")
    assert summary_of(data_dir).answers == 3


def test_review_opens_the_app_in_review(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr("trainer.ui.launch.run_app", lambda args: seen.append(args) or 0)
    assert run(["review", "--profile", "anna"]) == 0
    assert seen[0].start_in == "review"


def test_progress_json_in_a_subprocess(course_dir: Path, data_dir: Path) -> None:
    make_profile(data_dir)
    options = ["--course", str(course_dir), "--data-dir", str(data_dir), "--profile", "anna"]
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "progress", "--json", *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"] == "anna"


def test_reset_undo_hint_names_the_data_dir_and_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "my data"  # a space: the hint must quote it
    make_profile(data_dir)
    before = summary_of(data_dir)
    assert run(["reset", "--yes", "--data-dir", str(data_dir), "--profile", "anna"]) == 0
    [hint] = [line for line in capsys.readouterr().out.splitlines() if "To undo:" in line]
    words = shlex.split(hint.split("To undo: ", 1)[1])
    assert words[:3] == ["massage-trainer", "records", "import"]
    assert words[words.index("--data-dir") + 1] == str(data_dir)
    assert "--course" not in words
    assert run(words[1:]) == 0  # the hint, pasted, restores the record
    assert summary_of(data_dir).answers == before.answers


def test_reset_undo_hint_without_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "env-data"
    monkeypatch.setenv("MASSAGE_TRAINER_DATA", str(data_dir))
    make_profile(data_dir)
    assert run(["reset", "--yes", "--profile", "anna"]) == 0
    [hint] = [line for line in capsys.readouterr().out.splitlines() if "To undo:" in line]
    # The undo restores the complete folder, not the record file.
    [backup] = (data_dir / "backups").glob("anna.replaced-*")
    assert (
        hint == f"To undo: massage-trainer records import --profile anna {shlex.quote(str(backup))}"
    )
