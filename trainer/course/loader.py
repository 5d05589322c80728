"""Turn an instructor's course folder into models, collecting every problem on the way.

Nothing here raises for bad content: each function returns what it could load plus a
list of :class:`Problem`. ``load_quiz`` and ``load_lesson`` are the raising variants
for callers that want one file or nothing.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from trainer.course.files import (
    COURSE_INFO_LIMIT,
    LESSON_LIMIT,
    QUIZ_LIMIT,
    UnreadableFile,
    course_entries,
    is_course_dir,
    is_valid_id,
    read_course_text,
    split_front_matter,
)
from trainer.course.models import (
    QUESTION_TYPES,
    Course,
    CourseInfo,
    Lesson,
    LessonMeta,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    QuizFile,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from trainer.course.problems import CourseError, Problem
from trainer.course.sections import heading_slugs
from trainer.course.toml_hints import explain
from trainer.course.toml_positions import find_position, key_positions
from trainer.safe_parse import SYNTAX, ParseError, parse_toml
from trainer.text import clean_text, plural, printable_path

_QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "true_false": TrueFalse,
    "short": ShortAnswer,
    "matching": Matching,
    "ordering": Ordering,
}
_MAX_DEPTH = 100
"""Deeper values are refused before validation, which (like describing them) recurses;
no course file needs more than a handful of levels."""
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
"""TOML's integers are 64-bit; tomllib reads any size, even (in hex) ones too large to
print in decimal, which pydantic and the messages would then fail on."""
# Parsed TOML can only hold a control character if the source has one raw (C1 controls
# are legal in TOML strings) or writes one as an escape (\b \f \r \uXXXX \UXXXXXXXX,
# and \e \xHH from TOML 1.1). Files without either skip the per-string clean-up.
_MAY_HOLD_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\\[bfruUex]")


@functools.cache
def _question_adapter() -> TypeAdapter[Any]:
    # Built on first use: building validators at import would slow the app's start-up.
    return TypeAdapter(Question)


@dataclass
class LoadedCourse:
    """A course as far as it could be loaded, and everything wrong with it."""

    course: Course
    problems: list[Problem] = field(default_factory=list)
    broken_files: set[Path] = field(default_factory=set)
    parsed: ParsedFiles | None = None
    """Each file's parse, by its stat: loading again reads only files that changed."""


_FileParse = tuple[str | None, Any, list[Problem]]
"""A file's text (kept only while it has problems), what it parsed to, its problems."""


class ParsedFiles:
    """What each lesson and quiz file parsed to, keyed by the file's stat.

    Live reload loads the course again on every save; a file whose modification time,
    size, inode and change time are all unchanged is not read again (on a 1,000-lesson
    course, re-parsing everything took 1.5 s; the stats take milliseconds).
    """

    RACY_NS = 2_000_000_000
    """A file changed this close before it was read may change again with the same stat
    (timestamps are only as fine as the kernel's clock tick): such a parse is not trusted,
    as git treats "racily clean" files."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, ...], _FileParse]] = {}

    @staticmethod
    def stamp(path: Path) -> tuple[int, ...] | None:
        """The file's stat as a key; None when it cannot be taken (then it is read)."""
        try:
            found = os.stat(path)
        except OSError:
            return None
        return (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)

    def get(self, path: Path, stamp: tuple[int, ...] | None) -> _FileParse | None:
        """The parse of ``path`` if the file is as it was then."""
        entry = self._entries.get(path)
        return entry[1] if entry is not None and stamp is not None and entry[0] == stamp else None

    def put(self, path: Path, stamp: tuple[int, ...] | None, parse: _FileParse) -> None:
        """Remember ``parse`` for ``path`` as of ``stamp`` (unless the file is too fresh)."""
        if stamp is not None and stamp[0] < time.time_ns() - self.RACY_NS:
            self._entries[path] = (stamp, parse)
        else:
            self._entries.pop(path, None)

    def forget_others(self, paths: set[Path]) -> None:
        """Drop what is remembered of files not in ``paths`` (removed since)."""
        for gone in self._entries.keys() - paths:
            del self._entries[gone]


class _Positions:
    """Key positions of one TOML text, computed only if a problem needs them."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
        self._map: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def of(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        if self._map is None:
            self._map = key_positions(self._text, self._first_line)
        return find_position(self._map, path) or (self._first_line, 1)


# ---------------------------------------------------------------------------- reading


def read_text(path: Path, limit: int = LESSON_LIMIT) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file; a missing, unreadable, non-UTF-8 or too large file (over
    ``limit`` bytes), or one that is not a regular file, becomes a problem."""
    try:
        return read_course_text(path, limit), []
    except UnreadableFile as exc:
        return None, [Problem(path, exc.line, exc.column, exc.reason)]


