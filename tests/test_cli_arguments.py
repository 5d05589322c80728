"""Options and data folders the command line must refuse plainly: one line, no traceback.

Empty names, a file where the data folder should be, a folder the student may not open,
and file names that are not valid UTF-8 on a terminal that accepts nothing else.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from unprivileged import ROOT, run_cli_unprivileged, shared_tmp_dir

from trainer.cli import main
from trainer.progress.store import ProgressStore

# Every command that reads or writes the data folder (the app's own are below). The shared
# options go before the command here: each command lists after it only those it uses.
DATA_COMMANDS = {
    "profiles": ["profiles"],
    "progress": ["progress"],
    "export": ["records", "export"],
    "import": ["records", "import", "{record}"],
    "reset": ["reset", "--yes"],
}
APP_COMMANDS = {"review": ["review"], "the app": []}
NOT_UTF8 = os.fsdecode(b"caf\xe9")  # a Latin-1 "café" folder: lone surrogates in Python


def make_profile(data_dir: Path, name: str = "anna") -> None:
    """A profile with one lesson read."""
    with ProgressStore.open(data_dir, name) as store:
        store.record_lesson_progress("basics", 1.0)


def make_record(folder: Path) -> Path:
    """An exported record, as ``import`` takes it (made from a throwaway profile)."""
    make_profile(folder / "source")
    record = folder / "record.json"
    options = ["--data-dir", str(folder / "source"), "--profile", "anna"]
    assert main(["records", "export", *options, "-o", str(record)]) == 0
    return record


def command(name: str, record: Path) -> list[str]:
    """The words of a data command, with the record file put in."""
    words = {**DATA_COMMANDS, **APP_COMMANDS}[name]
    return [word.format(record=record) for word in words]


def run_app_command(args: list[str]) -> subprocess.CompletedProcess[str]:
    """The app's commands in a subprocess: should a check be missed, the app starts
    there (and times out) rather than inside the test run."""
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


@pytest.fixture
def record(tmp_path: Path) -> Path:
    return make_record(tmp_path / "record")


@pytest.mark.parametrize("name", DATA_COMMANDS)
def test_an_empty_profile_name_is_refused_not_taken_for_the_default(
    tmp_path: Path, record: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data = tmp_path / "data"
    make_profile(data, "default")
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(data), "--profile", "", *command(name, record)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --profile: a profile name cannot be empty" in err
    assert len(list((data / "backups").glob("*"))) == 0  # reset and import did nothing


@pytest.mark.parametrize("name", DATA_COMMANDS)
def test_an_empty_data_dir_is_refused_not_taken_for_the_current_folder(
    tmp_path: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    here = tmp_path / "here"
    make_profile(here)  # were "" read as ".", every command would find this profile
    monkeypatch.chdir(here)
    before = sorted(here.rglob("*"))
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", "", "--profile", "anna", *command(name, record)])
    assert exit_.value.code == 2
    assert "argument --data-dir: an empty folder name is not allowed" in capsys.readouterr().err
    assert sorted(here.rglob("*")) == before


@pytest.mark.parametrize("name", DATA_COMMANDS)
@pytest.mark.parametrize(
    ("below", "reason"),
    [("", "it is not a folder"), ("data", "part of that path is a file, not a folder")],
)
def test_a_file_given_as_the_data_folder_is_named_as_not_a_folder(
    tmp_path: Path,
    record: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    below: str,
    reason: str,
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("my massage notes\n", encoding="utf-8")
    data = file / below if below else file
    assert main(["--data-dir", str(data), "--profile", "anna", *command(name, record)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"massage-trainer: cannot use the data folder {data}: {reason}\n"
    assert file.read_text(encoding="utf-8") == "my massage notes\n"


@pytest.mark.parametrize("name", APP_COMMANDS)
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--profile", "", "a profile name cannot be empty"),
        ("--data-dir", "", "an empty folder name is not allowed"),
        ("--data-dir", "{file}", "cannot use the data folder {file}: it is not a folder"),
    ],
)
def test_the_app_refuses_the_same_options_before_it_starts(
    tmp_path: Path, name: str, option: str, value: str, message: str
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("my massage notes\n", encoding="utf-8")
    args = [*APP_COMMANDS[name], option, value.format(file=file)]
    result = run_app_command(args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message.format(file=file) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder the unprivileged user can reach, with a record it may read."""
    with shared_tmp_dir() as base:
        record = make_record(tmp_path)
        (base / "record.json").write_bytes(record.read_bytes())
        yield base


LOCKED = {
    "locked": ("data", "permission denied (you may not open it)"),
    "inside a locked folder": ("locked/data", "permission denied by a folder above it"),
}


