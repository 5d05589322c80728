"""``class report --lrs``: the class report built from the statements students sent to a
real LRS (Ralph) is the report their class files give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.lrs_harness import RalphServer
from tests.xapi.conftest import Studied, study
from trainer.cli import main


@pytest.fixture
def login(fresh_ralph: RalphServer, monkeypatch: pytest.MonkeyPatch) -> RalphServer:
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_USERNAME", fresh_ralph.username)
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_PASSWORD", fresh_ralph.password)
    return fresh_ralph


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["class", "report", *argv, "--format", "json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """What must agree: every figure of every quiz, and each student's standing."""
    students = [
        {
            key: student[key]
            for key in ("id", "name", "status", "lessons_read", "quizzes_passed", "lessons")
        }
        for student in report["students"]
    ]
    return {"quizzes": report["quizzes"], "students": students}


def test_the_report_from_the_lrs_is_the_report_from_the_files(
    studied: Studied, login: RalphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study(studied.course_root, studied.data_dir, "bob", hours_ago=5.0)
    folder = tmp_path / "class"
    folder.mkdir()
    for profile in ("anna", "bob"):
        common = ["--data-dir", str(studied.data_dir), "--profile", profile]
        common += ["--course", str(studied.course_root)]
        assert main(["records", "send", *common, "--lrs", login.endpoint]) == 0
        out = folder / f"{profile}.json"
        assert main(["records", "export", "--for-class", *common, "-o", str(out)]) == 0
    capsys.readouterr()
    course = ["--course", str(studied.course_root)]
    from_files = _report(capsys, str(folder), *course)
    from_lrs = _report(
        capsys, "--lrs", login.endpoint, *course, "--data-dir", str(studied.data_dir)
    )
    assert [s["name"] for s in from_lrs["students"]] == ["anna", "bob"]
    assert from_lrs["files_read"] == 2 and from_lrs["skipped"] == []
    basics = next(quiz for quiz in from_lrs["quizzes"] if quiz["id"] == "basics")
    # One full attempt each (the retake and the abandoned attempt are not attempts at it).
    assert basics["attempts"] == 2
    assert _comparable(from_lrs) == _comparable(from_files)


def test_an_lrs_refusing_the_login_gets_a_clear_message(
    studied: Studied, fresh_ralph: RalphServer, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_USERNAME", fresh_ralph.username)
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_PASSWORD", "not the password")
    argv = ["class", "report", "--lrs", fresh_ralph.endpoint, "--course", str(studied.course_root)]
    assert main([*argv, "--data-dir", str(studied.data_dir)]) == 1
    err = capsys.readouterr().err
    assert "massage-trainer:" in err and "Traceback" not in err
    assert "refused" in err or "401" in err


def test_files_and_an_lrs_together_are_refused(studied: Studied, capsys) -> None:
    assert main(["class", "report", "x.json", "--lrs", "http://127.0.0.1:9"]) == 2
    assert "not both" in capsys.readouterr().err