def _parse_toml(
    text: str, path: Path, first_line: int = 1
) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        data = parse_toml(text)
    except ParseError as exc:
        line, col = first_line + (exc.line or 1) - 1, exc.column or 1
        # Numbers too large and nesting too deep are shown as they are, not as "syntax".
        reason = f"TOML syntax error: {exc.reason}" if exc.kind == SYNTAX else exc.reason
        if exc.kind == SYNTAX and exc.line is not None:
            hint = explain(text, exc.line, exc.column or 1, exc.reason, first_line)
            if hint is not None:
                line, col, reason = hint.line, hint.col, f"TOML syntax error: {hint.message}"
        return None, [Problem(path, line, col, reason)]
    if (beyond := _beyond_limits(data)) is not None:
        line, col = _Positions(text, first_line).of(beyond[0])
        return None, [Problem(path, line, col, beyond[1])]
    return (_clean(data) if _MAY_HOLD_CONTROLS.search(text) else data), []


def _beyond_limits(data: dict[str, Any]) -> tuple[tuple[str | int, ...], str] | None:
    """Where ``data`` nests deeper than ``_MAX_DEPTH`` or holds an integer beyond 64 bits,
    and which of the two (found without recursion)."""
    # A quick look level by level first: every file is checked, few have either.
    level: list[Any] = [data]
    for _ in range(_MAX_DEPTH):
        below = []
        for value in level:
            for item in value.values() if type(value) is dict else value:
                kind = type(item)
                if kind is dict or kind is list:
                    below.append(item)
                elif kind is int and not _INT_MIN <= item <= _INT_MAX:
                    return _where_beyond(data)
        if not below:
            return None
        level = below
    return _where_beyond(data)


def _where_beyond(data: dict[str, Any]) -> tuple[tuple[str | int, ...], str] | None:
    """The key path and reason of the first value ``_beyond_limits`` finds fault with."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) >= _MAX_DEPTH:
            return path, "values nested too deeply"
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(item, dict | list):
                stack.append((item, (*path, key)))
            elif type(item) is int and not _INT_MIN <= item <= _INT_MAX:
                return (*path, key), "number too large"
    return None


def _clean(value: Any) -> Any:
    """Strip terminal control characters from every string (keys included)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# ---------------------------------------------------------------------------- validation


_TOML_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a table",
}


def _toml_type(value: Any) -> str:
    return _TOML_TYPE_NAMES.get(type(value), "a date/time")


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop the discriminator tags pydantic inserts into ``loc`` (e.g. ``'single'``)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node:
            if node.get("type") == part or part in ("function-after",):
                continue
            node = None
        elif isinstance(part, str) and node is not None and not isinstance(node, dict):
            continue  # the tag of a union's form (a lesson's `quiz`: "one" or "list")
        elif isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        path.append(part)
    return tuple(path)


def _allowed_keys(
    data: dict[str, Any], path: tuple[str | int, ...], top: type[BaseModel]
) -> list[str]:
    if len(path) == 3 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions")
        kind = None
        if isinstance(questions, list) and path[1] < len(questions):
            item = questions[path[1]]
            kind = item.get("type") if isinstance(item, dict) else None
        models = [_QUESTION_MODELS[kind]] if kind in _QUESTION_MODELS else _QUESTION_MODELS.values()
        return sorted({name for model in models for name in model.model_fields})
    if len(path) == 1:
        return [name for name in top.model_fields if name not in ("id", "source")]
    return []


