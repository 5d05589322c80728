"""What kind of attempt an attempt was: a full quiz, a retake of some questions, or a review.

Only a full attempt says how well a student does on a quiz: its score sets the quiz's
pass, best, last and average. A retake (the questions missed last time) and a review (due
questions of many quizzes) are practice: their answers update each question's schedule
and level, never the quiz's score.

Since history version 3 each ``[[attempts]]`` entry names its kind. Older entries do not,
and their kind is worked out in history order by ``KindGuesser``.
"""

from __future__ import annotations

from typing import Literal

from trainer.progress.keys import REVIEW_QUIZ_ID

AttemptKind = Literal["full", "retake", "review"]
KINDS: tuple[AttemptKind, ...] = ("full", "retake", "review")


class KindGuesser:
    """Kinds of attempts read in history order, for entries written before kinds were saved.

    The rule: an attempt of the review quiz is a review; an attempt whose questions are
    a strict subset of the last full attempt's at the same quiz is a retake (a retake is
    always of questions of an earlier attempt); anything else is full. Attempts that name
    their kind are taken at their word, and a full one is remembered for the next guess.
    """

    def __init__(self) -> None:
        self._full: dict[str, frozenset[str]] = {}

    def kind(self, quiz: str, questions: list[str], given: AttemptKind | None) -> AttemptKind:
        """The kind of an attempt at ``quiz`` asking ``questions`` (``given`` if it is known)."""
        asked = frozenset(questions)
        if given is not None:
            kind = given
        elif quiz == REVIEW_QUIZ_ID:
            kind = "review"
        elif quiz in self._full and asked < self._full[quiz]:
            kind = "retake"
        else:
            kind = "full"
        if kind == "full":
            self._full[quiz] = asked
        return kind
