"""The instructor commands: ``validate``, ``new`` and ``schema``.

Handlers are driven through a parser built with ``trainer.cli.course.register``
(as ``trainer.cli`` does); the subprocess tests at the end run the real
``python -m trainer``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from trainer import __version__
from trainer.cli import course as commands
from trainer.cli.options import add_common as _add_common
from trainer.course.builtin import builtin_course_dir
from trainer.course.loader import load_course

REPO = Path(__file__).resolve().parents[2]
FOLDER = {"lesson": "lessons", "quiz": "quizzes"}
SUFFIX = {"lesson": ".md", "quiz": ".toml"}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="massage-trainer")
    _add_common(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, suppress=True)
    commands.register(parser.add_subparsers(dest="command"), common)
    return parser


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = make_parser().parse_args(argv)
    code = args.handler(args)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------- validate


def test_validate_clean_course_exits_0_with_summary(course, capsys):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    code, out, err = run(["validate", str(course.root)], capsys)
    assert code == 0
    assert out == f"Checked {course.root}: 1 lesson, 1 quiz, 1 question; no problems\n"
    assert err == ""


def test_validate_problems_exit_1_listing_each_and_a_summary(course, capsys):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("lessons/broken.md", "no fence\n")
    course.write("quizzes/effleurage.toml", course.QUIZ.replace("correct =", "corect ="))
    code, out, _ = run(["validate", str(course.root)], capsys)
    assert code == 1
    lines = out.splitlines()
    root = course.root
    assert lines == [
        f"{root}/lessons/broken.md:1:1: a lesson must start with a `+++` line, then its TOML "
        "front matter (title, summary, ...), then another `+++` line",
        f"{root}/quizzes/effleurage.toml:4:3: missing required key `correct`",
        f"{root}/quizzes/effleurage.toml:8:1: unknown key `corect` (did you mean `correct`?)",
        f"Checked {root}: 2 lessons, 1 quiz, 0 questions; 3 problems in 2 files",
    ]


def test_validate_accepts_course_option(course, capsys):
    course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    code, out, _ = run(["--course", str(course.root), "validate"], capsys)
    assert (code, out) == (
        0,
        f"Checked {course.root}: 0 lessons, 1 quiz, 1 question; no problems\n",
    )


def test_validate_accepts_course_option_after_the_command(course, capsys):
    course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    code, out, err = run(["validate", "--course", str(course.root)], capsys)
    summary = f"Checked {course.root}: 0 lessons, 1 quiz, 1 question; no problems\n"
    assert (code, out, err) == (0, summary, "")


def test_validate_takes_only_the_options_it_uses(capsys):
    """The data folder and profile mean nothing to a course check: --help lists neither."""
    with pytest.raises(SystemExit):
        make_parser().parse_args(["validate", "--data-dir", "/nowhere"])
    assert "unrecognized arguments: --data-dir" in capsys.readouterr().err


def test_validate_positional_folder_wins_over_course_option(course, tmp_path, capsys):
    course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    code, out, _ = run(["validate", str(course.root), "--course", str(tmp_path / "no")], capsys)
    assert (code, out) == (
        0,
        f"Checked {course.root}: 0 lessons, 1 quiz, 1 question; no problems\n",
    )


@pytest.mark.parametrize("kind", ["missing", "not-a-course", "file"])
def test_validate_usage_errors_exit_2(tmp_path, capsys, kind):
    target = tmp_path / "x"
    if kind == "not-a-course":
        target.mkdir()
    elif kind == "file":
        target.write_text("x")
    code, out, err = run(["validate", str(target)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"massage-trainer: {target}: ")


def test_validate_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        make_parser().parse_args(["validate", "a", "b"])
    assert info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_validate_outside_a_course_checks_the_builtin_course_and_says_so(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["validate"], capsys)
    assert load_course(builtin_course_dir()).problems == []
    assert code == 0
    assert out.splitlines()[-1].startswith("Checked the built-in course: 12 lessons")
    assert err == (
        f"massage-trainer: no course folder here (no lessons/ or quizzes/ in {tmp_path}); "
        "checking the built-in course\n"
    )


def test_validate_inside_a_course_checks_that_course(course, monkeypatch, capsys):
    """Before, run in an instructor's course it reported on the built-in course: OK."""
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ.replace("correct =", "corect ="))
    monkeypatch.chdir(course.root)
    code, out, err = run(["validate"], capsys)
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == (
        f"Checked {course.root}: 1 lesson, 1 quiz, 0 questions; 2 problems in 1 file"
    )


def test_builtin_course_dir_is_repo_root_in_a_checkout():
    assert builtin_course_dir() == REPO


# ---------------------------------------------------------------------------- new