def _did_you_mean(word: str, options: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str:
    import difflib  # only when there is a problem to report

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _describe(
    error: Any, path: tuple[str | int, ...], data: dict[str, Any], top: type[BaseModel]
) -> tuple[tuple[str | int, ...], str]:
    """A plain-words message for one pydantic error, and the path it belongs to."""
    kind = error["type"]
    keys = [p for p in path if isinstance(p, str)]
    key = keys[-1] if keys else "value"
    item = f" (item {path[-1] + 1})" if path and isinstance(path[-1], int) and keys else ""
    where = f"`{key}`{item}"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return path, f"missing required key `{key}`"
    if kind == "extra_forbidden":
        return path, f"unknown key `{key}`" + _did_you_mean(key, _allowed_keys(data, path, top))
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag", value))
        return (*path, "type"), (
            f"unknown question type {tag!r}{_did_you_mean(tag, QUESTION_TYPES)}; "
            f"use one of: {', '.join(QUESTION_TYPES)}"
        )
    if kind == "union_tag_not_found":
        return path, f"question has no `type`; add one of: {', '.join(QUESTION_TYPES)}"
    if kind == "string_type" and path == ("quiz",) and top is LessonMeta:
        return path, (
            f'`quiz` must be a quiz id in quotes, or a list of them like ["a", "b"], '
            f"not {_toml_type(value)}"
        )
    if kind == "string_type":
        return path, f"{where} must be text in quotes, not {_toml_type(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, float) and key in _WHOLE_NUMBERS and not item:
            return path, f"{where} must be a whole number {_WHOLE_NUMBERS[key]}"
        return path, f"{where} must be a whole number, not {_toml_type(value)}"
    if kind == "bool_type":
        return path, f"{where} must be true or false (no quotes), not {_toml_type(value)}"
    if kind == "list_type" and path == ("questions",) and isinstance(value, dict):
        return path, (
            "`[questions]` (one pair of brackets) makes a single table: begin each question "
            "with `[[questions]]`, two pairs of brackets"
        )
    if kind == "list_type":
        return path, f'{where} must be a list like ["a", "b"], not {_toml_type(value)}'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return path, f"{where} must be a table, not {_toml_type(value)}"
    if kind == "too_short":
        if path == ("quiz",) and top is LessonMeta:
            return path, "`quiz` is an empty list: name at least one quiz, or leave `quiz` out"
        if key == "pairs" and item:
            return path, 'each pair needs exactly 2 items: ["left", "right"]'
        need = plural(ctx.get("min_length", 1), "item")
        return path, f"`{key}` needs at least {need}, has {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        if key == "pairs" and item:
            return path, 'each pair needs exactly 2 items: ["left", "right"]'
        return path, f"`{key}` has too many items (at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return path, (
            f"{where} {value!r} may contain only letters, digits, '-', '_' and '.', "
            "and must start with a letter or digit"
        )
    if kind == "string_too_long":
        return path, f"{where} is too long (at most {ctx.get('max_length')} characters)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return path, f"{where} must be one of {expected}, not {value!r}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return path, f"{where} must be between 0 and 100, not {value!r}"
    if kind == "value_error":
        reason = str(ctx.get("error", error.get("msg", "")))
        return path, f"{where} {reason}"
    return path, f"{where}: {error.get('msg', 'invalid value')}"


_WHOLE_NUMBERS = {"pass_mark": "of percent, such as 80", "time_limit": "of minutes, such as 45"}
"""What a decimal number written for these keys should be instead."""

# Other apps' names for a question's answers, by the question types they confuse.
_ANSWER_WORDS = ("choices", "options", "answers", "answer", "choice")
_OTHER_ANSWER_KEYS = {
    "single": _ANSWER_WORDS,
    "multiple": _ANSWER_WORDS,
    "true_false": ("correct", "wrong", "choices", "options", "answers", "choice"),
    "short": ("answer", "answers", "correct"),
}
_OWN_ANSWER_KEYS = {
    "single": ("correct", "wrong"),
    "multiple": ("correct", "wrong"),
    "true_false": ("answer",),
    "short": ("accept",),
}

_KeyPath = tuple[str | int, ...]


def _quiz_settings() -> set[str]:
    """Keys of the quiz itself that no question has."""
    of_questions = {name for model in _QUESTION_MODELS.values() for name in model.model_fields}
    return set(QuizFile.model_fields) - of_questions - {"questions"}


