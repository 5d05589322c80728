"""Option lists whose Enter key says what it does in the footer.

Textual's ``OptionList`` binds Enter without showing it, and a screen's own Enter binding
is hidden behind the focused list's, so a student never saw how to open a lesson (the
footer listed every key but that one). These lists show Enter with a verb.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

_MOVES: list[BindingType] = [
    Binding("down", "cursor_down", "Down", show=False),
    Binding("end", "last", "Last", show=False),
    Binding("home", "first", "First", show=False),
    Binding("pagedown", "page_down", "Page Down", show=False),
    Binding("pageup", "page_up", "Page Up", show=False),
    Binding("up", "cursor_up", "Up", show=False),
]


class LessonList(OptionList, inherit_bindings=False):
    """The home screen's lessons: Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="open"),
        *_MOVES,
    ]


class OutlineList(OptionList, inherit_bindings=False):
    """A lesson's outline: Enter goes to the highlighted section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to section", id="go-to-section"),
        *_MOVES,
    ]


class MissedList(OptionList, inherit_bindings=False):
    """The Progress screen's most missed questions: Enter opens the question's lesson."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open its lesson", id="open-lesson"),
        *_MOVES,
    ]


class BreakdownList(OptionList, inherit_bindings=False):
    """An exam's score by lesson: Enter opens the highlighted lesson."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open lesson", id="open-lesson"),
        *_MOVES,
    ]


class ReadList(OptionList, inherit_bindings=False):
    """Results' sections to read again: Enter shows the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Read it", id="read-section"),
        *_MOVES,
    ]
