"""The examples in docs/authoring.md are valid: instructors copy them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.course.loader import parse_quiz

REPO = Path(__file__).resolve().parents[2]
GUIDE = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")

# A file name in backticks on its own line, then a fenced block: the complete example.
EXAMPLE_FILE = re.compile(r"^`([\w./-]+)`[^\n]*:\n\n```\w*\n(.*?)^```", re.MULTILINE | re.DOTALL)
TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_complete_example_validates(course):
    files = EXAMPLE_FILE.findall(GUIDE)
    names = [name for name, _ in files]
    assert names == [
        "course.toml",
        "lessons/effleurage.md",
        "quizzes/effleurage.toml",
        "quizzes/final-exam.toml",
    ]
    for name, text in files:
        course.write(name, text, dedent=False)
    loaded = course.load()
    assert [str(p) for p in loaded.problems] == []
    c = loaded.course
    quiz = c.quizzes["effleurage"]
    assert {q.type for q in quiz.questions} == {
        "single", "multiple", "true_false", "short", "matching", "ordering",
    }  # fmt: skip
    assert c.quizzes_for(c.lessons[0]) == [quiz]
    assert [q.id for q in c.standalone_quizzes()] == ["final-exam"]
    assert c.info.title == "Swedish Massage Basics"


QUESTION_SNIPPETS = [b for b in TOML_BLOCK.findall(GUIDE) if b.startswith("[[questions]]")]


def test_guide_shows_every_question_type():
    types = {re.search(r'^type = "(\w+)"', s, re.MULTILINE).group(1) for s in QUESTION_SNIPPETS}
    assert types == {"single", "multiple", "true_false", "short", "matching", "ordering"}


@pytest.mark.parametrize("snippet", QUESTION_SNIPPETS)
def test_each_question_snippet_is_valid(snippet, tmp_path):
    quiz, problems = parse_quiz('title = "Q"\n\n' + snippet, tmp_path / "q.toml")
    assert problems == []
    assert quiz is not None


def test_feedback_subtable_form_is_valid(tmp_path):
    (single,) = [s for s in QUESTION_SNIPPETS if 'type = "single"' in s and "Friction" in s]
    (subtable,) = [b for b in TOML_BLOCK.findall(GUIDE) if b.startswith("[questions.feedback]")]
    text = 'title = "Q"\n\n' + re.sub(r"^feedback = .*\n", "", single, flags=re.M) + subtable
    quiz, problems = parse_quiz(text, tmp_path / "q.toml")
    assert problems == []
    assert set(quiz.questions[0].feedback) == {"Friction", "Tapotement"}


def test_sample_validate_output_matches_the_real_messages(course):
    """The guide's sample output is what `validate` prints for the described mistakes."""
    from trainer.course.templates import lesson_template, quiz_template

    course.write(
        "lessons/neck-and-shoulders.md", lesson_template("neck-and-shoulders"), dedent=False
    )
    quiz = quiz_template("neck-and-shoulders")
    quiz = quiz.replace('correct = "Effleurage"', 'corect = "Effleurage"')
    quiz = quiz.replace('id = "example-true-false"', 'id = "example-single"')
    course.write("quizzes/neck-and-shoulders.toml", quiz, dedent=False)
    lesson = course.root / "lessons/neck-and-shoulders.md"
    lesson.write_text(
        lesson.read_text().replace('# quiz = "neck-and-shoulders"', 'quiz = "neck-and-shoulder"')
    )
    sample = re.findall(r"^my-course/(\S+:\d+:\d+: .*)$", GUIDE, re.MULTILINE)
    assert len(sample) == 4  # the guide's sample: one problem per described mistake
    # All of them, in order: a loop over what validate reports would pass on nothing.
    assert course.problems() == sample