def _question_key_problems(
    errors: list[tuple[_KeyPath, Any]], data: dict[str, Any]
) -> tuple[list[tuple[_KeyPath, str]], set[int]]:
    """Keys of a question that belong elsewhere, each said once in plain words.

    A quiz setting written after the first ``[[questions]]`` is read by TOML as part of
    the question above it, and answers written as ``choices`` or ``answer`` show up as an
    unknown key plus missing ones: both are one mistake, explained here. Returns the
    messages and the indexes of the ``errors`` they stand for.
    """
    questions = data.get("questions")
    if not isinstance(questions, list):
        return [], set()
    extra: dict[int, list[tuple[int, str]]] = {}
    missing: dict[_KeyPath, int] = {}
    settings = _quiz_settings()
    problems: list[tuple[_KeyPath, str]] = []
    used: set[int] = set()
    for number, (path, error) in enumerate(errors):
        if error["type"] == "missing":
            missing[path] = number
        elif (
            len(path) == 4
            and path[0] == "questions"
            and isinstance(path[1], int)
            and path[2] == "feedback"
            and path[3] in settings
        ):
            # After a `[questions.feedback]` table, a setting is read as a choice's note.
            problems.append(
                (
                    path,
                    f"`{path[3]}` is a quiz setting: it belongs before the first "
                    "`[[questions]]`, at the top of the file (here TOML reads it as part of "
                    f"the `feedback` table of question {path[1] + 1})",
                )
            )
            used.add(number)
        elif (
            error["type"] == "extra_forbidden"
            and len(path) == 3
            and path[0] == "questions"
            and isinstance(path[1], int)
            and isinstance(path[2], str)
        ):
            extra.setdefault(path[1], []).append((number, path[2]))
    for index, keys in extra.items():
        question = questions[index] if index < len(questions) else None
        if not isinstance(question, dict):
            continue
        kind = question.get("type")
        for number, key in keys:
            if key in settings:
                problems.append(
                    (
                        ("questions", index, key),
                        f"`{key}` is a quiz setting: it belongs before the first "
                        "`[[questions]]`, at the top of the file (here TOML reads it as part "
                        f"of question {index + 1})",
                    )
                )
                used.add(number)
                if (key,) in missing:  # `title` read into a question is missing above
                    used.add(missing[(key,)])
            elif key == "feedback" and kind in _QUESTION_MODELS:
                takers = [
                    name for name, m in _QUESTION_MODELS.items() if "feedback" in m.model_fields
                ]
                problems.append(
                    (
                        ("questions", index, key),
                        f"`feedback` is only for {' and '.join(f'`{t}`' for t in takers)} "
                        f"questions (a note for each choice), not `{kind}`; put what it says "
                        "in `explanation`",
                    )
                )
                used.add(number)
        if not isinstance(kind, str) or kind not in _OTHER_ANSWER_KEYS:
            continue
        other = [(n, key) for n, key in keys if key in _OTHER_ANSWER_KEYS[kind]]
        if not other:
            continue
        order = list(question)
        other.sort(key=lambda entry: order.index(entry[1]) if entry[1] in order else 0)
        names = [key for _, key in other]
        problems.append((("questions", index, names[0]), _answer_format(kind, names, question)))
        used.update(n for n, _ in other)
        for key in _OWN_ANSWER_KEYS[kind]:
            if ("questions", index, key) in missing:
                used.add(missing[("questions", index, key)])
    return problems, used


def _answer_format(kind: str, keys: list[str], question: dict[str, Any]) -> str:
    """How a ``kind`` question gives its answers, with an example (from ``question``
    when its own texts show which choice is right)."""
    named = " or ".join(f"`{key}`" for key in keys)
    if kind == "true_false":
        return (
            "a `true_false` question gives its answer as `answer = true` or "
            f"`answer = false` (no quotes), not {named}"
        )
    if kind == "short":
        given = next((v for k in keys if (v := _texts(question.get(k)))), None)
        example = _toml_texts(given) if given else '["pétrissage", "petrissage"]'
        return (
            f"a `short` question lists every answer it accepts as `accept`, not {named}: "
            f"`accept = {example}`"
        )
    right = "the right one" if kind == "single" else "the right ones"
    rewritten = _choice_example(kind, question)
    if rewritten is not None:
        correct, wrong = rewritten
        example = f"here: `correct = {correct}`; `wrong = {wrong}`"
    else:
        # The file does not say which of its choices is right: show the form, with
        # placeholders that cannot be taken for the instructor's own text.
        correct = '"the right choice"' if kind == "single" else '["a right choice", "another"]'
        example = f'in this form: `correct = {correct}`; `wrong = ["a wrong choice", "another"]`'
    return (
        f"a `{kind}` question lists its choices as `correct` ({right}) and `wrong` (the "
        f"others), not {named}; write them {example}"
    )


def _choice_example(kind: str, question: dict[str, Any]) -> tuple[str, str] | None:
    """``correct`` and ``wrong`` rewritten from a question's ``choices`` and ``answer``,
    when the answer names some of the choices."""
    options = next(
        (v for k in ("choices", "options", "answers", "choice") if (v := _texts(question.get(k)))),
        None,
    )
    if options is None:
        return None
    right: list[str] | None = None
    for key in ("correct", "answer", "answers"):
        found = _texts(question.get(key))
        # `answers` may be the list of choices itself, not the right ones.
        if found and found is not options and (kind == "multiple" or len(found) == 1):
            right = found
            break
    if right is None:
        return None
    folded = {text.strip().casefold() for text in right}
    wrong = [text for text in options if text.strip().casefold() not in folded]
    if not wrong or len(options) - len(wrong) != len(folded):
        return None
    correct = _toml_texts(right) if kind == "multiple" else _toml_texts(right)[1:-1]
    shown = (correct, _toml_texts(wrong))
    return shown if sum(map(len, shown)) <= 100 else None


