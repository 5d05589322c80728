"""``class report``: a class's files in, a report out, from real files in ``tmp_path``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic_class import student_file
from tests.fixture_course import write_course
from trainer.classes.class_files import ClassFileError, find_class_files, read_class_file
from trainer.classes.report import ClassReport, ClassReportBuilder
from trainer.classes.roster import parse_roster
from trainer.cli import main
from trainer.cli.classes import default_action
from trainer.course.loader import load_course
from trainer.course.models import Course

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ALL_BASICS = ["b1", "b2", "b3", "b4", "b5"]


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")


@pytest.fixture
def course(course_root: Path) -> Course:
    return load_course(course_root).course


def answer(question: str, correct: bool, given: Any = "x") -> dict[str, Any]:
    return {
        "question": question,
        "correct": correct,
        "given": given,
        "answered_at": "2026-11-10T10:00:00Z",
        "seconds": 5.0,
    }


def attempt(
    marks: dict[str, Any],
    *,
    kind: str = "full",
    outcome: str = "finished",
    started: str = "2026-11-10T10:00:00Z",
    asked: list[str] | None = None,
    quiz: str = "basics",
) -> dict[str, Any]:
    """An attempt at ``quiz``; ``marks`` maps question -> 1, 0, or (0, "wrong answer")."""
    answers = []
    for question, mark in marks.items():
        given = mark[1] if isinstance(mark, tuple) else "x"
        answers.append(answer(question, bool(mark[0] if isinstance(mark, tuple) else mark), given))
    right = sum(1 for a in answers if a["correct"])
    asked = asked if asked is not None else list(marks)
    return {
        "attempt": f"{started}-{len(answers)}{right}",
        "quiz": quiz,
        "kind": kind,
        "started_at": started,
        "ended_at": started if outcome != "open" else None,
        "outcome": outcome,
        "score": 100 * right / len(asked) if outcome == "finished" else None,
        "passed": right == len(asked) if outcome == "finished" else None,
        "questions": asked,
        "answers": answers,
    }


def class_file(
    course: Course,
    number: int,
    attempts: list[dict[str, Any]],
    *,
    name: str | None = None,
    exported: datetime = NOW - timedelta(days=1),
    last: datetime | None = NOW - timedelta(days=2),
    overdue: int = 0,
) -> dict[str, Any]:
    data = student_file(course, number, 0)
    data["student"]["name"] = name or f"Student {number}"
    data["exported_at"] = exported.isoformat()
    data["last_activity"] = last.isoformat() if last else None
    data["reviews_overdue"] = overdue
    data["attempts"] = attempts
    return data


def write(folder: Path, name: str, data: dict[str, Any] | str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def build(
    course: Course, folder: Path, rule: str = "first", roster: str | None = None
) -> ClassReport:
    builder = ClassReportBuilder(
        course,
        rule,
        parse_roster(roster) if roster is not None else None,
        NOW,  # type: ignore[arg-type]
    )
    builder.add_files([folder], lambda path: path.name)
    return builder.build(NOW)


def test_only_finished_full_attempts_count_and_a_blank_is_wrong(course, tmp_path):
    folder = tmp_path / "class"
    first = attempt(
        {"b1": 1, "b2": 0, "b3": 1, "b5": 1}, asked=ALL_BASICS, started="2026-11-01T09:00:00Z"
    )
    write(
        folder,
        "a.json",
        class_file(
            course,
            1,
            [
                attempt({"b1": 0}, kind="review", started="2026-10-30T09:00:00Z"),
                attempt({"b1": 1, "b2": 1}, outcome="abandoned", started="2026-10-31T09:00:00Z"),
                first,
                attempt({"b2": 1}, kind="retake", started="2026-11-01T10:00:00Z"),
                attempt(dict.fromkeys(ALL_BASICS, 1), started="2026-11-02T09:00:00Z"),
            ],
        ),
    )
    write(folder, "b.json", class_file(course, 2, [attempt(dict.fromkeys(ALL_BASICS, 0))]))
    report = build(course, folder)
    basics = next(quiz for quiz in report.quizzes if quiz.id == "basics")
    assert (basics.students, basics.attempts) == (2, 2)
    facility = {q.id: q.facility for q in basics.questions}
    # Student 1's first full attempt: b4 asked but not answered counts as 0.
    assert facility == {"b1": 50.0, "b2": 0.0, "b3": 50.0, "b4": 0.0, "b5": 50.0}
    assert basics.score_counts == [1, 0, 0, 1, 0, 0]
    last = build(course, folder, "last")
    basics = next(quiz for quiz in last.quizzes if quiz.id == "basics")
    assert {q.id: q.facility for q in basics.questions}["b4"] == 50.0
    strokes = next(quiz for quiz in report.quizzes if quiz.id == "strokes")
    assert (strokes.attempts, strokes.mean) == (0, None)


def test_the_newer_file_of_the_same_student_counts(course, tmp_path):
    folder = tmp_path / "class"
    old = class_file(
        course, 1, [attempt(dict.fromkeys(ALL_BASICS, 0))], exported=NOW - timedelta(days=9)
    )
    new = class_file(
        course, 1, [attempt(dict.fromkeys(ALL_BASICS, 1))], exported=NOW - timedelta(days=1)
    )
    write(folder, "z-new.json", new)
    write(folder, "a-old.json", old)
    report = build(course, folder)
    assert len(report.students) == 1 and report.students[0].file == "z-new.json"
    basics = next(quiz for quiz in report.quizzes if quiz.id == "basics")
    assert basics.mean == 100.0
    assert any(
        "a-old.json" in notice and "z-new.json counts" in notice for notice in report.notices
    )


def test_files_from_another_version_are_matched_by_question_id(course, tmp_path):
    folder = tmp_path / "class"
    data = class_file(course, 1, [attempt({"b1": 1, "gone": 1}, asked=["b1", "gone"])])
    data["course"]["version"] = "0.9"
    data["course"]["quizzes"]["basics"] = ["b1", "gone"]
    data["course"]["quizzes"]["retired"] = ["r1"]
    write(folder, "old.json", data)
    report = build(course, folder)
    basics = next(quiz for quiz in report.quizzes if quiz.id == "basics")
    counts = {q.id: q.attempts for q in basics.questions}
    assert counts == {"b1": 1, "b2": 0, "b3": 0, "b4": 0, "b5": 0}
    assert basics.score_counts[1] == 1  # "gone" is not counted in the total
    text = " ".join(report.notices)
    assert "another version of the course" in text
    assert "no longer in it (gone)" in text
    assert "'retired' is not in this course" in text
    assert "not in their version" in text


def test_a_file_of_another_course_is_skipped(course, tmp_path):
    data = class_file(course, 1, [])
    data["course"] = {"title": "Knitting", "version": "1", "quizzes": {"purl": ["p1"]}}
    write(tmp_path / "class", "knit.json", data)
    report = build(course, tmp_path / "class")
    assert report.students == []
    assert [(s.file, s.reason) for s in report.skipped] == [
        ("knit.json", "made on another course ('Knitting'): none of its quizzes is in this one")
    ]


def test_falling_behind_not_started_and_the_roster(course, tmp_path):
    folder = tmp_path / "class"
    write(
        folder, "idle.json", class_file(course, 1, [], name="Idle", last=NOW - timedelta(days=20))
    )
    write(folder, "late.json", class_file(course, 2, [], name="Late", overdue=3))
    write(folder, "fine.json", class_file(course, 3, [], name="Fine"))
    fresh = class_file(course, 4, [], name="Fresh", last=None)
    for lesson in fresh["progress"]["lessons"]:
        lesson["fraction_read"] = 0.0
    write(folder, "fresh.json", fresh)
    roster = "# class 2B\nIdle\n  fine \nFresh\nGhost\n\n00000004" + "0" * 24 + "\n"
    report = build(course, folder, roster=roster)
    by_name = {s.name: s for s in report.students}
    assert by_name["Idle"].status == "falling behind"
    assert by_name["Idle"].reasons == ["no study for 20 days"]
    assert by_name["Late"].reasons == ["3 reviews overdue by more than 7 days"]
    assert by_name["Late"].on_roster is False
    assert by_name["Fine"].status == "on track" and by_name["Fine"].on_roster is True
    assert by_name["Fresh"].status == "not started"
    assert by_name["Ghost"].status == "no file" and by_name["Ghost"].file is None
    # The id line names Fresh (student number 4), so it is not reported missing.
    assert [s.name for s in report.students if s.status == "no file"] == ["Ghost"]
    assert [s.status for s in report.students] == [
        "falling behind",
        "falling behind",
        "not started",
        "no file",
        "on track",
    ]


BAD_FILES: dict[str, tuple[str | bytes, str]] = {
    "cut.json": ('{"format": "massage-trainer class export", "stu', "not valid JSON"),
    "binary.json": (b"\x89PNG\r\n\x1a\n\x00\xff", "not text"),
    "list.json": ("[1, 2, 3]", "not a class file"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    "big-number.json": ('{"format": ' + "9" * 5000 + "}", "not valid JSON"),
    "record.json": (
        '{"schema_version": 4, "profile": {"name": "a"}, "attempts": []}',
        "a whole record",
    ),
    "newer.json": ('{"format": "massage-trainer class export", "version": 99}', "newer"),
    "wrong-type.json": ("", "student.id"),
}


def test_bad_files_are_named_and_skipped_and_the_rest_is_reported(course, tmp_path):
    folder = tmp_path / "class"
    good = class_file(course, 1, [attempt(dict.fromkeys(ALL_BASICS, 1))])
    write(folder, "good.json", good)
    for name, (content, _) in BAD_FILES.items():
        if name == "wrong-type.json":
            bad = json.loads(json.dumps(good))
            bad["student"]["id"] = "<script>"
            content = json.dumps(bad)
        write(folder, name, content)
    write(folder, ".hidden.json", "junk")
    write(folder, "notes.txt", "not json")
    report = build(course, folder)
    assert [s.name for s in report.students] == ["Student 1"]
    reasons = {s.file: s.reason for s in report.skipped}
    assert set(reasons) == set(BAD_FILES)
    for name, (_, why) in BAD_FILES.items():
        assert why in reasons[name], (name, reasons[name])


def test_the_command_reports_skipped_files_and_fails(course_root, course, tmp_path, capsys):
    folder = tmp_path / "class"
    write(folder, "good.json", class_file(course, 1, [attempt(dict.fromkeys(ALL_BASICS, 1))]))
    write(folder, "cut.json", '{"format": ')
    code = main(["class", "report", str(folder), "--course", str(course_root)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "skipped" in err and "cut.json" in err
    assert "Student 1" in out and "SKIPPED FILES" in out and "cut.json" in out


def test_names_from_files_are_text_in_every_format(course_root, course, tmp_path, capsys):
    folder = tmp_path / "class"
    hostile = '=HYPERLINK("x")[b]b[/b]\x1b[31mr\x07'
    data = class_file(
        course, 1, [attempt({"b1": (0, "\x1b]52;c;evil\x07[i]no[/i]")}, asked=["b1"])]
    )
    data["student"]["name"] = hostile
    write(folder, "h.json", data)
    base = ["class", "report", str(folder), "--course", str(course_root)]
    assert main(base) == 0
    table = capsys.readouterr().out
    assert "\x1b" not in table and "\x07" not in table
    assert '=HYPERLINK("x")[b]b[/b]r' in table
    assert main([*base, "--format", "csv"]) == 0
    students = capsys.readouterr().out
    assert "'=HYPERLINK" in students and "\x1b" not in students
    assert main([*base, "--format", "csv", "--table", "wrong-answers"]) == 0
    wrong = capsys.readouterr().out
    assert "[i]no[/i]" in wrong and "\x1b" not in wrong
    assert main([*base, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "massage-trainer class report"
    assert report["students"][0]["name"] == '=HYPERLINK("x")[b]b[/b]r'


def test_from_a_real_profile_to_the_report(course_root, tmp_path, capsys):
    """A student studies in the app's study core, exports, and the report counts it."""
    from trainer.progress.store import ProgressStore
    from trainer.study.session import StudySession

    course = load_course(course_root).course
    data = tmp_path / "data"
    with ProgressStore.open(data, "anna") as store:
        session = StudySession(course, store, now=lambda: datetime.now(UTC))
        run = session.start_quiz(course.quizzes["basics"], seed=1)
        for item in run.attempt.items:
            question = item.question
            if question.id == "b1":
                session.answer(run, "b1", "C", 2.0)
            elif question.id == "b2":
                session.answer(run, "b2", True, 2.0)
        session.finish(run)
    out = tmp_path / "class" / "anna.json"
    out.parent.mkdir()
    assert main(["records", "export", "--for-class", "--data-dir", str(data), "--profile",
                 "anna", "--course", str(course_root), "-o", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    code = main(
        ["class", "report", str(out.parent), "--course", str(course_root), "--format", "json"]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    basics = next(quiz for quiz in report["quizzes"] if quiz["id"] == "basics")
    assert basics["attempts"] == 1
    figures = {q["id"]: (q["attempts"], q["facility"]) for q in basics["questions"]}
    # Every question was asked; two were answered (b1 wrong, b2 right), three left blank.
    assert figures == {
        "b1": (1, 0.0),
        "b2": (1, 100.0),
        "b3": (1, 0.0),
        "b4": (1, 0.0),
        "b5": (1, 0.0),
    }
    b1 = next(q for q in basics["questions"] if q["id"] == "b1")
    assert b1["wrong_answers"] == [{"answer": "C", "count": 1, "share": 100.0}]
    assert report["students"][0]["name"] == "anna"
    assert report["students"][0]["status"] == "on track"


def test_the_command_refuses_what_it_cannot_use(course_root, tmp_path, capsys):
    assert main(["class", "report"]) == 2
    assert "give the class files" in capsys.readouterr().err
    assert main(["class", "report", str(tmp_path / "nowhere"), "--course", str(course_root)]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    roster = tmp_path / "roster.txt"
    roster.write_bytes(b"\xff\xfe")
    args = ["class", "report", str(tmp_path), "--course", str(course_root), "--roster", str(roster)]
    assert main(args) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_a_csv_roster_reads_its_first_column() -> None:
    roster = parse_roster('name,email\n"Anna K.",a@x\nBob,b@x\n', csv_file=True)
    assert roster.entries == ("Anna K.", "Bob")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["class", "a.json"], ["class", "view", "a.json"]),
        (["class"], ["class", "view"]),
        (["class", "report", "x"], ["class", "report", "x"]),
        (["--data-dir", "d", "class", "x"], ["--data-dir", "d", "class", "view", "x"]),
        (["class", "--help"], ["class", "--help"]),
        (["validate", "class"], ["validate", "class"]),
    ],
)
def test_class_alone_opens_the_view(argv: list[str], expected: list[str]) -> None:
    assert default_action(argv) == expected


def test_the_html_report_is_written_to_a_file(course_root, course, tmp_path, capsys):
    folder = tmp_path / "class"
    write(folder, "a.json", class_file(course, 1, [attempt(dict.fromkeys(ALL_BASICS, 1))]))
    out = tmp_path / "report.html"
    args = ["class", "report", str(folder), "--course", str(course_root), "--format", "html"]
    assert main([*args, "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert '<section id="topics">' in page and "<th>technique</th>" in page


def test_every_student_has_every_topic_of_the_course(course, tmp_path):
    data = class_file(course, 1, [])
    data["progress"]["topics"] = [
        {"topic": "anatomy", "level": "familiar", "level_label": "Familiar"},
        {"topic": "retired topic", "level": "mastered", "level_label": "Mastered"},
    ]
    write(tmp_path / "class", "a.json", data)
    report = build(course, tmp_path / "class")
    assert report.topics == ["anatomy", "technique"]
    [student] = report.students
    assert [(t.topic, t.level) for t in student.topics] == [
        ("anatomy", "familiar"),
        ("technique", "not_started"),
    ]


# --- what an adversarial review found -----------------------------------------------------


def test_a_roster_row_first_changes_no_count_and_csv_columns_line_up(
    course_root, course, tmp_path, capsys
):
    folder = tmp_path / "class"
    write(folder, "s1.json", class_file(course, 1, [], name="S1"))
    roster = tmp_path / "roster.txt"
    roster.write_text("anna\nS1\n", encoding="utf-8")
    base = ["class", "report", str(folder), "--course", str(course_root), "--roster", str(roster)]
    assert main(base) == 0
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("S1 "))
    assert row.split()[4].endswith("/2")  # "S1", its id, "on track", then READ
    assert main([*base, "--format", "csv"]) == 0
    import csv
    import io

    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 and all(len(row) == len(rows[0]) for row in rows)
    assert "level:basics" in rows[0]


def test_attempts_that_asked_none_of_the_questions_are_left_out(course, tmp_path):
    folder = tmp_path / "class"
    write(folder, "a.json", class_file(course, 1, [attempt(dict.fromkeys(ALL_BASICS, 1))]))
    bogus = [attempt({"not-a-question": 1}, started=f"2026-11-0{d}T09:00:00Z") for d in range(1, 9)]
    write(folder, "zz.json", class_file(course, 2, bogus, name="Bogus"))
    report = build(course, folder, "all")
    basics = next(quiz for quiz in report.quizzes if quiz.id == "basics")
    assert (basics.attempts, basics.mean) == (1, 100.0)
    assert any(
        "asked none of its questions" in notice and "zz.json" in notice for notice in report.notices
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(course, tmp_path, constant):
    text = json.dumps(class_file(course, 1, [])).replace(
        '"reviews_overdue": 0', f'"reviews_overdue": {constant}'
    )
    path = write(tmp_path, "n.json", text)
    with pytest.raises(ClassFileError, match=f"{constant.lstrip('-')} is not a number JSON allows"):
        read_class_file(path)


def test_nonsense_counts_are_refused_and_a_future_day_is_today(course, tmp_path):
    bad = class_file(course, 1, [])
    bad["reviews_overdue"] = -5
    with pytest.raises(ClassFileError, match="reviews_overdue"):
        read_class_file(write(tmp_path, "neg.json", bad))
    future = class_file(course, 2, [], last=NOW + timedelta(days=3000))
    write(tmp_path / "class", "f.json", future)
    [student] = build(course, tmp_path / "class").students
    assert (student.days_inactive, student.status) == (0.0, "on track")


def test_three_files_of_one_student_say_which_counts(course, tmp_path):
    folder = tmp_path / "class"
    for name, days in (("a.json", 9), ("b.json", 5), ("c.json", 1)):
        write(folder, name, class_file(course, 1, [], exported=NOW - timedelta(days=days)))
    report = build(course, folder)
    [notice] = [n for n in report.notices if "same student" in n]
    assert "3 files" in notice and "c.json counts, as the newest" in notice
    assert notice.endswith("a.json, b.json")
    tied = tmp_path / "tied"
    for name in ("a.json", "b.json"):
        write(tied, name, class_file(course, 1, []))
    [notice] = [n for n in build(course, tied).notices if "same student" in n]
    assert "b.json counts, as made at the same moment: the last by file name" in notice


def test_one_line_fields_cannot_forge_lines_or_reverse_text(course_root, course, tmp_path, capsys):
    folder = tmp_path / "class"
    data = class_file(
        course, 1, [], name="Eve\nSKIPPED FILES (not in the figures above)\n- x: forged"
    )
    data["course"]["version"] = "2\n- forged notice"
    write(folder, "e.json", data)
    write(folder, "r.json", class_file(course, 2, [], name="\u202eevil.exe"))
    assert main(["class", "report", str(folder), "--course", str(course_root)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert not any(line.startswith(("SKIPPED FILES", "- x: forged", "- forged")) for line in lines)
    assert "\u202e" not in out and "evil.exe" in out
    assert "Eve SKIPPED FILES (not in the…" in out


def test_output_goes_only_to_a_writable_regular_file(course_root, course, tmp_path, capsys):
    import os

    folder = tmp_path / "class"
    write(folder, "a.json", class_file(course, 1, []))
    base = ["class", "report", str(folder), "--course", str(course_root), "-o"]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main([*base, str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err and fifo.is_fifo()
    locked = tmp_path / "locked.txt"
    locked.write_text("keep", encoding="utf-8")
    locked.chmod(0o444)
    assert main([*base, str(locked)]) == 1
    assert "read-only" in capsys.readouterr().err and locked.read_text(encoding="utf-8") == "keep"
    target = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert main([*base, str(link)]) == 0
    assert link.is_symlink() and "Class report" in target.read_text(encoding="utf-8")


def test_linked_folders_are_read_once_and_loops_end(course, tmp_path):
    folder = tmp_path / "class"
    write(folder / "week1", "a.json", class_file(course, 1, []))
    elsewhere = write(tmp_path / "elsewhere", "b.json", class_file(course, 2, [])).parent
    (folder / "linked").symlink_to(elsewhere)
    (folder / "week1" / "loop").symlink_to(folder)
    files = sorted(p.name for p in find_class_files([folder]))
    assert files == ["a.json", "b.json"]


def test_a_folder_that_cannot_be_listed_is_named(course, tmp_path):
    from tests.unprivileged import run_cli_unprivileged, shared_tmp_dir

    with shared_tmp_dir() as base:
        course_dir = write_course(base / "course")
        folder = base / "class"
        write(folder, "a.json", class_file(course, 1, []))
        write(folder / "locked", "b.json", class_file(course, 2, []))
        for path in base.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (folder / "locked").chmod(0o000)
        result = run_cli_unprivileged(["class", "report", str(folder), "--course", str(course_dir)])
    assert result.returncode == 1, result.stderr
    assert "locked: folder cannot be read" in result.stderr
    assert "locked" in result.stdout and "SKIPPED FILES" in result.stdout


# --- what a second adversarial review found ------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("level", "\x1b]0;PWNED\x07mastered", "unknown level"),
        ("fraction_read", 1e308, "outside 0% to 100%"),
        ("fraction_read", -7.5, "outside 0% to 100%"),
    ],
)
def test_a_standing_we_cannot_show_skips_the_file(course, tmp_path, field, value, why):
    data = class_file(course, 1, [])
    data["progress"]["lessons"][0][field] = value
    write(tmp_path / "class", "bad.json", data)
    report = build(course, tmp_path / "class")
    assert report.students == []
    assert why in report.skipped[0].reason and "\x1b" not in report.skipped[0].reason


def test_level_labels_are_ours_not_the_files(course, tmp_path):
    data = class_file(course, 1, [])
    data["progress"]["lessons"][0]["level_label"] = "File: /etc/passwd\nTopics"
    write(tmp_path / "class", "a.json", data)
    [student] = build(course, tmp_path / "class").students
    assert student.lessons[0].level_label == "Familiar"


def test_a_newer_file_after_a_tie_is_simply_the_newest(course, tmp_path):
    folder = tmp_path / "class"
    for name, days in (("a.json", 5), ("b.json", 5), ("c.json", 1)):
        write(folder, name, class_file(course, 1, [], exported=NOW - timedelta(days=days)))
    [notice] = [n for n in build(course, folder).notices if "same student" in n]
    assert "c.json counts, as the newest" in notice


def test_a_file_dated_after_the_report_does_not_outrank_the_real_newest(course, tmp_path):
    folder = tmp_path / "class"
    write(folder, "old.json", class_file(course, 1, [], exported=NOW + timedelta(days=20_000)))
    write(folder, "z-new.json", class_file(course, 1, [], exported=NOW - timedelta(hours=1)))
    report = build(course, folder)
    assert report.students[0].file == "z-new.json"
    write(
        tmp_path / "one", "future.json", class_file(course, 2, [], exported=NOW + timedelta(days=3))
    )
    notices = build(course, tmp_path / "one").notices
    assert any("dated after this report" in n for n in notices)


def test_an_empty_folder_is_no_class(course_root, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["class", "report", str(tmp_path / "empty"), "--course", str(course_root)]) == 1
    assert "no class file was found" in capsys.readouterr().err


def test_output_keeps_a_private_files_mode_and_refuses_loops_and_folders(
    course_root, course, tmp_path, capsys
):
    folder = tmp_path / "class"
    write(folder, "a.json", class_file(course, 1, []))
    base = ["class", "report", str(folder), "--course", str(course_root), "-o"]
    private = tmp_path / "private.txt"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    assert main([*base, str(private)]) == 0
    assert private.stat().st_mode & 0o777 == 0o600 and "Class report" in private.read_text("utf-8")
    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    assert main([*base, str(tmp_path / "l1")]) == 1
    assert "leads nowhere" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*base, f"{tmp_path}/newdir/"])
    assert "names a folder" in capsys.readouterr().err
    assert not (tmp_path / "newdir").exists()


def test_wide_characters_keep_the_columns_straight(course, tmp_path):
    from trainer.classes.report_text import report_text

    folder = tmp_path / "class"
    write(folder, "a.json", class_file(course, 1, [], name="山田太郎"))
    write(folder, "b.json", class_file(course, 2, [], name="Bob"))
    lines = report_text(build(course, folder)).splitlines()
    rows = [line for line in lines if line.startswith(("山田太郎", "Bob"))][:2]
    # "STATUS" starts in the same terminal column in both rows (wide characters count 2).
    from trainer.classes.report_text import _width

    starts = [_width(row[: row.index("on track")]) for row in rows]
    assert starts[0] == starts[1]
