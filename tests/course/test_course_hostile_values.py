"""Property tests: hostile values in lesson front matter, quiz files and course.toml.

Numbers too large to convert, nesting too deep to parse (or to check), infinities and
NaN, and dates at the ends of the calendar never make the loader or the quick first-start
read raise: each file is either loaded or reported as a problem.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.course.hostile import toml_values
from trainer.course.loader import load_course, load_lesson, load_quiz
from trainer.course.models import CourseInfo
from trainer.course.problems import CourseError
from trainer.course.quick_index import quick_course

SETTINGS = settings(max_examples=50, deadline=None)

COURSE_LINES = ['title = "Course"', 'description = "D"', 'author = "A"', 'version = "1"']
LESSON_LINES = [
    'title = "Lesson"',
    'summary = "S"',
    "order = 1",
    'topics = ["t"]',
    'sources = ["s"]',
    'quiz = "q"',
]
QUIZ_LINES = [
    'title = "Quiz"',
    'lesson = "l"',
    "pass_mark = 80",
    'mode = "exam"',
    "[[questions]]",
    'id = "a"',
    'type = "short"',
    'prompt = "p"',
    'explanation = "e"',
    'accept = ["x"]',
]

# Dotted keys parse, however many parts they have, but what they build is deep.
deep_keys = st.integers(1, 1500).map(lambda n: ".a" * n)


@st.composite
def hostile(draw: st.DrawFn, lines: list[str]) -> str:
    """``lines`` with one to three values (or keys) replaced by hostile ones."""
    lines = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.sampled_from([i for i, line in enumerate(lines) if " = " in line]))
        key = lines[index].split(" = ", 1)[0]
        if draw(st.integers(0, 4)) == 0:
            lines[index] = f"{key}{draw(deep_keys)} = 1"
        else:
            lines[index] = f"{key} = {draw(toml_values)}"
    return "\n".join(lines) + "\n"


def _check(root: Path, names: list[str]) -> None:
    """Nothing raises, and each file is loaded or has a problem."""
    loaded = load_course(root)
    with_problems = {problem.path for problem in loaded.problems}
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.col >= 1
    course = loaded.course
    for name in names:
        path = root / name
        is_loaded = {
            "course.toml": course.info != CourseInfo(),  # a broken one gives the defaults
            "lessons/l.md": course.lesson("l") is not None,
            "quizzes/q.toml": "q" in course.quizzes,
        }[name]
        # A file left out always says why; one loaded may still have problems (a value
        # that names a quiz that is not there).
        assert is_loaded or path in with_problems, (name, loaded.problems)
    for load, name in [(load_lesson, "lessons/l.md"), (load_quiz, "quizzes/q.toml")]:
        try:
            load(root / name)
        except CourseError as exc:
            assert exc.problems
    quick = quick_course(root)
    assert isinstance(quick.title, str)
    assert [lesson.id for lesson in quick.lessons] in ([], ["l"])


def _course(files: dict[str, str]) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    tmp = tempfile.TemporaryDirectory()
    root = Path(tmp.name)
    (root / "lessons").mkdir()
    (root / "quizzes").mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return tmp, root


LESSON = "+++\n" + "\n".join(LESSON_LINES) + "\n+++\nBody\n"
QUIZ = "\n".join(QUIZ_LINES) + "\n"


@SETTINGS
@given(hostile(LESSON_LINES))
def test_hostile_front_matter_is_loaded_or_reported(front: str) -> None:
    tmp, root = _course({"lessons/l.md": f"+++\n{front}+++\nBody\n", "quizzes/q.toml": QUIZ})
    with tmp:
        _check(root, ["lessons/l.md"])


@SETTINGS
@given(hostile(QUIZ_LINES))
def test_a_hostile_quiz_is_loaded_or_reported(quiz: str) -> None:
    tmp, root = _course({"lessons/l.md": LESSON, "quizzes/q.toml": quiz})
    with tmp:
        _check(root, ["quizzes/q.toml"])


@SETTINGS
@given(hostile(COURSE_LINES))
def test_a_hostile_course_toml_is_loaded_or_reported(info: str) -> None:
    tmp, root = _course({"course.toml": info, "lessons/l.md": LESSON, "quizzes/q.toml": QUIZ})
    with tmp:
        _check(root, ["course.toml", "lessons/l.md", "quizzes/q.toml"])
