"""Where a course's files are and how a lesson file is split (light: no pydantic)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
"""Lesson, quiz and question ids (lesson and quiz ids are their files' names)."""
_ID_RE = re.compile(ID_PATTERN)


def is_valid_id(value: str) -> bool:
    """True when ``value`` may be used as a lesson, quiz or question id."""
    return len(value) <= 100 and _ID_RE.match(value) is not None


def slug(text: str) -> str:
    """``text`` as an id: ASCII letters and digits, lower case, words joined by ``-``.

    Accents are dropped (``Å`` -> ``a``); anything else that is not a letter or a digit
    separates words. Text with no such character gives ``course``.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return "-".join(words)[:100].strip("-") or "course"


def is_course_dir(root: Path) -> bool:
    """True when ``root`` has a ``lessons/`` or ``quizzes/`` folder."""
    return (root / "lessons").is_dir() or (root / "quizzes").is_dir()


def course_dir_problem(root: Path) -> str | None:
    """Why ``root`` cannot be opened as a course, in the words every command uses; or None."""
    from trainer.text import printable_path

    if not root.is_dir():
        return f"{printable_path(root)}: no such course folder"
    if not is_course_dir(root):
        return f"{printable_path(root)}: not a course folder (it needs lessons/ or quizzes/)"
    return None


FRONT_MATTER_FENCE = "+++"


def course_entries(folder: Path | str, suffix: str) -> list[os.DirEntry[str]]:
    """Files of one kind in ``folder`` by name, skipping hidden ones (editor locks, ``._``
    files). Raises OSError if the folder cannot be listed."""
    with os.scandir(folder) as entries:
        found = [e for e in entries if e.name.endswith(suffix) and not e.name.startswith(".")]
    return sorted(found, key=lambda entry: entry.name)


def course_files(folder: Path, suffix: str) -> list[Path]:
    """Files of one kind in ``folder``, skipping hidden ones (editor locks, ``._`` files).

    A folder that cannot be listed gives no files (the loader lists with
    :func:`course_entries` and reports why). Listing never blocks: ``os.scandir`` opens
    only folders, so a named pipe in a folder's place is refused at once.
    """
    try:
        return [folder / entry.name for entry in course_entries(folder, suffix)]
    except OSError:  # no such folder (or not one we may read): no files of this kind
        return []


MB = 1_000_000
LESSON_LIMIT = QUIZ_LIMIT = 10 * MB
"""The largest lesson or quiz file read: far beyond any real one, far below trouble."""
COURSE_INFO_LIMIT = 1 * MB
"""The largest ``course.toml`` read."""


class UnreadableFile(Exception):
    """A course file could not be read as text; ``reason`` in plain words, where it is."""

    def __init__(self, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def read_course_text(path: Path | str, limit: int = LESSON_LIMIT) -> str:
    """The UTF-8 text of a course file (a BOM dropped, CRLF endings made LF).

    Only a regular file of at most ``limit`` bytes is read: a named pipe would block
    for ever and a device such as ``/dev/zero`` would be read until memory runs out
    (a symlink is followed to what it names, then judged the same way).

    Raises:
        UnreadableFile: the file cannot be opened, is not a regular file, is larger
            than ``limit``, or is not UTF-8 (then with the bad byte's line and column).
    """
    try:
        raw = read_regular_file(path, limit)
    except NotRegularFile as exc:
        raise UnreadableFile(f"cannot read file: {exc.kind}") from None
    except FileTooLarge:
        raise UnreadableFile(_too_large(limit)) from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {_reason(exc)}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableFile(
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it as UTF-8 in your editor",
            line,
            column,
        ) from None
    return text.replace("\r\n", "\n")


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _too_large(limit: int) -> str:
    return f"file is larger than {limit // MB} MB"


def split_front_matter(text: str) -> tuple[str, str, int] | str:
    """Split a lesson into (front matter, body, body's first line) or an error message."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return (
            "a lesson must start with a `+++` line, then its TOML front matter "
            "(title, summary, ...), then another `+++` line"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "the front matter opened by `+++` on line 1 is never closed by another `+++` line"


def front_matter_and_body(text: str) -> tuple[str, str] | None:
    """What :func:`split_front_matter` gives (front matter, body), or None for its errors.

    It reads only as far as the closing ``+++`` line, where that one splits every line
    of the lesson: for a quick look at many lessons.
    """
    end = text.find("\n")
    if end < 0 or text[:end].strip() != FRONT_MATTER_FENCE:
        return None
    front_start = start = end + 1
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip() == FRONT_MATTER_FENCE:
            return text[front_start : max(start - 1, front_start)], (
                "" if end < 0 else text[end + 1 :]
            )
        if end < 0:
            return None
        start = end + 1
