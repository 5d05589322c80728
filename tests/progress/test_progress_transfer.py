"""Export, import (with validation and backups), migration of schema 1, and the commands."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from progress_helpers import fill, history_answers

from trainer.cli import records as commands
from trainer.progress.errors import RecordFileError
from trainer.progress.store import ProgressStore
from trainer.progress.transfer import (
    export_record,
    import_record,
    record_to_json,
    record_to_toml,
)


def export_toml(store: ProgressStore) -> str:
    exported = export_record(store)
    assert exported.skipped == []
    return record_to_toml(exported.record)


def export_json(store: ProgressStore) -> str:
    exported = export_record(store)
    assert exported.skipped == []
    return record_to_json(exported.record)


V1_RECORD = """\
schema_version = 1

[profile]
name = "old"
created_at = 2024-02-01T09:00:00Z

[[lessons]]
lesson = "effleurage"
fraction = 1.0
read_at = 2024-02-01T09:30:00Z
updated_at = 2024-02-01T09:30:00Z

[[attempts]]
attempt = "a1"
quiz = "basics"
mode = "exam"
questions = ["q1", "q2"]
started_at = 2024-02-01T10:00:00Z
outcome = "finished"
score = 50.0
passed = false
ended_at = 2024-03-01T10:05:00Z

[[attempts.answers]]
question = "q1"
answer = "B"
correct = true
seconds = 3.5
answered_at = 2024-02-01T10:01:00Z