def _texts(value: Any) -> list[str] | None:
    """``value`` as a list of texts (one text is a list of one), or None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _toml_texts(texts: list[str]) -> str:
    import json  # only when there is a problem to report

    # A JSON string is a valid TOML string.
    return "[" + ", ".join(json.dumps(text, ensure_ascii=False) for text in texts) + "]"


def _validate(
    model: type[BaseModel],
    data: dict[str, Any],
    path: Path,
    positions: _Positions,
    extra: dict[str, Any] | None = None,
) -> tuple[Any, list[Problem]]:
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        errors = [
            (_data_path(data, tuple(error["loc"])), error)
            for error in exc.errors(include_url=False)
        ]
        described, used = _question_key_problems(errors, data) if model is QuizFile else ([], set())
        described += [
            _describe(error, loc, data, model)
            for number, (loc, error) in enumerate(errors)
            if number not in used
        ]
        problems = [
            Problem(path, *positions.of(key_path), message) for key_path, message in described
        ]
        return None, sorted(set(problems))
    return obj, []


def parse_quiz(
    text: str, path: Path, quiz_id: str | None = None
) -> tuple[Quiz | None, list[Problem]]:
    """Parse a quiz file's text. Returns the quiz (only when it has no problems) and problems."""
    quiz_id = quiz_id if quiz_id is not None else path.stem
    data, problems = _parse_toml(text, path)
    if data is None:
        return None, problems
    positions = _Positions(text)
    problems = _id_problems(quiz_id, path, "quiz")
    parsed, errors = _validate(QuizFile, data, path, positions)
    if parsed is not None:
        questions = list(enumerate(parsed.questions))
    else:
        # Check the questions that are well-formed on their own too, so one run of
        # `validate` reports every problem in the file, not only the structural ones.
        problems += errors
        raw = data.get("questions")
        questions = []
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            try:
                questions.append((index, _question_adapter().validate_python(item)))
            except ValidationError:
                continue
    # Duplicate ids are checked on the raw data, so a question that is broken in
    # another way still counts (and its duplicate is still reported).
    seen: dict[str, int] = {}
    raw_questions = data.get("questions")
    for index, item in enumerate(raw_questions if isinstance(raw_questions, list) else []):
        question_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(question_id, str):
            continue
        if question_id in seen:
            line, col = positions.of(("questions", index, "id"))
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"question id {question_id!r} is already "
                    f"used by question {seen[question_id] + 1}",
                )
            )
        seen.setdefault(question_id, index)
    for index, question in questions:
        for key, message in question.semantic_problems():
            line, col = positions.of(("questions", index, key))
            problems.append(Problem(path, line, col, message))
    if parsed is None or problems:
        return None, sorted(set(problems))
    quiz = Quiz.model_construct(**dict(parsed), id=quiz_id, source=path)
    return quiz, []


def parse_lesson(
    text: str, path: Path, lesson_id: str | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """Parse a lesson file's text: the lesson (only when it has no problems) and problems."""
    lesson_id = lesson_id if lesson_id is not None else path.stem
    split = split_front_matter(text)
    if isinstance(split, str):
        return None, [Problem(path, 1, 1, split)]
    front, body, body_line = split
    data, problems = _parse_toml(front, path, first_line=2)
    if data is None:
        return None, problems
    problems = _id_problems(lesson_id, path, "lesson")
    positions = _Positions(front, first_line=2)
    meta, errors = _validate(LessonMeta, data, path, positions)
    problems += errors
    problems += _repeated_quizzes(data.get("quiz"), path, positions)
    body = clean_text(body)
    if not body.strip():
        problems.append(
            Problem(path, body_line - 1, 1, "the lesson has no text after its front matter")
        )
    if meta is None or problems:
        return None, problems
    return Lesson(id=lesson_id, meta=meta, body=body, source=path, body_line=body_line), []


def _repeated_quizzes(listed: Any, path: Path, positions: _Positions) -> list[Problem]:
    """A quiz named twice in a lesson's ``quiz`` list (checked on the raw value, so it is
    reported along with the list's other problems)."""
    if not isinstance(listed, list):
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, quiz_id in enumerate(listed):
        if not isinstance(quiz_id, str):
            continue
        if quiz_id in seen:
            line, col = positions.of(("quiz", index))
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"`quiz` (item {index + 1}) {quiz_id!r} is already listed as item "
                    f"{seen[quiz_id] + 1}",
                )
            )
        seen.setdefault(quiz_id, index)
    return problems


def _id_problems(item_id: str, path: Path, what: str) -> list[Problem]:
    if is_valid_id(item_id):
        return []
    # A name that is not valid UTF-8 is shown with the same escapes as its path.
    shown = repr(item_id) if item_id.isprintable() else f"'{printable_path(item_id)}'"
    return [
        Problem(
            path,
            1,
            1,
            f"the file name gives the {what} id {shown}, which may contain "
            "only letters, digits, '-', '_' and '.'; rename the file",
        )
    ]


def load_quiz(path: Path) -> Quiz:
    """Load one quiz file or raise :class:`CourseError` listing its problems."""
    text, problems = read_text(path)
    quiz, more = (None, []) if text is None else parse_quiz(text, path)
    if quiz is None:
        raise CourseError(problems + more)
    return quiz