@pytest.mark.parametrize("kind", ["lesson", "quiz"])
def test_new_file_passes_validate_untouched(tmp_path, capsys, kind):
    root = tmp_path / "course"
    code, out, _ = run(["new", kind, "neck-and-shoulders", "--course", str(root)], capsys)
    path = root / FOLDER[kind] / f"neck-and-shoulders{SUFFIX[kind]}"
    assert code == 0
    schemas = root / "schemas"
    wrote = f"Wrote JSON Schemas for editors into {schemas}/\n" if kind == "quiz" else ""
    assert out == f"Created {path}\n{wrote}"
    assert (schemas / "quiz.schema.json").is_file() is (kind == "quiz")
    text = path.read_text(encoding="utf-8")
    assert "#" in text  # commented
    assert '# quiz = "' in text or '# lesson = "' in text  # no partner yet: link commented
    assert load_course(root).problems == []
    code, out, _ = run(["validate", str(root)], capsys)
    assert code == 0, out


def test_new_lesson_and_quiz_together_and_linked(tmp_path, capsys):
    root = tmp_path / "c"
    assert run(["--course", str(root), "new", "lesson", "l1"], capsys)[0] == 0
    assert run(["new", "quiz", "l1", "--course", str(root)], capsys)[0] == 0
    # Uncommenting the suggested link lines keeps the course valid.
    for rel, key in [("lessons/l1.md", "quiz"), ("quizzes/l1.toml", "lesson")]:
        path = root / rel
        path.write_text(path.read_text().replace(f"# {key} = ", f"{key} = "))
    loaded = load_course(root)
    assert loaded.problems == []
    assert [q.id for q in loaded.course.quizzes_for(loaded.course.lessons[0])] == ["l1"]
    assert loaded.course.quizzes["l1"].mode == "practice"


@pytest.mark.parametrize("first", ["lesson", "quiz"])
def test_new_second_of_a_pair_is_linked_and_valid_untouched(tmp_path, capsys, first):
    root = tmp_path / "c"
    second = "quiz" if first == "lesson" else "lesson"
    assert run(["new", first, "neck", "--course", str(root)], capsys)[0] == 0
    code, out, _ = run(["new", second, "neck", "--course", str(root)], capsys)
    assert code == 0
    path = root / FOLDER[second] / f"neck{SUFFIX[second]}"
    partner = root / FOLDER[first] / f"neck{SUFFIX[first]}"
    assert out.splitlines()[0] == f"Created {path}, linked to {partner}"
    key = "quiz" if second == "lesson" else "lesson"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(f'{key} = "neck"  ') for line in lines)
    loaded = load_course(root)
    assert loaded.problems == []
    assert [q.id for q in loaded.course.quizzes_for(loaded.course.lessons[0])] == ["neck"]
    code, out, _ = run(["validate", str(root)], capsys)
    assert code == 0
    # Untouched templates pass, with their placeholder text named as warnings.
    assert out.splitlines()[-1] == (
        f"Checked {root}: 1 lesson, 1 quiz, 2 questions; 5 warnings in 2 files"
    )
    assert all(": warning: left over from the template" in line for line in out.splitlines()[:-1])
    code, out, _ = run(["validate", str(root), "--strict"], capsys)
    assert code == 1


def test_new_quiz_links_to_a_lesson_that_has_a_quiz_already(tmp_path, capsys):
    """A lesson may have several quizzes: the new one becomes its second."""
    root = tmp_path / "c"
    assert run(["new", "quiz", "other", "--course", str(root)], capsys)[0] == 0
    assert run(["new", "lesson", "neck", "--course", str(root)], capsys)[0] == 0
    lesson = root / "lessons" / "neck.md"
    lesson.write_text(lesson.read_text().replace('# quiz = "neck"', 'quiz = "other"'))
    code, out, _ = run(["new", "quiz", "neck", "--course", str(root)], capsys)
    assert (code, out.splitlines()[0]) == (0, f"Created {root / 'quizzes' / 'neck.toml'}, "
                                              f"linked to {lesson}")  # fmt: skip
    loaded = load_course(root)
    assert loaded.problems == []
    assert loaded.course.lesson_quizzes == {"neck": ("other", "neck")}


