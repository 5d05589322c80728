"""Property tests: whatever an instructor writes, the loader returns models or problems.

``parse_quiz`` / ``parse_lesson`` / ``load_course`` never raise for bad content, and the
raising single-file loaders raise nothing but :class:`CourseError`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.course.loader import load_course, load_lesson, load_quiz, parse_lesson, parse_quiz
from trainer.course.models import Lesson, Quiz
from trainer.course.problems import CourseError, Problem

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "title", "lesson", "pass_mark", "shuffle", "mode", "questions", "id", "type", "prompt",
    "explanation", "correct", "wrong", "answer", "accept", "pairs", "order", "feedback",
    "summary", "topics", "sources", "quiz", "corect", "",
]  # fmt: skip
TYPES = ["single", "multiple", "true_false", "short", "matching", "ordering", "shortt"]

texts = st.one_of(
    st.sampled_from([*TYPES, "", " ", "a", "A", "\x1b[31m", "\x1b]0;x\x07", "[bold]", "practice"]),
    st.text(max_size=20),
)
scalars = st.one_of(
    texts,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(),
    st.times(),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)
# Values that are often right for some key, so some generated quizzes are valid.
plausible = st.one_of(
    st.sampled_from(["Effleurage", "a", "b", "c"]),
    st.lists(st.sampled_from(["a", "b", "c", "A"]), min_size=1, max_size=3),
    st.lists(st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=2), max_size=3),
    st.booleans(),
)
question = st.fixed_dictionaries(
    {"id": texts, "type": st.sampled_from(TYPES)},
    optional={k: st.one_of(plausible, values) for k in KEYS if k not in ("id", "type")},
)
VALID_QUESTIONS: list[dict[str, Any]] = [
    {"type": "single", "correct": "a", "wrong": ["b", "c"], "feedback": {"b": "no"}},
    {"type": "multiple", "correct": ["a", "b"], "wrong": ["c"]},
    {"type": "true_false", "answer": True},
    {"type": "short", "accept": ["a", "b"]},
    {"type": "matching", "pairs": [["a", "1"], ["b", "2"]]},
    {"type": "ordering", "order": ["a", "b", "c"]},
]


@st.composite
def near_valid_quizzes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid quiz with a few random keys removed, replaced or added."""
    questions = []
    for index in draw(st.lists(st.integers(0, 5), min_size=1, max_size=6)):
        q = {"id": f"q{len(questions)}", "prompt": "p", "explanation": "e"}
        q.update(VALID_QUESTIONS[index])
        questions.append(q)
    quiz: dict[str, Any] = {"title": "T", "pass_mark": 50, "mode": "exam", "questions": questions}
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from([quiz, *questions]))
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete" and key != "questions":
            del target[key]
        elif action == "replace":
            target[key] = draw(st.one_of(plausible, values))
        else:
            target[draw(keys)] = draw(st.one_of(plausible, values))
    return quiz


documents = st.one_of(
    near_valid_quizzes(),
    st.dictionaries(keys, values, max_size=6),
    st.fixed_dictionaries(
        {"title": texts, "questions": st.lists(question, max_size=4)},
        optional={k: values for k in ["lesson", "pass_mark", "shuffle", "mode", "extra"]},
    ),
)
lesson_front = st.fixed_dictionaries(
    {"title": texts},
    optional={k: values for k in ["summary", "order", "topics", "sources", "quiz", "other"]},
)


def _check(result: tuple[Any, list[Problem]], model: type) -> None:
    obj, problems = result
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    if obj is None:
        assert problems, "no model and no problem"
    else:
        assert isinstance(obj, model)
        assert problems == []
    for p in problems:
        assert p.line >= 1 and p.col >= 1
        assert str(p).startswith(f"{p.path}:{p.line}:{p.col}: ")


@SETTINGS
@given(st.text())
def test_arbitrary_text_as_quiz(text):
    _check(parse_quiz(text, Path("quizzes/q.toml")), Quiz)


@SETTINGS
@given(st.text())
def test_arbitrary_text_as_lesson(text):
    _check(parse_lesson(text, Path("lessons/l.md")), Lesson)
    _check(parse_lesson("+++\n" + text, Path("lessons/l.md")), Lesson)


@SETTINGS
@given(st.text(), st.text())
def test_arbitrary_front_matter_and_body(front, body):
    _check(parse_lesson(f"+++\n{front}\n+++\n{body}", Path("lessons/l.md")), Lesson)


@SETTINGS
@given(documents)
def test_arbitrary_toml_values_as_quiz(data):
    _check(parse_quiz(tomli_w.dumps(data), Path("quizzes/q.toml")), Quiz)


@SETTINGS
@given(lesson_front, st.text(max_size=50))
def test_arbitrary_toml_values_as_lesson(data, body):
    text = f"+++\n{tomli_w.dumps(data)}+++\n{body}"
    _check(parse_lesson(text, Path("lessons/l.md")), Lesson)


@settings(max_examples=60, deadline=None)
@given(documents, lesson_front, st.binary(max_size=40))
def test_load_functions_raise_only_course_error(data, front, raw):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "quizzes").mkdir()
        (root / "lessons").mkdir()
        quiz = root / "quizzes" / "q.toml"
        quiz.write_text(tomli_w.dumps(data), encoding="utf-8")
        lesson = root / "lessons" / "q.md"
        lesson.write_text(f"+++\n{tomli_w.dumps(front)}+++\nBody\n", encoding="utf-8")
        (root / "quizzes" / "raw.toml").write_bytes(raw)
        (root / "lessons" / "raw.md").write_bytes(raw)
        for loader, path in [(load_quiz, quiz), (load_lesson, lesson)]:
            try:
                loader(path)
            except CourseError as exc:
                assert exc.problems
        loaded = load_course(root)
        assert all(isinstance(p, Problem) for p in loaded.problems)
        assert (root / "quizzes" / "raw.toml") in loaded.broken_files or "raw" in (
            loaded.course.quizzes
        )
