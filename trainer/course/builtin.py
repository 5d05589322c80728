"""Where the built-in course lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def builtin_course_dir() -> Path:
    """The folder of the course that ships with the program."""
    packaged = _PACKAGE / "_course"
    if packaged.is_dir():
        return packaged
    # An editable install or a plain checkout: the course is beside the package.
    return _PACKAGE.parent
