"""From an imported bank to a quiz file that passes ``validate``: check each question with
the course's own models, make ids unique, and write the file atomically.

A question the course cannot hold is left out and said so, with its line; what is
written is parsed again with the loader before it replaces anything, so the file on disk
is always one ``validate`` accepts.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from trainer.banks.model import Bank, Imported, Skipped
from trainer.course.files import is_valid_id
from trainer.course.loader import parse_quiz
from trainer.course.models import Question
from trainer.durable import atomic_write

SCHEMA_LINE = "#:schema ../schemas/quiz.schema.json\n\n"


@cache
def _question_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(Question)


@dataclass
class Checked:
    """The questions that the course can hold, and those it cannot, with why."""

    questions: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    renamed: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, id as read, id given) for each id changed to stay unique."""


def check_questions(bank: Bank, taken: Iterable[str] = ()) -> Checked:
    """Check every imported question; give clashing ids a suffix (``-2``, ``-3`` …).

    ``taken`` are ids already in the quiz being appended to.
    """
    checked = Checked(skipped=list(bank.skipped))
    used = set(taken)
    for item in bank.questions:
        problem = _problem(item.data)
        if problem is not None:
            checked.skipped.append(Skipped(item.line, problem, row=bank.rows))
            continue
        wanted = str(item.data["id"])
        given = unique_id(wanted, used)
        used.add(given)
        if given != wanted:
            checked.renamed.append((item.line, wanted, given))
            item = Imported(item.line, {**item.data, "id": given}, item.category)
        checked.questions.append(item)
    checked.skipped.sort(key=lambda s: s.line)
    return checked


def _problem(data: dict[str, Any]) -> str | None:
    """Why the quiz format cannot hold ``data``, in plain words; None when it can."""
    try:
        question = _question_adapter().validate_python(data)
    except ValidationError as exc:
        return _plain(exc.errors(include_url=False)[0])
    problems = question.semantic_problems()
    if problems:
        return str(problems[0][1])  # these messages name their key themselves
    return None


def _plain(error: Any) -> str:
    """One pydantic error in the words the importers' users read."""
    keys = [str(part) for part in error["loc"] if isinstance(part, str)]
    key = keys[-1] if keys else "question"
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return f"it has no {key}"
    if kind == "value_error":
        return f"its {key} {context.get('error', error.get('msg', 'is not valid'))}"
    if kind == "too_short":
        return f"its {key} needs at least {context.get('min_length', 1)} items"
    if kind == "string_pattern_mismatch" and key == "id":
        return (
            f"its id {error.get('input')!r} may hold only letters, digits, '-', '_' and '.', "
            "and must start with a letter or digit"
        )
    if kind == "string_too_long":
        return f"its {key} is longer than {context.get('max_length')} characters"
    return f"its {key}: {error.get('msg', 'is not valid')}"


def unique_id(wanted: str, used: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … (kept a valid id) when it is taken."""
    if wanted not in used and is_valid_id(wanted):
        return wanted
    base = wanted if is_valid_id(wanted) else "q"
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: 100 - len(suffix)] + suffix
        if candidate not in used:
            return candidate
        number += 1


def quiz_text(
    title: str,
    questions: list[Imported],
    *,
    topics: list[str] | None = None,
    lesson: str | None = None,
) -> str:
    """The text of a new quiz file holding ``questions``."""
    head: dict[str, Any] = {"title": title}
    if lesson:
        head["lesson"] = lesson
    if topics:
        head["topics"] = topics
    body = {"questions": [item.data for item in questions]}
    return SCHEMA_LINE + tomli_w.dumps(head) + "\n" + tomli_w.dumps(body, multiline_strings=True)


def appended_text(existing: str, questions: list[Imported]) -> str:
    """``existing`` quiz text with ``questions`` added at its end, its own text untouched."""
    addition = tomli_w.dumps(
        {"questions": [item.data for item in questions]}, multiline_strings=True
    )
    separator = "" if existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
    return existing + separator + addition


def existing_ids(text: str) -> set[str]:
    """The question ids of a quiz file's text (which must parse as TOML)."""
    data = tomllib.loads(text)
    return {str(q.get("id")) for q in data.get("questions", []) if isinstance(q, dict)}


class QuizNotWritten(Exception):
    """The quiz could not be written; nothing was changed."""


def write_quiz(path: Path, text: str, *, crlf: bool = False, bom: bool = False) -> None:
    """Check ``text`` as ``validate`` would, then write it to ``path`` atomically (with
    ``crlf`` line endings and a byte-order mark, if asked: an appended file keeps its own).

    Raises:
        QuizNotWritten: the text does not pass the loader (a bug: the questions were
            checked one by one), or the file system refused.
    """
    quiz, problems = parse_quiz(text, path)
    if quiz is None:
        shown = "; ".join(f"{p.line}:{p.col}: {p.message}" for p in problems[:3])
        raise QuizNotWritten(f"the quiz made would not pass validate ({shown})")
    try:
        path.parent.mkdir(exist_ok=True)
        written = ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)
        atomic_write(path, written.encode("utf-8"))
    except OSError as exc:
        raise QuizNotWritten(f"it cannot be written: {exc.strerror or exc}") from exc


def slug(text: str) -> str:
    """An id made from free text: ``Pétrissage: basics`` -> ``petrissage-basics``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = re.sub(r"[^a-z0-9_.]+", "-", plain.casefold()).strip("-._")
    return made[:100].rstrip("-._") or "quiz"
