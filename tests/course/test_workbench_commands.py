"""The instructor's loop from the shell: ``new course``, warnings, ``--strict``,
``--format json``, images, and ``schema --course``. Real files, real commands."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.course.test_course_commands import cli, run
from trainer.course.checks import image_problems, skipped_files
from trainer.course.loader import load_course
from trainer.course.templates import EXAMPLE_SINGLE_PROMPT, PLACEHOLDER_SUMMARY

# ---------------------------------------------------------------------------- new course


def test_new_course_writes_a_course_that_validates_untouched(tmp_path, capsys):
    folder = tmp_path / "neck-and-shoulders"
    code, out, err = run(["new", "course", str(folder)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Created the course {folder}/:"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "course.toml",
        "lessons/first-lesson.md",
        "quizzes/first-lesson.toml",
        "schemas/course.schema.json",
        "schemas/lesson.schema.json",
        "schemas/quiz.schema.json",
    ]
    loaded = load_course(folder)
    assert loaded.problems == []
    assert loaded.course.info.title == "Neck and shoulders"
    assert [q.id for q in loaded.course.quizzes_for(loaded.course.lessons[0])] == ["first-lesson"]
    # No hidden staging folder is left beside it, and the folder has the usual mode.
    assert [p.name for p in tmp_path.iterdir()] == ["neck-and-shoulders"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~_umask()
    code, out, _ = run(["validate", str(folder)], capsys)
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Checked {folder}: 1 lesson, 1 quiz, 2 questions; 6 warnings in 3 files"
    )
    assert run(["validate", str(folder), "--strict"], capsys)[0] == 1


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_course_creates_one_folder_not_its_parents(tmp_path, capsys):
    code, out, err = run(["new", "course", str(tmp_path / "a" / "b")], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"massage-trainer: cannot create {tmp_path}/a/b: the folder {tmp_path}/a does not "
        "exist (new course creates one folder, not its parents)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_new_course_never_writes_into_a_folder_with_files(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    code, _, err = run(["new", "course", str(folder)], capsys)
    assert code == 1
    assert "already exists and is not empty" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["c"]


def test_new_course_fills_an_empty_folder(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    assert run(["new", "course", str(folder)], capsys)[0] == 0
    assert (folder / "course.toml").is_file()


def test_new_help_says_what_new_does(capsys):
    result = cli("new", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "new course DIR` creates the folder DIR (not its missing parents)" in text
    assert "{course,lesson,quiz}" in text
    assert "--data-dir" not in text and "--profile" not in text


# ---------------------------------------------------------------------------- warnings


def test_template_text_left_in_a_real_course_is_named_where_it_is(course, capsys):
    course.write(
        "lessons/draping.md",
        course.LESSON.replace('"The gliding stroke."', f'"{PLACEHOLDER_SUMMARY}"'),
    )
    quiz = course.QUIZ.replace(
        '[[questions]]\nid = "glide"', '[[questions]]\nid = "example-single"'
    ).replace('"Which stroke glides?"', f'"{EXAMPLE_SINGLE_PROMPT}"')
    course.write("quizzes/effleurage.toml", quiz.replace('"effleurage"', '"draping"'))
    code, out, _ = run(["validate", str(course.root)], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"{course.root}/lessons/draping.md:3:12: warning: left over from the template: the "
        "placeholder summary is still here: replace it with your own",
        f"{course.root}/quizzes/effleurage.toml:5:6: warning: left over from the template: the "
        "template's example question 'example-single': replace it with your own or delete it",
        f"Checked {course.root}: 1 lesson, 1 quiz, 1 question; 2 warnings in 2 files",
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("quizzes/final-exam.toml.txt", "rename it to final-exam.toml"),
        ("quizzes/x.TOML", "rename it to x.toml"),
        ("lessons/x.markdown", "rename it to x.md"),
        ("lessons/x.MD", "rename it to x.md"),
        ("lessons/exam.toml", "a .toml file belongs in quizzes/, not lessons/"),
        ("quizzes/notes.md", "a .md file belongs in lessons/, not quizzes/"),
    ],
)
def test_files_that_look_like_course_files_but_are_skipped_are_reported(course, name, reason):
    course.write(name, "+++\nanything")  # a .md in quizzes/ is a lesson only by its fence
    [problem] = skipped_files(course.root)
    assert (problem.path, problem.line, problem.col, problem.warning) == (
        course.root / name,
        1,
        1,
        True,
    )
    assert problem.message.startswith("skipped: ")
    assert problem.message.endswith(reason)


def test_other_files_beside_lessons_are_not_warned_about(course):
    for name in ("lessons/diagram.png", "lessons/README", "quizzes/.final.toml.swp", "x.toml"):
        course.write(name, "anything")
    (course.root / "lessons" / "images.md.d").mkdir()
    assert skipped_files(course.root) == []


def test_strict_makes_warnings_fail_and_json_lists_them(course, capsys):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write("quizzes/final.toml.txt", course.QUIZ)
    assert run(["validate", str(course.root)], capsys)[0] == 0
    assert run(["validate", str(course.root), "--strict"], capsys)[0] == 1
    code, out, err = run(["validate", str(course.root), "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "course": str(course.root),
        "builtin": False,
        "lessons": 1,
        "quizzes": 1,
        "questions": 1,
        "errors": 0,
        "warnings": 1,
        "problems": [
            {
                "file": f"{course.root}/quizzes/final.toml.txt",
                "line": 1,
                "column": 1,
                "severity": "warning",
                "message": "skipped: only files ending in .toml are read here; "
                "rename it to final.toml",
            }
        ],
    }


def test_json_reports_errors_with_exit_1(course, capsys):
    course.write("quizzes/q.toml", course.QUIZ.replace("correct =", "corect ="))
    code, out, _ = run(["validate", str(course.root), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1
    assert report["errors"] == len(report["problems"]) >= 1
    assert {p["severity"] for p in report["problems"]} == {"error"}


# ---------------------------------------------------------------------------- images


def _lesson_with(body: str) -> str:
    return LESSON_HEAD + body


LESSON_HEAD = '+++\ntitle = "T"\nsummary = "S."\n+++\n\n## Part\n\n'


def test_images_must_point_to_a_file_inside_the_course(course, tmp_path):
    course.write("lessons/img/hands.png", b"png")
    (tmp_path / "outside.png").write_bytes(b"png")
    course.write(
        "lessons/l.md",
        _lesson_with(
            "![Hands on the back](img/hands.png)\n"
            "Text ![Missing](img/nope.png) and\n"
            "![Outside](../../outside.png)\n"
            "![](img/hands.png)\n"
            '![Web](https://example.org/a.png "title")\n'
        ),
        dedent=False,
    )
    lesson = load_course(course.root).course.lessons[0]
    found = [(p.line, p.col, p.warning, p.message) for p in image_problems(course.root, lesson)]
    assert found == [
        (
            9,
            6,
            False,
            "image 'img/nope.png' not found (paths are relative to the lesson's folder, lessons/)",
        ),
        (10, 1, False, "image '../../outside.png' is outside the course folder: keep images in it"),
        (
            11,
            1,
            True,
            "image without alt text: write what it shows between the brackets, "
            "![like this](img/hands.png); the reader shows that text",
        ),
    ]


def test_validate_reports_image_errors_with_exit_1(course, capsys):
    course.write("lessons/l.md", _lesson_with("![A stroke](gone.png)\n"), dedent=False)
    code, out, _ = run(["validate", str(course.root)], capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{course.root}/lessons/l.md:8:1: image 'gone.png' not found (paths are relative "
        "to the lesson's folder, lessons/)"
    )


# ---------------------------------------------------------------------------- schema


def test_schema_course_writes_into_the_course_and_out_wins(course, tmp_path, capsys):
    code, out, _ = run(["schema", "--course", str(course.root)], capsys)
    assert code == 0
    assert (course.root / "schemas" / "quiz.schema.json").is_file()
    assert out.splitlines()[0] == f"{course.root}/schemas/quiz.schema.json"
    elsewhere = tmp_path / "elsewhere"
    assert run(["schema", "--course", str(course.root), "--out", str(elsewhere)], capsys)[0] == 0
    assert (elsewhere / "lesson.schema.json").is_file()


def test_schema_inside_a_course_writes_its_schemas(course, monkeypatch, capsys):
    monkeypatch.chdir(course.root)
    assert run(["schema"], capsys)[0] == 0
    assert (Path(course.root) / "schemas" / "course.schema.json").is_file()


# ---------------------------------------------------------------------------- preview


def test_preview_outside_a_course_says_how_to_name_one(tmp_path, monkeypatch, capsys):
    from trainer.cli import build_parser

    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["preview", "lesson", "x"])
    assert args.handler(args) == 2
    assert capsys.readouterr().err == (
        f"massage-trainer: {tmp_path} is not a course folder (no lessons/ or quizzes/): run "
        "this inside your course, or give --course DIR\n"
    )


def test_preview_of_an_unknown_id_suggests_the_closest(course, capsys):
    from trainer.cli import build_parser

    course.write("lessons/effleurage.md", course.LESSON)
    args = build_parser().parse_args(
        ["preview", "lesson", "eflleurage", "--course", str(course.root)]
    )
    assert args.handler(args) == 2
    assert capsys.readouterr().err == (
        f"massage-trainer: no lesson 'eflleurage' in the course: there is no "
        f"{course.root}/lessons/eflleurage.md (did you mean 'effleurage'?)\n"
    )


@pytest.mark.parametrize("inside", ["lessons", "quizzes"])
def test_instructor_commands_inside_lessons_or_quizzes_work_on_the_course(
    course, monkeypatch, capsys, inside
):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    monkeypatch.chdir(course.root / inside)
    code, out, err = run(["validate"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"Checked {course.root}:")
    assert run(["new", "lesson", "friction"], capsys)[0] == 0
    assert (course.root / "lessons" / "friction.md").is_file()
    assert run(["schema"], capsys)[0] == 0
    assert (course.root / "schemas" / "quiz.schema.json").is_file()


def test_copies_and_notes_are_not_warned_about(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("lessons/effleurage.md.orig", course.LESSON)  # renaming would replace it
    course.write("quizzes/README.md", "# Notes on the quizzes\n")
    course.write("quizzes/stray-lesson.md", course.LESSON)  # a lesson in the wrong folder
    assert [p.path.name for p in skipped_files(course.root)] == ["stray-lesson.md"]


def test_images_shown_as_code_are_not_checked(course, capsys):
    body = "`![c](nope.png)` and\n\n```\n![fenced](nope2.png)\n```\n"
    course.write("lessons/l.md", _lesson_with(body), dedent=False)
    code, out, _ = run(["validate", str(course.root)], capsys)
    assert code == 0, out