def load_lesson(path: Path) -> Lesson:
    """Load one lesson file or raise :class:`CourseError` listing its problems."""
    text, problems = read_text(path)
    lesson, more = (None, []) if text is None else parse_lesson(text, path)
    if lesson is None:
        raise CourseError(problems + more)
    return lesson


# ---------------------------------------------------------------------------- the course


def load_course(
    root: Path, *, with_quizzes: bool = True, reuse: ParsedFiles | None = None
) -> LoadedCourse:
    """Load every lesson and quiz under ``root``; broken files are left out and reported.

    With ``with_quizzes=False`` only lessons are parsed (fast, for a first screen): the
    course then has no quizzes and links come from the lessons' ``quiz`` keys alone.
    ``reuse`` (an earlier load's ``parsed``) spares reading files that did not change.
    """
    memo = ParsedFiles() if reuse is None else reuse
    problems: list[Problem] = []
    broken: set[Path] = set()
    info = CourseInfo()
    info_path = root / "course.toml"
    if info_path.exists():
        text, read_problems = read_text(info_path, COURSE_INFO_LIMIT)
        problems += read_problems
        if text is not None:
            data, toml_problems = _parse_toml(text, info_path)
            problems += toml_problems
            if data is not None:
                parsed, errors = _validate(CourseInfo, data, info_path, _Positions(text))
                problems += errors
                info = parsed or info
    if not is_course_dir(root):
        problems.append(
            Problem(root, 1, 1, "not a course folder: it has no lessons/ or quizzes/ folder")
        )

    # A loaded file's text is dropped (None) and read again only if a link problem needs
    # a position: keeping 1,000 quizzes' texts to the end added 4 MB to the peak.
    lesson_texts: dict[str, tuple[Path, str | None]] = {}
    lessons: list[Lesson] = []
    for path in _listed(root / "lessons", ".md", problems):
        stamp = memo.stamp(path)
        cached = memo.get(path, stamp)
        if cached is None:
            cached = _parse_lesson_file(path)
            memo.put(path, stamp, cached)
        text, lesson, lesson_problems = cached
        if lesson is None:
            broken.add(path)
            problems += lesson_problems
            lesson_texts[path.stem] = (path, text or "")
        else:
            lesson_texts[path.stem] = (path, None)
            lessons.append(lesson)

    quiz_texts: dict[str, tuple[Path, str | None]] = {}
    quizzes: dict[str, Quiz] = {}
    for path in _listed(root / "quizzes", ".toml", problems) if with_quizzes else ():
        stamp = memo.stamp(path)
        cached = memo.get(path, stamp)
        if cached is None:
            cached = _parse_quiz_file(path)
            memo.put(path, stamp, cached)
        text, quiz, quiz_problems = cached
        if quiz is None:
            broken.add(path)
            problems += quiz_problems
            quiz_texts[path.stem] = (path, text or "")
        else:
            quiz_texts[path.stem] = (path, None)
            quizzes[quiz.id] = quiz

    if with_quizzes:
        link_problems, links = _check_links(lessons, quizzes, lesson_texts, quiz_texts)
        problems += link_problems
        problems += _broken_lesson_links(broken, lesson_texts, quiz_texts)
    else:
        links = {lesson.id: lesson.meta.quiz_ids for lesson in lessons if lesson.meta.quiz_ids}
    lessons.sort(key=lambda lesson: (lesson.meta.order, lesson.id))
    memo.forget_others({path for path, _ in [*lesson_texts.values(), *quiz_texts.values()]})
    course = Course(root=root, info=info, lessons=lessons, quizzes=quizzes, lesson_quizzes=links)
    return LoadedCourse(course=course, problems=sorted(problems), broken_files=broken, parsed=memo)


def _parse_lesson_file(path: Path) -> _FileParse:
    """Read and parse one lesson file: (its text if broken, the lesson or None, problems)."""
    return _parse_file(path, LESSON_LIMIT, parse_lesson, lambda lesson: [lesson, lesson.meta])


def _parse_quiz_file(path: Path) -> _FileParse:
    """Read and parse one quiz file: (its text if broken, the quiz or None, problems)."""
    return _parse_file(path, QUIZ_LIMIT, parse_quiz, lambda quiz: [quiz, *quiz.questions])


def _parse_file(
    path: Path,
    limit: int,
    parse: Callable[[str, Path], tuple[Any, list[Problem]]],
    models: Callable[[Any], list[BaseModel]],
) -> _FileParse:
    text, read_problems = read_text(path, limit)
    if text is None:
        return None, None, read_problems
    parsed, problems = parse(text, path)
    if parsed is None:
        return text, None, problems
    # At once, file by file: sets freed later would stay in the process's peak.
    _share_fields_sets(models(parsed))
    return None, parsed, []