def test_new_does_not_link_a_partner_already_linked_elsewhere(tmp_path, capsys):
    """A quiz tests one lesson: a quiz another lesson lists is not linked to its partner."""
    root = tmp_path / "c"
    assert run(["new", "lesson", "other", "--course", str(root)], capsys)[0] == 0
    assert run(["new", "lesson", "neck", "--course", str(root)], capsys)[0] == 0
    other = root / "lessons" / "other.md"
    other.write_text(other.read_text().replace('# quiz = "other"', 'quiz = ["neck"]'))
    # Both ways round: lesson `other` lists the quiz `neck`, to be written now.
    code, out, _ = run(["new", "quiz", "neck", "--course", str(root)], capsys)
    assert (code, out.splitlines()[0]) == (0, f"Created {root / 'quizzes' / 'neck.toml'}")
    assert '# lesson = "neck"' in (root / "quizzes" / "neck.toml").read_text()
    (root / "lessons" / "neck.md").unlink()
    code, out, _ = run(["new", "lesson", "neck", "--course", str(root)], capsys)
    assert (code, out) == (0, f"Created {root / 'lessons' / 'neck.md'}\n")
    assert '# quiz = "neck"' in (root / "lessons" / "neck.md").read_text()
    assert load_course(root).problems == []


def test_new_quiz_keeps_existing_schemas(tmp_path, capsys):
    root = tmp_path / "c"
    mine = root / "schemas" / "quiz.schema.json"
    mine.parent.mkdir(parents=True)
    mine.write_text("{}")
    code, out, _ = run(["new", "quiz", "q1", "--course", str(root)], capsys)
    assert (code, out) == (0, f"Created {root / 'quizzes' / 'q1.toml'}\n")
    assert mine.read_text() == "{}"


def test_new_quiz_defaults_to_current_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(["new", "quiz", "q1"], capsys)
    assert code == 0
    assert (tmp_path / "quizzes" / "q1.toml").is_file()


@pytest.mark.parametrize("kind", ["lesson", "quiz"])
def test_new_refuses_to_overwrite(tmp_path, capsys, kind):
    root = tmp_path / "c"
    path = root / FOLDER[kind] / f"x{SUFFIX[kind]}"
    path.parent.mkdir(parents=True)
    path.write_text("mine")
    code, out, err = run(["new", kind, "x", "--course", str(root)], capsys)
    assert code == 1
    assert out == ""
    assert err == f"massage-trainer: {path} already exists; not overwriting it\n"
    assert path.read_text() == "mine"


