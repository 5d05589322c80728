"""What every importer gives and every exporter takes: plain data, checked later."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class BankError(ValueError):
    """A question bank that cannot be read at all; ``line``/``column`` are 1-based.

    For CSV, ``line`` is the row number (the header is row 1) and ``column`` is None.
    """

    def __init__(self, message: str, line: int, column: int | None = None) -> None:
        where = f"{line}:{column}" if column is not None else f"row {line}"
        super().__init__(f"{where}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Imported:
    """One question as read: ``data`` is a ``[[questions]]`` table of a quiz file.

    ``data`` holds exactly the keys the quiz format takes (``id``, ``type``, ``prompt``,
    ``explanation`` and the type's own keys); the course's models check it afterwards.
    ``line`` is where the question starts in the file (a CSV row number for CSV).
    ``category`` is the GIFT ``$CATEGORY`` it was under, if any.
    """

    line: int
    data: dict[str, Any]
    category: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A question left out, where it was and why (said to the instructor, never silent)."""

    line: int
    reason: str
    row: bool = False
    """True when ``line`` is a CSV row number."""

    def where(self, name: str) -> str:
        """``name:line`` or ``name: row N``."""
        return f"{name}: row {self.line}" if self.row else f"{name}:{self.line}"


@dataclass
class Bank:
    """A question bank as read: the questions, what was left out, and what was changed.

    ``notices`` name features kept in another form (e.g. true/false feedback moved into
    the explanation, partial weights that do not map exactly), each with its line.
    """

    questions: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Skipped] = field(default_factory=list)
    rows: bool = False
    """True when the questions' ``line`` numbers are CSV rows."""
