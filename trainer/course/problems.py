"""Problems found in an instructor's files, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.text import clean_text, printable_path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a course file, with where it is."""

    path: Path
    line: int
    col: int
    message: str
    warning: bool = False
    """A warning (left-over template text, a skipped file) does not stop the file loading;
    ``validate`` exits 0 on warnings alone unless ``--strict``."""

    @property
    def severity(self) -> str:
        """``"warning"`` or ``"error"``."""
        return "warning" if self.warning else "error"

    def __str__(self) -> str:
        # File names come from the instructor too: no escape sequences via the path, and
        # a name that is not valid UTF-8 is shown with escapes any terminal can print.
        label = "warning: " if self.warning else ""
        where = f"{printable_path(self.path)}:{self.line}:{self.col}"
        return clean_text(f"{where}: {label}{self.message}")


class CourseError(Exception):
    """Raised by the single-file loaders when a file has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