_SHARED_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _share_fields_sets(models: Sequence[BaseModel]) -> None:
    """Let models that set the same keys share one "fields set" object.

    pydantic keeps, per instance, the set of fields the input gave (for
    ``exclude_unset``, which nothing here uses). At 728 bytes it was a third of a
    question's memory: 14 MB of a 1,000-quiz course. The course is read-only once loaded,
    and ``model_copy`` copies the set before changing it, so sharing it is safe. A
    question's ``type`` (a handful of words, repeated 20,000 times) is interned too.
    """
    for model in models:
        kind = model.__dict__.get("type")
        if isinstance(kind, str):
            model.__dict__["type"] = sys.intern(kind)
        key = frozenset(model.__pydantic_fields_set__)
        shared = _SHARED_FIELDS_SETS.setdefault(key, set(key))
        object.__setattr__(model, "__pydantic_fields_set__", shared)


def _listed(folder: Path, suffix: str, problems: list[Problem]) -> list[Path]:
    """The course files in ``folder``; one that exists but cannot be listed is a problem
    (not a course without lessons, which would pass `validate`)."""
    try:
        return [folder / entry.name for entry in course_entries(folder, suffix)]
    except FileNotFoundError:  # a course may have no lessons/ or no quizzes/
        return []
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        problems.append(Problem(folder, 1, 1, f"cannot list the folder: {reason}"))
        return []


def _front_positions(text: str) -> _Positions:
    split = split_front_matter(text)
    return _Positions(split[0] if isinstance(split, tuple) else "", first_line=2)


def _check_links(
    lessons: list[Lesson],
    quizzes: dict[str, Quiz],
    lesson_texts: dict[str, tuple[Path, str | None]],
    quiz_texts: dict[str, tuple[Path, str | None]],
) -> tuple[list[Problem], dict[str, tuple[str, ...]]]:
    """Check that lessons and quizzes name each other consistently; return each lesson's
    quizzes (``Course.lesson_quizzes``).

    A lesson may have several quizzes, but a quiz tests at most one lesson: the first
    lesson to list it (the one its own ``lesson`` key names, if that one lists it too).
    """
    problems: list[Problem] = []
    links: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    listing = {lesson.id: lesson.meta.quiz_ids for lesson in lessons}
    for lesson in lessons:
        for quiz_id in lesson.meta.quiz_ids:
            if quiz_id not in quiz_texts:
                path, text = _text_of(lesson_texts[lesson.id])
                problems.append(_missing_quiz(path, text, quiz_id, quiz_texts))
                continue
            quiz = quizzes.get(quiz_id)
            named = quiz.lesson if quiz is not None else None
            if named is not None and named != lesson.id:
                path, text = _text_of(quiz_texts[quiz_id])
                problems.append(
                    _at_lesson_key(
                        path,
                        text,
                        f"this quiz says it tests lesson {named!r}, but lesson "
                        f"{lesson.id!r} names this quiz",
                    )
                )
                if quiz_id in listing.get(named, ()):
                    continue  # the lesson it names lists it too: it is that lesson's
            first = owner.setdefault(quiz_id, lesson.id)
            if first != lesson.id:
                path, text = _text_of(lesson_texts[lesson.id])
                line, col = _front_positions(text).of(("quiz",))
                problems.append(
                    Problem(
                        path,
                        line,
                        col,
                        f"quiz {quiz_id!r} already tests lesson {first!r}; a quiz tests one "
                        f"lesson (remove it here, or from the `quiz` of lesson {first!r})",
                    )
                )
                continue
            links.setdefault(lesson.id, []).append(quiz_id)
    named_back: dict[str, list[str]] = {}
    for quiz in quizzes.values():
        if quiz.lesson is None:
            continue
        if quiz.lesson not in lesson_texts:
            path, text = _text_of(quiz_texts[quiz.id])
            hint = _did_you_mean(quiz.lesson, list(lesson_texts), 0.8)
            problems.append(
                _at_lesson_key(
                    path,
                    text,
                    f"lesson {quiz.lesson!r} does not exist (no lessons/{quiz.lesson}.md){hint}",
                )
            )
        elif quiz.id not in owner:  # not listed by any lesson: linked from this side only
            named_back.setdefault(quiz.lesson, []).append(quiz.id)
    for lesson_id, quiz_ids in named_back.items():
        links.setdefault(lesson_id, []).extend(sorted(quiz_ids))
    problems += _question_lesson_problems(quizzes, lesson_texts, quiz_texts)
    problems += _see_problems(lessons, quizzes, lesson_texts, quiz_texts)
    return problems, {lesson_id: tuple(quiz_ids) for lesson_id, quiz_ids in links.items()}