[[attempts.answers]]
question = "q2"
answer = ["a", "b"]
correct = false
seconds = 7.0
answered_at = 2024-03-01T10:02:00Z
"""


def _parser() -> argparse.ArgumentParser:
    # The same wiring as trainer/cli.py: shared options in a parent parser.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    common.add_argument("--profile", default=argparse.SUPPRESS)
    common.add_argument("--course", type=Path, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="massage-trainer")
    commands.register(parser.add_subparsers(dest="command"), common)
    return parser


def _run(*argv: str) -> int:
    args = _parser().parse_args(argv)
    return args.handler(args)


def test_older_schema_migrated_with_original_kept(data_dir: Path) -> None:
    legacy = data_dir / "old.toml"
    legacy.write_text(V1_RECORD)
    with ProgressStore.open(data_dir, "old") as store:
        assert "upgraded" in store.notices[0]
        assert store.summary.answers == 2
        assert store.lesson_status("effleurage").read_at is not None
        assert store.quiz_status("basics").best_score == 50.0
        history = store.load_history()
    assert not legacy.exists()
    [backup] = (data_dir / "backups").glob("old.toml.v1-*")
    assert backup.read_text() == V1_RECORD
    assert str(backup) in store.notices[0]
    [attempt] = history.attempts
    assert [a.answer for a in attempt.answers] == ["B", ["a", "b"]]
    months = sorted(p.name for p in (data_dir / "profiles/old/history").glob("*.toml"))
    assert months == ["2024-02.toml", "2024-03.toml"]


def test_unreadable_legacy_file_moved_aside(data_dir: Path) -> None:
    (data_dir / "old.toml").write_text("schema_version = 1\n[profile\n")
    with ProgressStore.open(data_dir, "old") as store:
        assert "could not be read" in store.notices[0]
        assert store.summary.answers == 0
    assert len(list(data_dir.glob("old.toml.corrupt-*"))) == 1


def test_export_import_round_trip_keeps_backup(data_dir: Path, tmp_path: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 3)
        store.record_lesson_progress("l1", 0.6)
        exported = export_toml(store)
        as_json = json.loads(export_json(store))
    assert as_json["profile"]["name"] == "anna"
    assert len(as_json["attempts"][0]["answers"]) == 3
    record = tmp_path / "record.toml"
    record.write_text(exported)
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1, quiz="lost-on-import")
    result = import_record(data_dir, "anna", record)
    assert (result.attempts, result.answers) == (1, 3)
    assert result.backup is not None and result.backup.parent == data_dir / "backups"
    backed_up = [p.read_text() for p in (result.backup / "history").glob("*.toml")]
    assert sum(text.count("[[answers]]") for text in backed_up) == 4
    with ProgressStore.open(data_dir, "anna") as store:
        assert export_toml(store) == exported
        assert store.summary.answers == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema_version = 2\n[profile]\nname = \n", ":3:"),
        (
            V1_RECORD.replace("correct = true", 'correct = "yes"'),
            ":27: attempts[0].answers[0].correct",
        ),
        ("schema_version = 9\n", "newer"),
    ],
)
def test_import_refuses_bad_files_with_location(
    data_dir: Path, tmp_path: Path, text: str, message: str
) -> None:
    record = tmp_path / "bad.toml"
    record.write_text(text)
    with pytest.raises(RecordFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_record(data_dir, "anna", record)
    assert not (data_dir / "profiles" / "anna").exists()


def test_commands_profiles_export_import(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("profiles", "--data-dir", str(data_dir)) == 0
    assert "No profiles yet" in capsys.readouterr().out
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    assert _run("profiles", "--data-dir", str(data_dir)) == 0
    out = capsys.readouterr().out
    assert "anna" in out and " 2 " in out
    assert _run("records", "export", "--data-dir", str(data_dir), "--profile", "anna") == 0
    assert json.loads(capsys.readouterr().out)["profile"]["name"] == "anna"
    record = tmp_path / "anna.toml"
    options = ["--data-dir", str(data_dir), "--profile", "anna"]
    assert _run("records", "export", *options, "--format", "toml", "-o", str(record)) == 0
    assert (
        _run("records", "import", str(record), "--data-dir", str(data_dir), "--profile", "copy")
        == 0
    )
    assert "Imported 1 attempt and 2 answers into new profile 'copy'." in capsys.readouterr().out
    assert len(history_answers(data_dir, "copy")) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["records", "export", "--profile", "nobody"], "no profile named 'nobody' in "),
        (["records", "export", "--profile", "../etc"], "not allowed"),
        (["records", "import", "missing.toml", "--profile", "x"], "cannot read it"),
    ],
)
def test_command_errors_are_one_line_without_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert _run(*argv, "--data-dir", str(data_dir)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


REPO = Path(__file__).resolve().parents[2]


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _fill_with_card(data_dir: Path, name: str) -> None:
    """Two attempts (one abandoned), reading, and an answer carrying an FSRS card table."""
    due = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
    with ProgressStore.open(data_dir, name) as store:
        fill(store, 3)
        fill(store, 1, quiz="other", finish=False)
        store.record_lesson_progress("l1", 1.0)
        attempt = store.start_attempt("quiz", "exam", ["q0"])
        card = {"card_id": 7, "state": 2, "stability": 3.5, "difficulty": 5.0}
        card |= {"due": due, "last_review": datetime(2026, 3, 9, tzinfo=UTC)}
        store.record_answer(attempt, "q0", ["a", "b"], True, 2.0, card=card)
        store.finish_attempt(attempt, 100.0, True)


def test_import_reads_the_json_export_round_trip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill_with_card(data_dir, "anna")
    exported = tmp_path / "anna.json"
    assert (
        _run(
            "records",
            "export",
            "--data-dir",
            str(data_dir),
            "--profile",
            "anna",
            "-o",
            str(exported),
        )
        == 0
    )
    capsys.readouterr()
    assert (
        _run("records", "import", str(exported), "--data-dir", str(data_dir), "--profile", "copy")
        == 0
    )
    assert "Imported 3 attempts and 5 answers into new profile 'copy'." in capsys.readouterr().out

    assert _run("records", "export", "--data-dir", str(data_dir), "--profile", "copy") == 0
    again = json.loads(capsys.readouterr().out)
    original = json.loads(exported.read_text(encoding="utf-8"))
    assert again["profile"]["name"] == "copy"
    again["profile"]["name"] = "anna"
    assert again == original
    # Card datetimes come back as datetimes, so the TOML form is the same too.
    with ProgressStore.open(data_dir, "anna") as a, ProgressStore.open(data_dir, "copy") as b:
        assert export_toml(b).replace("'copy'", "'anna'").replace('"copy"', '"anna"') == (
            export_toml(a)
        )
        [card] = [ans.card for att in b.load_history().attempts for ans in att.answers if ans.card]
    assert card["due"] == datetime(2026, 3, 12, 9, 30, tzinfo=UTC)


def test_import_detects_json_by_content_without_suffix(data_dir: Path, tmp_path: Path) -> None:
    _fill_with_card(data_dir, "anna")
    with ProgressStore.open(data_dir, "anna") as store:
        text = export_json(store)
    record = tmp_path / "backup.txt"
    record.write_text("\n" + text)
    assert import_record(data_dir, "bob", record).answers == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "schema_version": 2,\n  "profile": \n}', "bad.json:4:1: not valid JSON: "),
        ("[1, 2]", "bad.json: not a record: expected a JSON object"),
        ('{"schema_version": 9}', "newer"),
        (
            '{"schema_version": 2, "profile": {"name": "a", "created_at": "yesterday"}}',
            "bad.json: profile.created_at: ",
        ),
        (
            '{"schema_version": 2, "profile": {"name": "a", "created_at": "2026-01-01T00:00Z"},'
            ' "attempts": [{"attempt": "x", "quiz": "q", "mode": "exam",'
            ' "started_at": "2026-01-01T00:00Z", "answers": [{"question": "q0", "answer": "A",'
            ' "correct": "yes", "seconds": 1, "answered_at": "2026-01-01T00:00Z"}]}]}',
            "bad.json: attempts[0].answers[0].correct: ",
        ),
    ],
)
def test_import_refuses_bad_json_clearly(
    data_dir: Path, tmp_path: Path, text: str, message: str
) -> None:
    record = tmp_path / "bad.json"
    record.write_text(text)
    with pytest.raises(RecordFileError) as info:
        import_record(data_dir, "anna", record)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert not (data_dir / "profiles" / "anna").exists()


def test_cli_export_json_then_import_it(data_dir: Path, tmp_path: Path) -> None:
    _fill_with_card(data_dir, "anna")
    target = tmp_path / "out dir" / "anna.json"
    target.parent.mkdir()
    base = ["--data-dir", str(data_dir)]
    result = _cli("records", "export", *base, "--profile", "anna", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", f"Wrote {target}\n")
    result = _cli("records", "import", *base, "--profile", "anna", str(target))
    assert result.returncode == 0, result.stderr
    assert "Imported 3 attempts and 5 answers into profile 'anna'." in result.stdout
    assert "kept in" in result.stdout


def test_export_to_stdout_says_nothing_on_stderr(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill_with_card(data_dir, "anna")
    assert _run("records", "export", "--data-dir", str(data_dir), "--profile", "anna") == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["profile"]["name"] == "anna"
    assert err == ""


def test_export_unknown_profile_lists_the_profiles(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("records", "export", "--data-dir", str(data_dir), "--profile", "nosuch") == 1
    assert capsys.readouterr().err == (
        f"massage-trainer: no profile named 'nosuch' in {data_dir} (no profiles yet)\n"
    )
    for name in ("demo", "Default"):
        with ProgressStore.open(data_dir, name) as store:
            fill(store, 1)
    assert _run("records", "export", "--data-dir", str(data_dir), "--profile", "nosuch") == 1
    assert capsys.readouterr().err == (
        f"massage-trainer: no profile named 'nosuch' in {data_dir} (profiles: Default, demo)\n"
    )


def test_the_old_export_and_import_names_still_work_and_point_to_records(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import main

    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    out = tmp_path / "old.toml"
    assert main(["export", "--data-dir", str(data_dir), "--profile", "anna", "-o", str(out)]) == 0
    assert "now `records export`" in capsys.readouterr().err
    assert main(["import", "--data-dir", str(data_dir), "--profile", "bob", str(out)]) == 0
    captured = capsys.readouterr()
    assert "now `records import`" in captured.err and "2 answers" in captured.out
