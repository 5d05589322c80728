"""The widget each question type is answered with, and how its answer is read back.

The UI half of a question type's home (the rules are in ``trainer.quiz.kinds``): a new
type needs an entry here too, and a test fails while it lacks one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

from trainer.course.models import Matching, QuestionBase, ShortAnswer
from trainer.quiz.attempt import Presented
from trainer.quiz.grading import Answer
from trainer.quiz.kinds import describe_answer, kind_of
from trainer.ui.inline_text import inline_markdown
from trainer.ui.literal import literal
from trainer.ui.widgets.answer_input import AnswerInput
from trainer.ui.widgets.answer_list import AnswerList
from trainer.ui.widgets.arrange_list import ArrangeList
from trainer.ui.widgets.choice_list import ChoiceList


@dataclass(frozen=True)
class AnswerWidgetKind:
    """How one question type is answered on screen."""

    make: Callable[[Presented, str], Widget]
    """The widget for a presented question, with this widget id."""
    read: Callable[[Widget, Presented], Answer | None]
    """The answer the widget holds, or None when none is given yet."""
    hint: str
    """What to tell a student who submits before answering."""
    show: Callable[[Widget, Answer], None]
    """Put an answer given earlier back into the widget (an exam's answer, revisited)."""


def _choices(multiple: bool) -> Callable[[Presented, str], Widget]:
    return lambda item, widget_id: ChoiceList(list(item.choices), multiple=multiple, id=widget_id)


def _text_field(item: Presented, widget_id: str) -> Widget:
    return AnswerInput(placeholder="Type your answer", id=widget_id)


def _arrangement(item: Presented, widget_id: str) -> Widget:
    question = item.question
    anchors = [pair[0] for pair in question.pairs] if isinstance(question, Matching) else None
    return ArrangeList(list(item.choices), anchors=anchors, id=widget_id)


def _values(widget: Widget) -> list[str]:
    return widget.values() if isinstance(widget, AnswerList) else []


def _first(widget: Widget, item: Presented) -> Answer | None:
    values = _values(widget)
    return values[0] if values else None


def _all(widget: Widget, item: Presented) -> Answer | None:
    return _values(widget) or None


def _true_or_false(widget: Widget, item: Presented) -> Answer | None:
    values = _values(widget)
    return values[0] == "True" if values else None


def _typed(widget: Widget, item: Presented) -> Answer | None:
    value = widget.value if isinstance(widget, AnswerInput) else ""
    return value if value.strip() else None


def _pairs(widget: Widget, item: Presented) -> Answer | None:
    anchors = widget.anchors if isinstance(widget, ArrangeList) else None
    return [[left, right] for left, right in zip(anchors or [], _values(widget), strict=True)]


def _order(widget: Widget, item: Presented) -> Answer | None:
    return _values(widget)


def _show_choices(widget: Widget, answer: Answer) -> None:
    if not isinstance(widget, ChoiceList):
        return
    given = answer if isinstance(answer, list) else [answer]
    wanted = {"True" if a is True else "False" if a is False else str(a) for a in given}
    widget.marked = {i for i, choice in enumerate(widget.choices) if choice in wanted}
    widget.refresh_marks()


def _show_text(widget: Widget, answer: Answer) -> None:
    if isinstance(widget, AnswerInput) and isinstance(answer, str):
        widget.value = answer


def _show_order(widget: Widget, answer: Answer) -> None:
    if isinstance(widget, ArrangeList) and isinstance(answer, list):
        given = [str(a) for a in answer]
        if sorted(given) == sorted(widget.items):  # the same items, as the file now has
            widget.arrange(given)


def _show_pairs(widget: Widget, answer: Answer) -> None:
    if not (isinstance(widget, ArrangeList) and widget.anchors and isinstance(answer, list)):
        return
    matched = {str(p[0]): str(p[1]) for p in answer if isinstance(p, list) and len(p) == 2}
    given = [matched.get(anchor, "") for anchor in widget.anchors]
    if sorted(given) == sorted(widget.items):
        widget.arrange(given)


_MARK = "Mark an answer first (1-9, Space or click)."

ANSWER_WIDGETS: dict[str, AnswerWidgetKind] = {
    "single": AnswerWidgetKind(_choices(multiple=False), _first, _MARK, _show_choices),
    "multiple": AnswerWidgetKind(_choices(multiple=True), _all, _MARK, _show_choices),
    "true_false": AnswerWidgetKind(_choices(multiple=False), _true_or_false, _MARK, _show_choices),
    "short": AnswerWidgetKind(_text_field, _typed, "Type an answer first.", _show_text),
    "matching": AnswerWidgetKind(_arrangement, _pairs, "Arrange the pairs first.", _show_pairs),
    "ordering": AnswerWidgetKind(_arrangement, _order, "Arrange the items first.", _show_order),
}


def answer_widget_kind(item: Presented) -> AnswerWidgetKind:
    """How ``item``'s question is answered on screen."""
    return ANSWER_WIDGETS[kind_of(item.question).name]


def lock_answer(widget: Widget) -> None:
    """Freeze an answer widget once its answer is given."""
    if isinstance(widget, AnswerList):
        widget.lock_answer()
    else:
        widget.disabled = True


def answer_words(answer: Answer, question: QuestionBase) -> Content:
    """A student's answer in words: typed text as typed, chosen text as the course shows it.

    Choices and items are the instructor's, so their inline Markdown is drawn; a typed
    answer is the student's own and is shown literally.
    """
    words = describe_answer(answer, question)
    return literal(words) if isinstance(question, ShortAnswer) else inline_markdown(words)