def _see_problems(
    lessons: list[Lesson],
    quizzes: dict[str, Quiz],
    lesson_texts: dict[str, tuple[Path, str | None]],
    quiz_texts: dict[str, tuple[Path, str | None]],
) -> list[Problem]:
    """``see`` must name a lesson and one of its ``##`` headings; a lesson's headings
    must have different slugs (else ``see`` could not tell them apart)."""
    problems: list[Problem] = []
    slugs: dict[str, set[str]] = {}
    for lesson in lessons:
        seen: set[str] = set()
        for anchor, line in heading_slugs(lesson.body):
            if anchor in seen and lesson.source is not None:
                problems.append(
                    Problem(
                        lesson.source,
                        lesson.body_line + line - 1,
                        1,
                        f"two ## headings make the same section id {anchor!r}: "
                        "reword one, so `see` can name each",
                    )
                )
            seen.add(anchor)
        slugs[lesson.id] = seen
    for quiz in quizzes.values():
        positions: _Positions | None = None
        for index, question in enumerate(quiz.questions):
            if question.see is None:
                continue
            lesson_id, _, anchor = question.see.partition("#")
            if lesson_id not in lesson_texts:
                hint = _did_you_mean(lesson_id, list(lesson_texts), 0.8)
                message = f"lesson {lesson_id!r} does not exist (no lessons/{lesson_id}.md){hint}"
            elif lesson_id in slugs and anchor not in slugs[lesson_id]:
                hint = _did_you_mean(anchor, sorted(slugs[lesson_id]), 0.6)
                message = f"lesson {lesson_id!r} has no section {anchor!r}{hint}"
            else:
                continue
            path, text = _text_of(quiz_texts[quiz.id])
            positions = positions or _Positions(text)
            line, col = positions.of(("questions", index, "see"))
            problems.append(Problem(path, line, col, f"question {question.id!r}: see: {message}"))
    return problems


def _question_lesson_problems(
    quizzes: dict[str, Quiz],
    lesson_texts: dict[str, tuple[Path, str | None]],
    quiz_texts: dict[str, tuple[Path, str | None]],
) -> list[Problem]:
    """A question's ``lesson`` key must name a lesson of the course."""
    problems: list[Problem] = []
    for quiz in quizzes.values():
        positions: _Positions | None = None
        for index, question in enumerate(quiz.questions):
            if question.lesson is None or question.lesson in lesson_texts:
                continue
            path, text = _text_of(quiz_texts[quiz.id])
            positions = positions or _Positions(text)
            line, col = positions.of(("questions", index, "lesson"))
            hint = _did_you_mean(question.lesson, list(lesson_texts), 0.8)
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"question {question.id!r}: lesson {question.lesson!r} does not exist "
                    f"(no lessons/{question.lesson}.md){hint}",
                )
            )
    return problems


def _text_of(entry: tuple[Path, str | None]) -> tuple[Path, str]:
    """A file's path and text, reading the text again if it was dropped after loading."""
    path, text = entry
    if text is None:
        text = read_text(path, max(LESSON_LIMIT, QUIZ_LIMIT))[0] or ""
    return path, text


def _broken_lesson_links(
    broken: set[Path],
    lesson_texts: dict[str, tuple[Path, str | None]],
    quiz_texts: dict[str, tuple[Path, str | None]],
) -> list[Problem]:
    """A broken lesson's ``quiz`` key is still checked, so one run reports every problem."""
    problems: list[Problem] = []
    for path, text in lesson_texts.values():
        if path not in broken or not text:  # only a broken lesson's text is kept
            continue
        split = split_front_matter(text)
        if isinstance(split, str):
            continue
        try:
            listed = parse_toml(split[0]).get("quiz")
        except ParseError:
            continue
        # Only well-formed ids: a malformed one is reported as such, not as missing too.
        named = [q for q in (listed if isinstance(listed, list) else [listed]) if type(q) is str]
        for quiz_id in dict.fromkeys(q for q in named if is_valid_id(q)):
            if quiz_id not in quiz_texts:
                problems.append(_missing_quiz(path, text, quiz_id, quiz_texts))
    return problems


def _at_lesson_key(path: Path, text: str, message: str) -> Problem:
    """A problem reported at a quiz file's ``lesson`` key."""
    line, col = _Positions(text).of(("lesson",))
    return Problem(path, line, col, message)


def _missing_quiz(
    path: Path, text: str, quiz_id: str, quiz_texts: dict[str, tuple[Path, str | None]]
) -> Problem:
    """A lesson's ``quiz`` key names a quiz file that does not exist."""
    line, col = _front_positions(text).of(("quiz",))
    hint = _did_you_mean(quiz_id, list(quiz_texts), 0.8)
    return Problem(
        path, line, col, f"quiz {quiz_id!r} does not exist (no quizzes/{quiz_id}.toml){hint}"
    )