@pytest.mark.parametrize("name", [*DATA_COMMANDS, *APP_COMMANDS])
@pytest.mark.parametrize("layout", LOCKED)
def test_a_data_folder_the_student_may_not_open_is_named_without_a_traceback(
    shared: Path, name: str, layout: str
) -> None:
    below, reason = LOCKED[layout]
    data = shared / below
    make_profile(data)
    locked = data if layout == "locked" else data.parent
    locked.chmod(0o000 if layout == "locked" else 0o600)  # 0o600: no way through it
    args = ["--data-dir", str(data), "--profile", "anna", *command(name, shared / "record.json")]
    result = run_cli_unprivileged(args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr == f"massage-trainer: cannot use the data folder {data}: {reason}\n"


# Not import: it already said "Could not import into ...: Permission denied".
@pytest.mark.parametrize("name", ["profiles", "progress", "export", "reset"])
def test_a_locked_folder_inside_the_data_folder_is_named_without_a_traceback(
    shared: Path, name: str
) -> None:
    data = shared / "data"
    make_profile(data)
    locked = data / "profiles"
    locked.chmod(0o000)
    args = ["--data-dir", str(data), "--profile", "anna", *command(name, shared / "record.json")]
    result = run_cli_unprivileged(args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("massage-trainer: ")
    assert str(locked) in result.stderr and "ermission denied" in result.stderr


def run_strict(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """``python ARGS`` with a stdout that refuses anything but valid UTF-8."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_a_folder_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    data = tmp_path / NOT_UTF8
    result = run_strict(["-m", "trainer", "profiles", "--data-dir", str(data)])
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert f"No profiles yet in {tmp_path}/caf\\xe9.".encode() in result.stdout


def test_reset_and_import_print_backup_paths_that_are_not_utf8(tmp_path: Path) -> None:
    data = tmp_path / NOT_UTF8
    make_profile(data)
    options = ["--data-dir", str(data), "--profile", "anna"]
    reset = run_strict(["-m", "trainer", "reset", "--yes", *options])
    assert reset.returncode == 0, reset.stderr.decode("utf-8", "replace")
    out = reset.stdout.decode("utf-8")  # strict: what was printed is valid UTF-8
    assert f"{tmp_path}/caf\\xe9/backups/anna-" in out
    assert "To undo: massage-trainer records import --data-dir" in out

    [backup] = (data / "backups").glob("anna-*.toml")
    restore = run_strict(["-m", "trainer", "records", "import", *options, str(backup)])
    assert restore.returncode == 0, restore.stderr.decode("utf-8", "replace")
    assert f"was kept in {tmp_path}/caf\\xe9/backups/".encode() in restore.stdout


def test_once_main_has_run_no_print_fails_on_text_it_cannot_encode(tmp_path: Path) -> None:
    code = (
        "from trainer.cli import main\n"
        f"main(['profiles', '--data-dir', {str(tmp_path)!r}])\n"
        "print('left over: \\udce9')\n"  # what a path that missed printable_path would be
    )
    result = run_strict(["-c", code])
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.decode("utf-8").endswith("left over: \\udce9\n")


@pytest.mark.parametrize(
    ("words", "listed", "absent"),
    [
        (["profiles"], ["--data-dir"], ["--course", "--profile"]),
        # --course only for the class file: the record itself belongs to no course.
        (["records", "export"], ["--data-dir", "--profile", "--for-class", "--course"], []),
        (["records", "import"], ["--data-dir", "--profile"], ["--course"]),
        (["progress"], ["--course", "--data-dir", "--profile"], []),
        (["validate"], ["--course", "--strict", "--format"], ["--data-dir", "--profile"]),
        (["preview"], ["--course"], ["--data-dir", "--profile"]),
        (["schema"], ["--course", "--out"], ["--data-dir", "--profile"]),
        (["new"], ["--course"], ["--data-dir", "--profile"]),
    ],
)
def test_each_command_lists_only_the_options_it_uses(
    words: list[str], listed: list[str], absent: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([*words, "--help"])
    text = capsys.readouterr().out
    options = set(re.findall(r"^\s+(--[a-z-]+)", text, re.MULTILINE))
    assert set(listed) <= options
    assert not options & set(absent)


def test_progress_writes_o_like_every_report_command(tmp_path, capsys):
    """``progress -o`` goes through the one ``-o`` writer: never into a named pipe (it
    would wait for ever), and a private file stays private."""
    data = tmp_path / "data"
    with ProgressStore.open(data, "anna"):
        pass
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    base = ["progress", "--data-dir", str(data), "--profile", "anna", "-o"]
    assert main([*base, str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err
    private = tmp_path / "mine.txt"
    private.write_text("", encoding="utf-8")
    private.chmod(0o600)
    assert main([*base, str(private)]) == 0
    assert private.stat().st_mode & 0o777 == 0o600 and private.read_text(encoding="utf-8")
