"""The state of one run through a quiz: question order, shuffled choices, answers, score.

Pure Python (no UI, no storage): screens drive an :class:`Attempt` and hand what it
returns to the progress store.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from trainer.course.models import QuestionBase, Quiz
from trainer.quiz.grading import Answer, Grade
from trainer.quiz.kinds import grade, kind_of


@dataclass(frozen=True)
class Presented:
    """One question as this attempt shows it."""

    question: QuestionBase
    choices: tuple[str, ...] = ()
    """Choices (single/multiple/true_false), matching's right-hand items, or ordering's
    items, in the order shown."""


@dataclass(frozen=True)
class Response:
    """An answer given during the attempt, with its grade."""

    question_id: str
    answer: Answer
    grade: Grade
    seconds: float


def present(question: QuestionBase, rng: random.Random) -> Presented:
    """Lay out ``question`` for display, shuffling what its type shuffles."""
    return Presented(question, kind_of(question).layout(question, rng))


def question_fingerprint(question: QuestionBase) -> str:
    """A short hash of what a student answers: changes when the question does.

    The explanation, per-choice feedback and lesson link are left out: fixing a typo in
    an explanation does not change the question a student already answered.
    """
    shown = question.model_dump(mode="json", exclude={"explanation", "feedback", "lesson"})
    return f"{zlib.crc32(json.dumps(shown, sort_keys=True).encode()):08x}"


def _layout_rng(quiz: Quiz, question: QuestionBase, seed: int | None) -> random.Random:
    """The shuffle of one question's choices: from the attempt's seed and the question's
    id alone, so a resumed attempt lays every question out as it was, even if other
    questions were added or removed since."""
    if quiz.shuffle:
        return random.Random(f"{seed}/{question.id}")
    # Without shuffling, a fixed mix per question (the right answer is not always first).
    return random.Random(zlib.crc32(question.id.encode()))


@dataclass
class Attempt:
    """One run through a quiz (or through a chosen subset of its questions)."""

    quiz: Quiz
    items: list[Presented]
    responses: dict[str, Response] = field(default_factory=dict)
    partial: bool = False
    """True when it asks only some of the quiz's questions (a retake): its score is
    practice, not the quiz's score, so it is neither passed nor failed."""
    drafts: dict[str, Answer] = field(default_factory=dict)
    """An exam's answers as given so far, by question id: graded only at hand-in."""
    flagged: set[str] = field(default_factory=set)
    """Questions flagged to come back to (exams)."""
    draft_seconds: dict[str, float] = field(default_factory=dict)
    """Time spent on each exam question so far (the answer's time at hand-in)."""

    @classmethod
    def start(
        cls, quiz: Quiz, *, question_ids: list[str] | None = None, seed: int | None = None
    ) -> Attempt:
        """Begin an attempt; ``question_ids`` limits it (e.g. to the questions missed).

        Without ``quiz.shuffle`` the questions keep their written order and choices get a
        fixed mix per question (so the right answer is not always first).
        """
        wanted = set(question_ids) if question_ids is not None else None
        questions = [q for q in quiz.questions if wanted is None or q.id in wanted]
        partial = len(questions) < len(quiz.questions)
        if quiz.shuffle:
            random.Random(seed).shuffle(questions)
        return cls.laid_out(quiz, questions, seed=seed, partial=partial)

    @classmethod
    def laid_out(
        cls, quiz: Quiz, questions: Sequence[QuestionBase], *, seed: int | None, partial: bool
    ) -> Attempt:
        """An attempt asking ``questions`` in this order, choices shuffled by ``seed``.

        What a resumed attempt is rebuilt with: the saved order and the saved seed.
        """
        items = [present(q, _layout_rng(quiz, q, seed)) for q in questions]
        return cls(quiz=quiz, items=items, partial=partial)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return len(self.responses)

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    def next_index(self) -> int | None:
        """Index of the first unanswered question, or None when all are answered."""
        for index, item in enumerate(self.items):
            if item.question.id not in self.responses:
                return index
        return None

    def answer(self, question_id: str, answer: Answer, seconds: float = 0.0) -> Response:
        """Grade and keep an answer. Answering the same question again replaces it."""
        item = next((i for i in self.items if i.question.id == question_id), None)
        if item is None:
            raise KeyError(f"question {question_id!r} is not part of this attempt")
        response = Response(question_id, answer, grade(item.question, answer), max(seconds, 0.0))
        self.responses[question_id] = response
        return response

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self.responses.values() if r.grade.correct)

    @property
    def score(self) -> float:
        """Percent of the attempt's questions answered right (unanswered count as wrong)."""
        return 100.0 * self.correct_count / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= self.quiz.pass_mark

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.responses.values())

    def missed_ids(self) -> list[str]:
        """Questions answered wrong or not at all, in the attempt's order."""
        return [
            item.question.id
            for item in self.items
            if not (r := self.responses.get(item.question.id)) or not r.grade.correct
        ]
