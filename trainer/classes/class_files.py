"""Finding and reading the students' class files (``records export --for-class``).

Every file is the student's, not ours: it may be truncated, edited by hand, from another
program, or made to break a reader. ``read_class_file`` either returns a checked
``ClassExport`` or raises ``ClassFileError`` with the reason in plain words, so a report
can name the file, skip it and go on with the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from trainer.classes.export import FORMAT, VERSION, ClassExport
from trainer.mastery.levels import Level
from trainer.safe_parse import ParseError, parse_json
from trainer.text import one_line

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
"""A student's file is a few MB even after years of study; past this it is not one."""


class ClassFileError(Exception):
    """A class file that cannot be used; ``reason`` says why, in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def find_class_files(
    paths: Iterable[Path], unreadable: Callable[[Path, str], None] | None = None
) -> Iterator[Path]:
    """The files named, and the ``*.json`` files in the folders named and their
    sub-folders (symbolic links to folders followed, each folder once), each file once,
    in name order within a folder. Hidden files and folders (a name starting with ".")
    are passed over: editors and sync tools keep their own files there. A folder that
    cannot be listed is passed to ``unreadable`` with the reason, never skipped silently.
    """
    seen: set[Path] = set()
    for path in paths:
        for file in _json_files(path, unreadable) if path.is_dir() else [path]:
            key = file.resolve() if file.exists() else file
            if key not in seen:
                seen.add(key)
                yield file


def _json_files(folder: Path, unreadable: Callable[[Path, str], None] | None) -> list[Path]:
    found: list[Path] = []
    visited: set[Path] = set()

    def refused(error: OSError) -> None:
        if unreadable is not None:
            where = Path(error.filename) if error.filename else folder
            unreadable(where, f"folder cannot be read ({error.strerror or error})")

    for parent, folders, names in os.walk(folder, onerror=refused, followlinks=True):
        real = Path(parent).resolve()
        if real in visited:  # a link back up the tree: each folder is read once
            folders[:] = []
            continue
        visited.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(
            Path(parent, name)
            for name in sorted(names)
            if name.lower().endswith(".json") and not name.startswith(".")
        )
    return found


def read_class_file(path: Path) -> ClassExport:
    """The class file at ``path``, checked, with the attempts a class report counts: the
    finished full attempts (retakes, reviews and unfinished attempts are practice, and
    are neither kept nor checked). ``ClassFileError`` when the file cannot be used."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise ClassFileError(path, "no such file") from None
    except NotRegularFile:
        raise ClassFileError(path, "not a regular file") from None
    except FileTooLarge:
        raise ClassFileError(
            path, f"larger than {MAX_FILE_BYTES // 2**20} MB: not a class file"
        ) from None
    except OSError as exc:
        raise ClassFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ClassFileError(path, "not text (not UTF-8): not a class file") from None
    try:
        data = parse_json(text, standard_numbers=True)
    except ParseError as exc:
        reason = exc.reason.removesuffix(" at")
        where = f" at line {exc.line}, column {exc.column}" if exc.line else ""
        raise ClassFileError(
            path, f"not valid JSON ({reason}{where}): the file may be cut short or edited"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ClassFileError(path, _not_ours(data))
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ClassFileError(
            path,
            f"made by a newer massage-trainer (class file version {version}): update to read it",
        )
    attempts = data.get("attempts")
    if isinstance(attempts, list):
        # Most answers are reviews: picking the attempts first keeps reading near the
        # speed of parsing JSON (measured: 3.2x json.loads when every attempt is checked).
        data["attempts"] = [
            attempt
            for attempt in attempts
            if isinstance(attempt, dict)
            and attempt.get("kind") == "full"
            and attempt.get("outcome") == "finished"
        ]
    try:
        # Checked as JSON (as the file was written: times as text, and the progress
        # models' strict types), once most of the answers are out of it.
        export = ClassExport.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "the file"
        reason = f"not a class file this version can read: {where}: {error['msg']}"
        raise ClassFileError(path, one_line(reason)) from None
    problem = _standing_problem(export)
    if problem is not None:
        raise ClassFileError(path, f"not a class file this version can read: {problem}")
    return export


_LEVELS: Final = frozenset(level.slug for level in Level)


def _standing_problem(export: ClassExport) -> str | None:
    """Why a file's standing cannot be shown: a level we do not know (shown as text, it
    could carry anything), or a share of a lesson read outside 0..1."""
    progress = export.progress
    levels = [lesson.level for lesson in progress.lessons] + [t.level for t in progress.topics]
    for level in levels:
        if level not in _LEVELS:
            return f"unknown level {one_line(level)[:40]!r}"
    for lesson in progress.lessons:
        if not 0.0 <= lesson.fraction_read <= 1.0:
            return "a lesson read outside 0% to 100%"
    return None


def _not_ours(data: Any) -> str:
    """Why parsed JSON ``data`` is not a class file."""
    if isinstance(data, dict) and isinstance(data.get("profile"), dict) and "attempts" in data:
        return (
            "a whole record (`records export`), not a class file: ask for "
            "`massage-trainer records export --for-class`"
        )
    return "JSON, but not a class file (made by `records export --for-class`)"
