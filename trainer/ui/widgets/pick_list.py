"""Option lists whose Enter key says what it does in the footer.

Textual's ``OptionList`` binds Enter without showing it, and a screen's own Enter binding
is hidden behind the focused list's, so a student never saw how to open a lesson (the
footer listed every key but that one). These lists show Enter with a verb.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

_MOVES: list[BindingType] = [
    Binding("down", "cursor_down", "Down", show=False, id="list.down"),
    Binding("end", "last", "Last", show=False, id="list.last"),
    Binding("home", "first", "First", show=False, id="list.first"),
    Binding("pagedown", "page_down", "Page Down", show=False, id="list.page-down"),
    Binding("pageup", "page_up", "Page Up", show=False, id="list.page-up"),
    Binding("up", "cursor_up", "Up", show=False, id="list.up"),
]


class PickList(OptionList, inherit_bindings=False):
    """An option list whose Enter shows in the footer as ``ENTER`` (verb, binding id)."""

    ENTER: ClassVar[tuple[str, str]] = ("Select", "select")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Before Textual merges the class's bindings (in its own __init_subclass__).
        verb, binding_id = cls.ENTER
        cls.BINDINGS = [Binding("enter", "select", verb, id=binding_id), *_MOVES]
        super().__init_subclass__(**kwargs)


class LessonList(PickList, inherit_bindings=False):
    """The home screen's lessons: Enter opens the highlighted one."""

    ENTER = ("Open", "open")


class OutlineList(PickList, inherit_bindings=False):
    """A lesson's outline: Enter goes to the highlighted section."""

    ENTER = ("Go to section", "go-to-section")


class MissedList(PickList, inherit_bindings=False):
    """The Progress screen's most missed questions: Enter opens the question's lesson."""

    ENTER = ("Open its lesson", "open-lesson")


class BreakdownList(PickList, inherit_bindings=False):
    """An exam's score by lesson: Enter opens the highlighted lesson."""

    ENTER = ("Open lesson", "open-lesson")


class ReadList(PickList, inherit_bindings=False):
    """Results' sections to read again: Enter shows the highlighted one."""

    ENTER = ("Read it", "read-section")
