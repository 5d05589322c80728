"""``see = "lesson#slug"``: a question names the section that teaches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_course import write_course
from trainer.course.loader import load_course
from trainer.course.sections import find_section, heading_slugs, slug
from trainer.ui.launch import builtin_course_dir


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Deep transverse friction (Cyriax)", "deep-transverse-friction-cyriax"),
        ("Purpose, effects and place in a session", "purpose-effects-and-place-in-a-session"),
        ("Where not to strike, and common mistakes", "where-not-to-strike-and-common-mistakes"),
        (
            "Ask the client's health-care provider first",
            "ask-the-clients-health-care-provider-first",
        ),
        ("Pétrissage", "pétrissage"),
    ],
)
def test_slugs_are_githubs(heading: str, expected: str) -> None:
    assert slug(heading) == expected


def _with(root: Path, see: str) -> Path:
    quiz = root / "quizzes" / "basics.toml"
    quiz.write_text(quiz.read_text().replace('id = "b1"\n', f'id = "b1"\nsee = "{see}"\n'))
    return root


def test_validate_checks_the_lesson_and_the_section(tmp_path: Path) -> None:
    root = write_course(tmp_path / "a")
    lesson = root / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text() + "\n## Hands and feet\n\nText.\n")
    assert not load_course(_with(root, "basics#hands-and-feet")).problems

    [problem] = load_course(_with(write_course(tmp_path / "b"), "basic#hands")).problems
    assert "question 'b1': see: lesson 'basic' does not exist" in problem.message
    assert "(did you mean `basics`?)" in problem.message

    root = write_course(tmp_path / "c")
    (root / "lessons" / "basics.md").write_text(lesson.read_text())
    [problem] = load_course(_with(root, "basics#hand-and-feet")).problems
    assert "lesson 'basics' has no section 'hand-and-feet'" in problem.message
    assert "hands-and-feet" in problem.message
    text = (root / "quizzes" / "basics.toml").read_text().splitlines()
    assert text[problem.line - 1] == 'see = "basics#hand-and-feet"'


def test_validate_reports_two_headings_with_one_slug(tmp_path: Path) -> None:
    root = write_course(tmp_path)
    lesson = root / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text() + "\n## Key terms\n\nA.\n\n## Key terms!\n\nB.\n")
    [problem] = load_course(root).problems
    assert problem.path == lesson
    assert "two ## headings make the same section id 'key-terms'" in problem.message
    assert lesson.read_text().splitlines()[problem.line - 1] == "## Key terms!"


def test_every_builtin_question_names_a_section_that_exists() -> None:
    loaded = load_course(builtin_course_dir())
    assert not loaded.problems
    course = loaded.course
    for quiz in course.quizzes.values():
        for question in quiz.questions:
            assert question.see is not None, f"{quiz.id}/{question.id}"
            lesson_id, _, anchor = question.see.partition("#")
            lesson = course.lesson(lesson_id)
            assert lesson is not None and find_section(lesson.body, anchor) is not None
            # It points into the lesson the question tests.
            assert lesson_id == course.tested_lesson(quiz, question), question.id
    for path in (Path(builtin_course_dir()) / "lessons").glob("*.md"):
        slugs = [s for s, _ in heading_slugs(path.read_text().split("+++", 2)[2])]
        assert len(slugs) == len(set(slugs)), path