def test_new_refuses_a_course_folder_whose_parent_does_not_exist(tmp_path, capsys):
    """A typo in --course must not create a whole new tree of folders."""
    root = tmp_path / "typo" / "my-course"
    code, out, err = run(["new", "lesson", "l1", "--course", str(root)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"massage-trainer: cannot create the course folder {root}: "
        f"the folder {root.parent} does not exist\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["../escape", "has space", ".hidden", "a/b", ""])
def test_new_rejects_bad_ids(tmp_path, capsys, bad):
    code, _, err = run(["new", "lesson", bad, "--course", str(tmp_path)], capsys)
    assert code == 2
    assert "is not a valid id" in err
    assert not any(tmp_path.rglob("*.md"))


def test_new_unknown_kind_is_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        make_parser().parse_args(["new", "exam", "x"])
    assert info.value.code == 2


# ---------------------------------------------------------------------------- schema


def test_schema_writes_valid_json(tmp_path, capsys):
    out_dir = tmp_path / "out" / "schemas"
    code, out, _ = run(["schema", "--out", str(out_dir)], capsys)
    assert code == 0
    names = {"quiz.schema.json", "lesson.schema.json", "course.schema.json"}
    assert {p.name for p in out_dir.iterdir()} == names
    assert sorted(out.splitlines()) == sorted(str(out_dir / n) for n in names)
    for name in names:
        schema = json.loads((out_dir / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
    quiz = json.loads((out_dir / "quiz.schema.json").read_text())
    assert set(quiz["required"]) == {"title", "questions"}
    assert "discriminator" in json.dumps(quiz["properties"]["questions"])
    lesson = json.loads((out_dir / "lesson.schema.json").read_text())
    assert set(lesson["required"]) == {"title", "summary"}


def test_schema_unwritable_target_exits_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _out, err = run(["schema", "--out", str(blocker / "sub")], capsys)
    assert code == 1
    assert err.startswith("massage-trainer: cannot write schemas to ")


# ---------------------------------------------------------------------------- the real CLI


def _memory_cap() -> None:
    # A command that reads a device to the end fails fast here instead of filling memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def cli(
    *argv: str | bytes, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=timeout,
        check=False,
        preexec_fn=_memory_cap,
    )


def test_cli_help_and_version():
    result = cli("--help")
    assert result.returncode == 0
    for word in ("validate", "schema", "new"):
        assert word in result.stdout
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"massage-trainer {__version__}"
    for sub in ("validate", "schema", "new"):
        result = cli(sub, "--help")
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout


def test_cli_validate_exit_codes(course, tmp_path):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    clean = cli("validate", str(course.root), cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.startswith(f"Checked {course.root}: 1 lesson, 1 quiz")

    course.write("quizzes/effleurage.toml", b"\xff")
    bad = cli("validate", str(course.root), cwd=tmp_path)
    assert bad.returncode == 1
    assert f"{course.root}/quizzes/effleurage.toml:1:1: file is not UTF-8" in bad.stdout
    assert bad.stdout.splitlines()[-1] == (
        f"Checked {course.root}: 1 lesson, 1 quiz, 0 questions; 1 problem in 1 file"
    )
    assert "Traceback" not in bad.stderr

    for argv in (["validate", str(tmp_path / "missing")], ["validate", "a", "b"], ["nonsense"]):
        result = cli(*argv, cwd=tmp_path)
        assert result.returncode == 2, argv
        assert "Traceback" not in result.stderr


def test_cli_new_then_validate_and_schema(tmp_path):
    root = tmp_path / "c"
    assert cli("new", "lesson", "l1", "--course", str(root), cwd=tmp_path).returncode == 0
    assert cli("new", "quiz", "q1", "--course", str(root), cwd=tmp_path).returncode == 0
    again = cli("new", "quiz", "q1", "--course", str(root), cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    result = cli("validate", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    result = cli("schema", "--out", str(tmp_path / "s"), cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads((tmp_path / "s" / "quiz.schema.json").read_text())["title"]


def test_cli_validate_builtin_course_without_traceback():
    result = cli("validate")
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr


def test_cli_validate_neither_waits_on_named_pipes_nor_reads_devices(course, tmp_path):
    """A named pipe would block the read for ever, /dev/zero would fill memory."""
    root = course.root
    os.mkfifo(root / "course.toml")
    os.mkfifo(root / "lessons" / "pipe.md")
    os.mkfifo(root / "quizzes" / "pipe.toml")
    (root / "lessons" / "zero.md").symlink_to("/dev/zero")
    (root / "quizzes" / "zero.toml").symlink_to("/dev/zero")
    result = cli("validate", str(root), cwd=tmp_path, timeout=30)
    assert (result.returncode, result.stderr) == (1, "")
    pipe, device = "cannot read file: not a regular file (a named pipe)", "(a device)"
    assert result.stdout.splitlines() == [
        f"{root}/course.toml:1:1: {pipe}",
        f"{root}/lessons/pipe.md:1:1: {pipe}",
        f"{root}/lessons/zero.md:1:1: {pipe.replace('(a named pipe)', device)}",
        f"{root}/quizzes/pipe.toml:1:1: {pipe}",
        f"{root}/quizzes/zero.toml:1:1: {pipe.replace('(a named pipe)', device)}",
        f"Checked {root}: 2 lessons, 2 quizzes, 0 questions; 5 problems in 5 files",
    ]


def test_cli_validate_does_not_wait_on_a_named_pipe_called_lessons(course, tmp_path):
    (course.root / "lessons").rmdir()
    os.mkfifo(course.root / "lessons")
    course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    result = cli("validate", str(course.root), cwd=tmp_path, timeout=30)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == (
        f"{course.root}/lessons:1:1: cannot list the folder: Not a directory"
    )


STRICT = {"PYTHONIOENCODING": "utf-8:strict"}


def test_cli_validate_shows_file_names_that_are_not_utf8_with_escapes(course, tmp_path):
    """Such a name reaches Python as surrogates, which a strict UTF-8 stdout refuses."""
    lessons = os.fsencode(course.root / "lessons")
    with open(os.path.join(lessons, b"\xff.md"), "w", encoding="utf-8") as file:
        file.write(course.LESSON.replace('quiz = "effleurage"\n', ""))
    result = cli("validate", str(course.root), cwd=tmp_path, env=STRICT)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{course.root}/lessons/\\xff.md:1:1: the file name gives the lesson id '\\xff', which "
        "may contain only letters, digits, '-', '_' and '.'; rename the file",
        f"Checked {course.root}: 1 lesson, 0 quizzes, 0 questions; 1 problem in 1 file",
    ]


def test_cli_new_shows_a_course_folder_that_is_not_utf8_with_escapes(tmp_path):
    root = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    result = cli("new", "quiz", "q1", "--course", root, cwd=tmp_path, env=STRICT)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"Created {tmp_path}/caf\\xe9/quizzes/q1.toml",
        f"Wrote JSON Schemas for editors into {tmp_path}/caf\\xe9/schemas/",
    ]
    again = cli("new", "quiz", "q1", "--course", root, cwd=tmp_path, env=STRICT)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (
        f"massage-trainer: {tmp_path}/caf\\xe9/quizzes/q1.toml already exists; not overwriting it\n"
    )
