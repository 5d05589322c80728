"""The Aiken importer: Moodle's rules for what is valid, and a reason for each skip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from trainer.banks.aiken import read_aiken
from trainer.banks.model import Bank, BankError
from trainer.course.models import Question

QUESTIONS: TypeAdapter[Any] = TypeAdapter(Question)

VALID = """\
Which stroke glides along the length of the muscle?
A. Effleurage
B. Tapotement
C. Friction
D. Vibration
ANSWER: A

Which stroke is usually the most stimulating?
A) Effleurage
B) Tapotement
C) Static holding
ANSWER: B
Which direction does effleurage on a limb favour?
A)Toward the heart
B)Away from the heart
ANSWER: A
"""


def read_file(tmp_path: Path, text: str, newline: str = "\n") -> Bank:
    """Write ``text`` as a real file (with ``newline`` line endings) and import it."""
    path = tmp_path / "bank.txt"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return read_aiken(path.read_bytes().decode("utf-8"))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_valid_file_with_both_option_styles(tmp_path: Path, newline: str) -> None:
    bank = read_file(tmp_path, VALID, newline)

    assert bank.skipped == []
    assert [q.line for q in bank.questions] == [1, 8, 13]
    first, second, third = (q.data for q in bank.questions)
    assert first == {
        "id": "q1",
        "type": "single",
        "prompt": "Which stroke glides along the length of the muscle?",
        "correct": "Effleurage",
        "wrong": ["Tapotement", "Friction", "Vibration"],
        "explanation": "The answer is: Effleurage.",
    }
    assert second["id"] == "q2"
    assert second["correct"] == "Tapotement"
    assert second["wrong"] == ["Effleurage", "Static holding"]
    # Moodle accepts an option with no space after its letter.
    assert third["correct"] == "Toward the heart"
    assert third["wrong"] == ["Away from the heart"]


def test_every_question_passes_the_course_models(tmp_path: Path) -> None:
    for item in read_file(tmp_path, VALID).questions:
        question = QUESTIONS.validate_python(item.data)
        assert question.semantic_problems() == []


def test_one_notice_for_the_generated_explanations(tmp_path: Path) -> None:
    bank = read_file(tmp_path, VALID)

    assert len(bank.notices) == 1
    assert bank.notices[0].line == 1
    assert "explanation" in bank.notices[0].reason
    assert "The answer is:" in bank.notices[0].reason


def test_a_byte_order_mark_and_surrounding_spaces_are_ignored(tmp_path: Path) -> None:
    text = "\ufeff  Which stroke glides?  \n   A.  Effleurage \n\tB. Friction\n  ANSWER:   A  \n"
    (question,) = read_file(tmp_path, text).questions

    assert question.data["prompt"] == "Which stroke glides?"
    assert question.data["correct"] == "Effleurage"
    assert question.data["wrong"] == ["Friction"]


MALFORMED = [
    pytest.param(
        "Too few options\nA) Only one\nANSWER: A\n",
        1,
        "line 3: a question needs at least 2 options",
        id="one option",
    ),
    pytest.param(
        "No answer line\nA) One\nB) Two\n\nNext question\nA) x\nB) y\nANSWER: A\n",
        1,
        "no `ANSWER:` line before the next question starts (line 5)",
        id="no ANSWER before the next question",
    ),
    pytest.param(
        "Good\nA) x\nB) y\nANSWER: A\nNo answer at the end\nA) One\nB) Two\n",
        5,
        "no `ANSWER:` line: the file ends first",
        id="no ANSWER at the end",
    ),
    pytest.param(
        "Missing letter\nA) One\nB) Two\nANSWER: C\n",
        1,
        "line 4: `ANSWER: C` names no option; the options are A and B",
        id="ANSWER names a missing letter",
    ),
    pytest.param(
        "No letter\nA) One\nB) Two\nANSWER:\n",
        1,
        "line 4: `ANSWER:` with no letter must name one option by its letter (A and B)",
        id="ANSWER without a letter",
    ),
    pytest.param(
        "Two letters\nA) One\nB) Two\nC) Three\nANSWER: A, C\n",
        1,
        "line 5: `ANSWER: A, C` must name one option by its letter (A to C)",
        id="ANSWER with two letters",
    ),
    pytest.param(
        "Lower case\nA) One\nB) Two\nANSWER: b\n",
        1,
        "line 4: write the answer letter in capitals, `ANSWER: B`",
        id="ANSWER letter in lower case",
    ),
    pytest.param(
        "Lower case line\nA) One\nB) Two\nAnswer: A\n",
        1,
        "line 4: write the answer line as `ANSWER: X`, in capitals, not 'Answer:'",
        id="answer line not in capitals",
    ),
    pytest.param(
        "Skipped letter\nA) One\nC) Two\nANSWER: C\n",
        1,
        "line 3: options must be lettered A, B, C… in order: found C where B was expected",
        id="options out of order",
    ),
    pytest.param(
        "Empty option\nA) One\nB)\nANSWER: A\n",
        1,
        "line 3: option B has no text",
        id="option without text",
    ),
    pytest.param(
        "Two lines of\nquestion text\nA) One\nB) Two\nANSWER: A\n",
        1,
        "no options or `ANSWER:` line before line 2; the question text must be one line",
        id="question text over two lines",
    ),
]


@pytest.mark.parametrize(("text", "line", "reason"), MALFORMED)
def test_a_malformed_question_is_skipped_with_its_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    bank = read_file(tmp_path, text)

    assert [s.line for s in bank.skipped] == [line], bank.skipped
    assert reason in bank.skipped[0].reason
    assert not bank.skipped[0].row


def test_the_rest_of_the_file_still_imports(tmp_path: Path) -> None:
    text = (
        "First\nA) x\nB) y\nANSWER: Z\n\n"
        "Second\nA) x\nB) y\nANSWER: B\n\n"
        "Third\nA) only\nANSWER: A\n\n"
        "Fourth\nA) x\nB) y\nANSWER: A\n"
    )
    bank = read_file(tmp_path, text)

    assert [s.line for s in bank.skipped] == [1, 11]
    # Ids follow the question's place in the file, so fixing a skipped question and
    # importing again keeps the ids of those after it.
    assert [(q.line, q.data["id"]) for q in bank.questions] == [(6, "q2"), (15, "q4")]


def test_lines_outside_a_question_are_skipped(tmp_path: Path) -> None:
    text = "A) An option first\nANSWER: A\nA question\nA) x\nB) y\nANSWER: A\n"
    bank = read_file(tmp_path, text)

    assert [(s.line, s.reason.split(" ")[0]) for s in bank.skipped] == [
        (1, "option"),
        (2, "`ANSWER:`"),
    ]
    assert len(bank.questions) == 1


def test_the_next_question_starts_after_a_skipped_one(tmp_path: Path) -> None:
    # Moodle's importer: a line that is no option starts a new question, so the
    # unfinished question before it is dropped and the new one reads normally.
    text = "Unfinished\nA) x\nNew question\nA) x\nB) y\nANSWER: B\n"
    bank = read_file(tmp_path, text)

    assert [s.line for s in bank.skipped] == [1]
    assert bank.questions[0].data["prompt"] == "New question"
    assert bank.questions[0].data["correct"] == "y"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("", 1, 1, id="empty"),
        pytest.param("\n\n   \n\t\n", 1, 1, id="blank"),
        pytest.param("\n\nJust some notes\nabout massage.\n", 3, 1, id="no ANSWER line"),
        pytest.param("::title:: Q {=a ~b}\n", 1, 1, id="a GIFT file"),
    ],
)
def test_a_file_with_no_question_at_all_is_an_error(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    with pytest.raises(BankError) as raised:
        read_file(tmp_path, text)

    assert (raised.value.line, raised.value.column) == (line, column)
    assert str(raised.value).startswith(f"{line}:{column}: ")


def test_a_file_of_only_malformed_questions_lists_them(tmp_path: Path) -> None:
    bank = read_file(tmp_path, "Question\nA) x\nANSWER: A\n")

    assert bank.questions == []
    assert [s.line for s in bank.skipped] == [1]
    assert bank.notices == []


AIKEN_LINES = st.one_of(
    st.sampled_from(
        ["ANSWER: A", "ANSWER: B", "ANSWER:", "answer: a", "A) x", "B. y", "C)", "Z) z", ""]
    ),
    st.text(max_size=12),
    st.builds("{}{} {}".format, st.sampled_from("ABCabc"), st.sampled_from(".):"), st.text()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(AIKEN_LINES, max_size=30).map("\n".join)))
def test_any_text_gives_a_bank_or_a_bank_error(text: str) -> None:
    try:
        bank = read_aiken(text)
    except BankError as error:
        assert error.line >= 1
        return
    lines = max(1, len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    for item in bank.questions:
        assert 1 <= item.line <= lines
        question = QUESTIONS.validate_python(item.data)
        assert question.type == "single"
    for skipped in bank.skipped:
        assert 1 <= skipped.line <= lines
        assert skipped.reason
