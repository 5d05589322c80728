"""Who should be in a class: the roster a class report checks the files against.

A roster is a text file with one student a line: the name their file shows, their
pseudonym (``Student 3F2A-91C4``) or their profile id. Blank lines and lines starting with
``#`` are skipped. A ``.csv`` file (a school system's export) is read by its first column,
with a header row of ``name`` or ``student`` skipped. Names match whatever the case and
spacing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from trainer.classes.export import ClassStudent
from trainer.text import one_line

MAX_ROSTER_BYTES: Final = 4 * 1024 * 1024


class RosterError(Exception):
    """A roster that cannot be read; the message says why."""


def _key(text: str) -> str:
    # Cleaned as the report shows the name, so a name with control characters still matches.
    return " ".join(one_line(text).casefold().split())


@dataclass(frozen=True)
class Roster:
    """The students a class should have, as written in the roster."""

    entries: tuple[str, ...]

    def lists(self, student: ClassStudent) -> bool:
        """Whether the roster names ``student`` (by name, pseudonym or id)."""
        names = {_key(student.name), student.id, _key(_dashed(student.id))}
        return any(_key(entry) in names for entry in self.entries)

    def missing(self, students: Iterable[ClassStudent]) -> list[str]:
        """The entries that name none of ``students``, in the roster's order."""
        found: set[str] = set()
        for student in students:
            found.update({_key(student.name), student.id, _key(_dashed(student.id))})
        return [entry for entry in self.entries if _key(entry) not in found]


def _dashed(hex_id: str) -> str:
    """A 32-digit id written as a UUID, as a student may copy it."""
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def parse_roster(text: str, *, csv_file: bool = False) -> Roster:
    """The roster in ``text`` (see the module's docstring)."""
    text = text.removeprefix("\ufeff")
    if csv_file:
        rows = [row[0] if row else "" for row in csv.reader(io.StringIO(text))]
        # A school system's header: "name", "Student", "Full name", "Student name" ...
        if rows and any(word in _key(rows[0]) for word in ("name", "student")):
            rows = rows[1:]
    else:
        rows = text.splitlines()
    entries: list[str] = []
    seen: set[str] = set()
    for row in rows:
        entry = one_line(row).strip()
        if not entry or entry.startswith("#") or _key(entry) in seen:
            continue
        seen.add(_key(entry))
        entries.append(entry)
    return Roster(tuple(entries))


def read_roster(path: Path) -> Roster:
    """The roster in the file at ``path``; ``RosterError`` when it cannot be read."""
    try:
        raw = read_regular_file(path, MAX_ROSTER_BYTES)
    except FileNotFoundError:
        raise RosterError(f"roster {path}: no such file") from None
    except (NotRegularFile, FileTooLarge):
        raise RosterError(
            f"roster {path}: not a roster (a text file, one student a line)"
        ) from None
    except OSError as exc:
        raise RosterError(f"roster {path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RosterError(f"roster {path}: not UTF-8 text; save it as UTF-8") from None
    try:
        return parse_roster(text, csv_file=path.suffix.lower() == ".csv")
    except csv.Error as exc:
        raise RosterError(f"roster {path}: not CSV the report can read ({exc})") from None
