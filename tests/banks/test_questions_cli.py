"""``questions import`` and ``questions export`` on real files in a real course folder."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

import pytest

from trainer.cli import build_parser
from trainer.course.loader import load_course
from trainer.course.validation import check_course

GIFT = """\
// A small bank: one of each kind GIFT and the course share, and one we leave out.
$CATEGORY: $course$/Massage/Strokes

::Glide:: Which stroke glides along the muscle? {
  =Effleurage # Right: long gliding strokes.
  ~Tapotement # That one strikes.
  ~Friction
  #### Effleurage glides; tapotement strikes; friction stays in place.
}

::Kneading true:: Petrissage lifts and kneads the tissue. {T
  #### Kneading is petrissage.}

$CATEGORY: $course$/Massage/History

::Mezger:: Who systematised the French terms of massage? {=Johann Mezger =Mezger
  #### Johann Mezger, in Amsterdam.}

::Essay:: Describe a full-body routine. {}
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args: argparse.Namespace = build_parser().parse_args(argv)
    code = int(args.handler(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    return root


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_import_gift_writes_a_quiz_that_validates_and_says_what_was_left_out(
    course, tmp_path, capsys
):
    bank = write(tmp_path / "strokes.gift", GIFT)
    code, out, err = run(
        ["questions", "import", str(bank), "--quiz", "strokes", "--course", str(course)],
        capsys,
    )
    assert code == 0, err
    path = course / "quizzes" / "strokes.toml"
    assert out == (
        f"Imported 3 questions into {path} (1 single, 1 true_false, 1 short); 1 left out (above)\n"
    )
    assert f"skipped {bank}:19:" in err  # the essay question, by its line
    report = check_course(course)
    assert [p for p in report.problems if not p.warning] == []
    quiz = load_course(course).course.quizzes["strokes"]
    assert [q.id for q in quiz.questions] == ["glide", "kneading-true", "mezger"]
    assert quiz.topics == ["Strokes", "History"]
    assert quiz.questions[0].feedback["Tapotement"] == "That one strikes."


def test_import_never_overwrites_without_force_and_append_renames_clashing_ids(
    course, tmp_path, capsys
):
    bank = write(tmp_path / "strokes.gift", GIFT)
    argv = ["questions", "import", str(bank), "--quiz", "strokes", "--course", str(course)]
    assert run(argv, capsys)[0] == 0
    path = course / "quizzes" / "strokes.toml"
    before = path.read_bytes()
    code, _, err = run(argv, capsys)
    assert code == 1
    assert "already exists: --append adds the questions, --force replaces; nothing was" in err
    assert path.read_bytes() == before
    code, out, err = run([*argv, "--append"], capsys)
    assert code == 0
    assert out.startswith(f"Added 3 questions into {path}")
    assert "renamed" in err and "'glide' is taken, so it is 'glide-2'" in err
    assert path.read_bytes().startswith(before)  # the instructor's text is kept as it was
    quiz = load_course(course).course.quizzes["strokes"]
    assert len(quiz.questions) == 6
    assert run([*argv, "--force"], capsys)[0] == 0
    assert len(load_course(course).course.quizzes["strokes"].questions) == 3


def test_a_bank_that_cannot_be_read_writes_nothing_and_names_line_and_column(
    course, tmp_path, capsys
):
    bank = write(tmp_path / "broken.gift", "::A:: Which? {=one ~two\n\n::B:: Next? {T}\n")
    code, out, err = run(
        ["questions", "import", str(bank), "--quiz", "broken", "--course", str(course)], capsys
    )
    assert (code, out) == (1, "")
    assert err.startswith(f"massage-trainer: {bank}:")
    assert list((course / "quizzes").iterdir()) == []


def test_split_categories_writes_one_quiz_each(course, tmp_path, capsys):
    bank = write(tmp_path / "strokes.gift", GIFT)
    argv = ["questions", "import", str(bank), "--quiz", "bank", "--split-categories"]
    code, _, _ = run([*argv, "--course", str(course)], capsys)
    assert code == 0
    quizzes = load_course(course).course.quizzes
    assert sorted(quizzes) == ["bank-history", "bank-strokes"]
    assert [q.id for q in quizzes["bank-history"].questions] == ["mezger"]


def test_txt_is_aiken_when_it_has_answer_lines_else_the_format_is_asked(course, tmp_path, capsys):
    aiken = write(
        tmp_path / "a.txt",
        """\
        Which stroke glides?
        A. Effleurage
        B. Tapotement
        ANSWER: A
        """,
    )
    code, out, _ = run(
        ["questions", "import", str(aiken), "--quiz", "a", "--course", str(course)], capsys
    )
    assert code == 0
    assert "1 single" in out
    other = write(tmp_path / "b.txt", "Which stroke glides? {=Effleurage ~Friction}\n")
    code, _, err = run(
        ["questions", "import", str(other), "--quiz", "b", "--course", str(course)], capsys
    )
    assert code == 2
    assert "it looks like GIFT, as Moodle saves it): give --format gift, aiken or csv" in err
    code, _, _ = run(
        ["questions", "import", str(other), "--quiz", "b", "--format", "gift", "--course",
         str(course)],
        capsys,
    )  # fmt: skip
    assert code == 0


def test_csv_rows_that_cannot_be_read_are_named_by_row_and_the_rest_imported(
    course, tmp_path, capsys
):
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "type,id,prompt,correct,wrong,explanation\n"
        "single,glide,Which stroke glides?,Effleurage,Tapotement|Friction,It glides.\n"
        "essay,e1,Describe a routine.,,,\n"
        "true_false,tf,Tapotement strikes.,true,,It does.\n",
        encoding="utf-8",
    )
    code, out, err = run(
        ["questions", "import", str(bank), "--quiz", "bank", "--course", str(course)], capsys
    )
    assert code == 0
    assert "Imported 2 questions" in out
    assert f"skipped {bank}: row 3:" in err


def test_export_formats_to_a_file_and_to_standard_output(course, tmp_path, capsys):
    bank = write(tmp_path / "strokes.gift", GIFT)
    run(["questions", "import", str(bank), "--quiz", "strokes", "--course", str(course)], capsys)
    for fmt in ("gift", "csv", "markdown", "html"):
        out_file = tmp_path / f"out.{fmt}"
        argv = ["questions", "export", "strokes", "--format", fmt, "--course", str(course)]
        code, out, _ = run([*argv, "-o", str(out_file)], capsys)
        assert code == 0
        by_type = "(1 single, 1 true_false, 1 short)"
        assert out == f"Wrote 3 questions of 'strokes' as {fmt} to {out_file} {by_type}\n"
        code, printed, err = run(argv, capsys)
        assert code == 0
        assert err.endswith(f"Wrote 3 questions of 'strokes' as {fmt} {by_type}\n")
        assert printed == out_file.read_text(encoding="utf-8")
        assert "Which stroke glides along the muscle?" in printed
    code, _, err = run(
        ["questions", "export", "nope", "--format", "gift", "--course", str(course)], capsys
    )
    assert code == 2
    assert "no quiz 'nope' in the course (quizzes: strokes)" in err


def test_the_gift_round_trip_through_the_command_line(course, tmp_path, capsys):
    bank = write(tmp_path / "strokes.gift", GIFT)
    run(["questions", "import", str(bank), "--quiz", "one", "--course", str(course)], capsys)
    exported = tmp_path / "again.gift"
    argv = ["questions", "export", "one", "--format", "gift", "--course", str(course)]
    run([*argv, "-o", str(exported)], capsys)
    run(["questions", "import", str(exported), "--quiz", "two", "--course", str(course)], capsys)
    quizzes = load_course(course).course.quizzes
    one = [q.model_dump() for q in quizzes["one"].questions]
    two = [q.model_dump() for q in quizzes["two"].questions]
    assert one == two


def test_json_of_validate_after_import_is_clean(course, tmp_path, capsys):
    bank = write(tmp_path / "strokes.gift", GIFT)
    run(["questions", "import", str(bank), "--quiz", "strokes", "--course", str(course)], capsys)
    code, out, _ = run(["validate", str(course), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["errors"] == 0


def test_a_category_name_with_a_slash_is_one_topic():
    from trainer.cli.questions import _topic

    assert _topic("$course$/Massage/Strokes") == "Strokes"
    assert _topic("$course$/Massage/Strokes // basics") == "Strokes / basics"


SPLIT = """\
$CATEGORY: $course$/top/Default for Massage 101/Legs/Intro

::L1:: Legs intro? {=a ~b}

::Num:: How many? {#5}

$CATEGORY: $course$/top/Default for Massage 101/Arms/Intro

::A1:: Arms intro? {=a ~b}

$CATEGORY: $course$/top/Default for Massage 101/Pétrissage & Friction

::P1:: Kneading? {=a ~b}
"""


def test_split_categories_keeps_same_named_categories_apart_and_reports_what_was_left_out(
    course, tmp_path, capsys
):
    bank = write(tmp_path / "split.gift", SPLIT)
    argv = ["questions", "import", str(bank), "--quiz", "sp", "--split-categories"]
    code, out, err = run([*argv, "--course", str(course)], capsys)
    assert code == 0
    assert f"skipped {bank}:5:" in err  # every question is in a category: still said
    assert out.splitlines()[-1] == f"Left out of {bank}: 1 question (above)"
    quizzes = load_course(course).course.quizzes
    assert sorted(quizzes) == ["sp-arms-intro", "sp-legs-intro", "sp-petrissage-friction"]
    assert quizzes["sp-petrissage-friction"].title == "Sp: Pétrissage & Friction"


def test_split_categories_writes_nothing_when_any_quiz_exists(course, tmp_path, capsys):
    bank = write(tmp_path / "split.gift", SPLIT)
    (course / "quizzes" / "sp-arms-intro.toml").write_text("keep me", encoding="utf-8")
    argv = ["questions", "import", str(bank), "--quiz", "sp", "--split-categories"]
    code, _, err = run([*argv, "--course", str(course)], capsys)
    assert code == 1
    assert "sp-arms-intro.toml already exists" in err and "nothing was written" in err
    assert sorted(p.name for p in (course / "quizzes").iterdir()) == ["sp-arms-intro.toml"]


def test_append_keeps_the_files_line_endings_and_says_topics_are_not_added(
    course, tmp_path, capsys
):
    first = write(tmp_path / "a.gift", "$CATEGORY: X/Old\n\n::A1:: One? {=a ~b}\n")
    argv = ["questions", "import", str(first), "--quiz", "q", "--course", str(course)]
    assert run(argv, capsys)[0] == 0
    path = course / "quizzes" / "q.toml"
    windows = "\ufeff" + path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(windows.encode("utf-8"))
    second = write(tmp_path / "b.gift", "$CATEGORY: X/New\n\n::B1:: Two? {=a ~b}\n")
    argv = ["questions", "import", str(second), "--quiz", "q", "--append", "--course", str(course)]
    code, _, err = run(argv, capsys)
    assert code == 0
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith(windows)  # the instructor's own bytes, untouched
    assert "\n" not in raw.replace("\r\n", "")  # and the addition in the same line endings
    assert "categories (New) are not added" in err
    assert [q.id for q in load_course(course).course.quizzes["q"].questions] == ["a1", "b1"]


def test_export_never_writes_into_the_courses_own_folders(course, tmp_path, capsys):
    bank = write(tmp_path / "strokes.gift", GIFT)
    run(["questions", "import", str(bank), "--quiz", "strokes", "--course", str(course)], capsys)
    source = course / "quizzes" / "strokes.toml"
    before = source.read_bytes()
    argv = ["questions", "export", "strokes", "--format", "csv", "--course", str(course)]
    code, _, err = run([*argv, "-o", str(source)], capsys)
    assert code == 2
    assert "is in the course's quizzes/" in err
    assert source.read_bytes() == before
