"""From imported questions to a quiz file: checked one by one, ids unique, written whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.banks.model import Bank, Imported, Skipped
from trainer.banks.quiz_file import (
    QuizNotWritten,
    appended_text,
    check_questions,
    existing_ids,
    quiz_text,
    slug,
    unique_id,
    write_quiz,
)
from trainer.course.loader import parse_quiz


def single(qid: str, **extra: object) -> dict[str, object]:
    return {
        "id": qid,
        "type": "single",
        "prompt": "Which stroke glides?",
        "correct": "Effleurage",
        "wrong": ["Tapotement"],
        "explanation": "It glides.",
        **extra,
    }


def test_questions_the_course_cannot_hold_are_left_out_with_their_line():
    bank = Bank(
        questions=[
            Imported(3, single("a")),
            Imported(9, single("b", wrong=["effleurage."])),  # a near-repeat of correct
            Imported(14, {**single("c"), "prompt": "   "}),
            Imported(20, single("a")),
        ],
        skipped=[Skipped(30, "essay questions have no right answer to check")],
    )
    checked = check_questions(bank)
    assert [q.data["id"] for q in checked.questions] == ["a", "a-2"]
    assert checked.renamed == [(20, "a", "a-2")]
    assert [(s.line, s.reason) for s in checked.skipped] == [
        (
            9,
            "'effleurage.' in `wrong` is the same choice as 'Effleurage' in `correct` (only "
            "case, spacing or end punctuation differ)",
        ),
        (14, "its prompt must not be empty"),
        (30, "essay questions have no right answer to check"),
    ]


def test_ids_already_in_the_quiz_are_not_reused():
    checked = check_questions(Bank(questions=[Imported(1, single("a"))]), taken={"a", "a-2"})
    assert checked.questions[0].data["id"] == "a-3"


def test_unique_id_keeps_ids_valid_and_within_100_characters():
    assert unique_id("x" * 100, {"x" * 100}) == "x" * 98 + "-2"
    assert unique_id("-bad id", set()) == "q-2"


def test_quiz_text_parses_cleanly_and_append_keeps_the_instructors_text(tmp_path: Path):
    text = quiz_text("Strokes", [Imported(1, single("a"))], topics=["Strokes"])
    quiz, problems = parse_quiz(text, tmp_path / "s.toml")
    assert problems == []
    assert quiz is not None and quiz.topics == ["Strokes"]
    mine = '# my own comment\ntitle = "Mine"\n\n[[questions]]\n' + text.split("[[questions]]")[1]
    longer = appended_text(mine, [Imported(1, single("b"))])
    assert longer.startswith(mine)
    quiz, problems = parse_quiz(longer, tmp_path / "s.toml")
    assert problems == [] and quiz is not None
    assert [q.id for q in quiz.questions] == ["a", "b"]
    assert existing_ids(longer) == {"a", "b"}


def test_write_quiz_checks_the_whole_file_first_and_leaves_nothing_on_failure(tmp_path: Path):
    path = tmp_path / "quizzes" / "q.toml"
    with pytest.raises(QuizNotWritten, match="would not pass validate"):
        write_quiz(path, 'title = "No questions"\n')
    assert not path.exists()
    write_quiz(path, quiz_text("Q", [Imported(1, single("a"))]))
    assert parse_quiz(path.read_text(encoding="utf-8"), path)[1] == []


def test_text_with_quotes_newlines_and_markup_survives_the_toml(tmp_path: Path):
    tricky = 'The "long" stroke\n[bold]x[/bold] \\ end'
    text = quiz_text("Q", [Imported(1, single("a", explanation=tricky))])
    quiz, problems = parse_quiz(text, tmp_path / "q.toml")
    assert problems == [] and quiz is not None
    assert quiz.questions[0].explanation == tricky


def test_slug():
    assert slug("Effleurage: basics") == "effleurage-basics"
    assert slug("  ") == "quiz"
